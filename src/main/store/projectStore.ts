// One project = one SQLite file (`*.doppel`, DESIGN.md §2): WAL, foreign keys, STRICT tables,
// numbered migrations. Opening refuses anything that is not a current-or-older project of ours,
// and leaves such files byte-for-byte untouched.
import { randomUUID } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, rmSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { z } from 'zod';
import type { Disposable } from '../../shared/disposable';
import { StudioError } from '../../shared/errors';
import { timelineSchema, type ProjectSummary, type Timeline, type Track } from '../../shared/model/schemas';
import { DEFAULT_PROJECT_FPS, type Rational } from '../../shared/time';
import type { EditState } from '../../shared/timeline/editState';
import type { TimelineMarks } from '../../shared/timeline/timelineMarks';
import { migrateDatabase } from './migrations/migrationRunner';
import { DOPPEL_APPLICATION_ID } from './migrations/migration001CoreTables';
import { LATEST_SCHEMA_VERSION, projectMigrations } from './migrations/projectMigrations';
import {
  assertFolderWritableForNewProject,
  assertHeaderIsOpenableProject,
  assertProjectFileWritable,
  damagedError,
  notOursError,
  projectCacheDirFor,
  readOnlyError,
  readSqliteFileHeader,
  tooNewError,
} from './projectFileChecks';
import { AssetQueries } from './queries/assets';
import { ClipQueries } from './queries/clips';
import { ConsentQueries } from './queries/consents';
import { EditHistoryQueries } from './queries/editHistory';
import { EffectQueries } from './queries/effects';
import { recordToClipEffect, syncEffects } from './effectsSync';
import { IdentityQueries } from './queries/identities';
import { MetaQueries } from './queries/meta';
import { RenderQueries } from './queries/renders';
import { TrackQueries } from './queries/tracks';
import {
  applyProjectConnectionSettings,
  openSqliteDatabase,
  readApplicationId,
  readUserVersion,
  sqliteErrorCode,
  type SqliteDatabase,
} from './sqliteConnection';
import { diffTimelines, isEmptyTimelineDiff } from './timelineDiff';

export { projectCacheDirFor } from './projectFileChecks';

export const CURRENT_SCHEMA_VERSION: number = LATEST_SCHEMA_VERSION;

export interface CreateProjectOptions {
  /** Defaults to the file name without its extension. */
  name?: string;
  /** Defaults to 25/1. */
  fps?: Rational;
  /** Default 1920 x 1080. */
  width?: number;
  height?: number;
  /** Recorded in meta.app_version; the composition root passes the studio's version. */
  appVersion?: string;
}

const createOptionsSchema = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  fps: z.object({ num: z.number().int().positive(), den: z.number().int().positive() }).optional(),
  width: z.number().int().positive().max(16384).optional(),
  height: z.number().int().positive().max(16384).optional(),
  appVersion: z.string().optional(),
});

export interface ConnectionSettings {
  journalMode: string;
  foreignKeys: boolean;
  synchronous: number;
}

function errnoCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** Maps what SQLite or the file system threw while opening to an error that names the file. */
function translateOpenError(path: string, error: unknown): unknown {
  if (error instanceof StudioError) return error;
  const code = sqliteErrorCode(error) ?? errnoCode(error) ?? '';
  const message = (error as Error | undefined)?.message ?? String(error);
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT'))
    return damagedError(path, message, error);
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN')) {
    return readOnlyError(path, message, error);
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return readOnlyError(path, message, error);
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
    return new StudioError('DISK_FULL', `${path} cannot be written: the disk is full.`, { cause: error });
  }
  if (code === 'SQLITE_BUSY') {
    return new StudioError('INTERNAL', `${path} is locked by another program: ${message}`, { cause: error });
  }
  return error;
}

/** The checks only SQLite can make: the WAL may hold a newer header than the main file. */
function verifyOpenedProject(db: SqliteDatabase, path: string): void {
  if (readApplicationId(db) !== DOPPEL_APPLICATION_ID) throw notOursError(path);
  const version = readUserVersion(db);
  if (version > CURRENT_SCHEMA_VERSION) throw tooNewError(path, version, CURRENT_SCHEMA_VERSION);
  if (version < 1) throw damagedError(path, 'it has no project schema');
  const integrity = String(db.pragma('quick_check(1)', { simple: true }));
  if (integrity !== 'ok') throw damagedError(path, `SQLite's integrity check failed (${integrity})`);
  const metaTable = db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'meta'").get();
  if (!metaTable) throw damagedError(path, 'its settings table is missing');
  const missingKeys = new MetaQueries(db).missingRequiredKeys();
  if (missingKeys.length > 0) throw damagedError(path, `its settings are missing ${missingKeys.join(', ')}`);
}

function removeProjectFiles(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(`${path}${suffix}`, { force: true });
}

export class ProjectStore implements Disposable {
  readonly path: string;
  readonly cacheDir: string;
  readonly schemaVersion: number;
  readonly assets: AssetQueries;
  readonly effects: EffectQueries;
  readonly identities: IdentityQueries;
  readonly consents: ConsentQueries;
  readonly renders: RenderQueries;
  /** Undo/redo of timeline edits (recorded by the timeline service in the edit's transaction). */
  readonly history: EditHistoryQueries;
  private readonly meta: MetaQueries;
  private readonly tracks: TrackQueries;
  private readonly clips: ClipQueries;
  private closed = false;

  private constructor(
    path: string,
    private readonly db: SqliteDatabase,
  ) {
    this.path = path;
    this.cacheDir = projectCacheDirFor(path);
    this.schemaVersion = readUserVersion(db);
    this.meta = new MetaQueries(db);
    this.assets = new AssetQueries(db);
    this.tracks = new TrackQueries(db);
    this.clips = new ClipQueries(db);
    this.effects = new EffectQueries(db);
    this.identities = new IdentityQueries(db);
    this.consents = new ConsentQueries(db);
    this.renders = new RenderQueries(db);
    this.history = new EditHistoryQueries(db, {
      read: () => this.meta.readHistoryCursor(),
      write: (id) => this.meta.writeHistoryCursor(id),
    });
  }

  static create(projectPath: string, options: CreateProjectOptions = {}): ProjectStore {
    const path = resolve(projectPath);
    const parsedOptions = createOptionsSchema.safeParse(options);
    if (!parsedOptions.success) {
      throw new StudioError(
        'INVALID_ARGUMENT',
        `Cannot create ${path}: ${z.prettifyError(parsedOptions.error).replace(/\n/g, ' ')}`,
      );
    }
    if (existsSync(path)) throw new StudioError('PROJECT_EXISTS', `${path} already exists.`);
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (error) {
      throw translateOpenError(path, error);
    }
    assertFolderWritableForNewProject(path);
    // 'wx' claims the name atomically: two creates racing for one path cannot both win.
    try {
      closeSync(openSync(path, 'wx'));
    } catch (error) {
      if (errnoCode(error) === 'EEXIST') throw new StudioError('PROJECT_EXISTS', `${path} already exists.`);
      throw translateOpenError(path, error);
    }

    let db: SqliteDatabase | undefined;
    try {
      db = openSqliteDatabase(path, { fileMustExist: true });
      const connection = db;
      const fileName = basename(path, extname(path));
      // Still in rollback-journal mode here: the commit writes the schema and application_id into
      // the main file itself, so open()'s header check recognises the file even if we crash later.
      connection
        .transaction(() => {
          migrateDatabase(connection, projectMigrations);
          new MetaQueries(connection).writeSettings({
            name: parsedOptions.data.name ?? (fileName || 'Untitled'),
            createdAt: new Date().toISOString(),
            fps: parsedOptions.data.fps ?? DEFAULT_PROJECT_FPS,
            width: parsedOptions.data.width ?? 1920,
            height: parsedOptions.data.height ?? 1080,
            appVersion: parsedOptions.data.appVersion ?? 'unknown',
          });
          const tracks = new TrackQueries(connection);
          tracks.insert(defaultTrack(randomUUID(), 'video', 'V1', 0));
          tracks.insert(defaultTrack(randomUUID(), 'audio', 'A1', 1));
        })
        .immediate();
      applyProjectConnectionSettings(connection);
      return new ProjectStore(path, connection);
    } catch (error) {
      db?.close();
      removeProjectFiles(path);
      throw translateOpenError(path, error);
    }
  }

  static open(projectPath: string): ProjectStore {
    const path = resolve(projectPath);
    // fs-only checks first: nothing below may run on a file we are going to refuse.
    assertHeaderIsOpenableProject(path, readSqliteFileHeader(path), CURRENT_SCHEMA_VERSION);
    assertProjectFileWritable(path);

    let db: SqliteDatabase | undefined;
    try {
      db = openSqliteDatabase(path, { fileMustExist: true });
      verifyOpenedProject(db, path);
      const versionOnDisk = readUserVersion(db);
      if (versionOnDisk < CURRENT_SCHEMA_VERSION) {
        try {
          migrateDatabase(db, projectMigrations);
        } catch (error) {
          throw new StudioError(
            'PROJECT_CORRUPT',
            `${path} could not be upgraded from schema ${versionOnDisk} to ${CURRENT_SCHEMA_VERSION} (${(error as Error).message}). The file was not changed.`,
            { cause: error },
          );
        }
      }
      applyProjectConnectionSettings(db);
      // Fold the upgrade into the main file now, so its header shows the new schema right away.
      if (versionOnDisk < CURRENT_SCHEMA_VERSION) db.pragma('wal_checkpoint(TRUNCATE)');
      const store = new ProjectStore(path, db);
      store.renders.markInterruptedAsFailed();
      return store;
    } catch (error) {
      db?.close();
      throw translateOpenError(path, error);
    }
  }

  getSummary(): ProjectSummary {
    const settings = this.meta.readSettings();
    const counts = this.assets.counts();
    return {
      path: this.path,
      name: settings.name,
      schemaVersion: this.schemaVersion,
      createdAt: settings.createdAt,
      fps: settings.fps,
      width: settings.width,
      height: settings.height,
      assetCount: counts.total,
      missingAssetCount: counts.missing,
    };
  }

  getTimeline(): Timeline {
    return { fps: this.meta.readSettings().fps, tracks: this.tracks.list(), clips: this.clips.list() };
  }

  /**
   * Makes the stored timeline equal `next`: diffs it against what is stored and writes only the
   * inserted, updated and deleted tracks and clips, all in one transaction.
   */
  writeTimeline(next: Timeline): void {
    const parsed = timelineSchema.safeParse(next);
    if (!parsed.success) {
      throw new StudioError(
        'INVALID_ARGUMENT',
        `The timeline is not valid: ${z.prettifyError(parsed.error).replace(/\n/g, ' ')}`,
      );
    }
    const timeline = parsed.data;
    assertTimelineIsConsistent(timeline);
    this.transaction(() => {
      const diff = diffTimelines(this.getTimeline(), timeline);
      if (isEmptyTimelineDiff(diff)) return;
      for (const clip of [...diff.clips.inserted, ...diff.clips.updated]) {
        if (!this.assets.get(clip.assetId)) {
          throw new StudioError(
            'INVALID_ARGUMENT',
            `Clip ${clip.id} uses asset ${clip.assetId}, which is not in the project.`,
          );
        }
      }
      if (diff.fpsChanged) this.meta.setFps(timeline.fps);
      // Order matters for the foreign keys: tracks that clips move to exist before the clips move,
      // and tracks go away only after their clips have moved or gone.
      for (const track of diff.tracks.inserted) this.tracks.insert(track);
      for (const track of diff.tracks.updated) this.tracks.update(track);
      for (const clipId of diff.clips.deletedIds) this.clips.remove(clipId);
      for (const clip of diff.clips.updated) this.clips.update(clip);
      for (const clip of diff.clips.inserted) this.clips.insert(clip);
      for (const trackId of diff.tracks.deletedIds) this.tracks.remove(trackId);
    });
  }

  /** The timeline with every clip's effects: what edit commands work on. */
  getEditState(): EditState {
    return { timeline: this.getTimeline(), effects: this.effects.list().map(recordToClipEffect) };
  }

  /**
   * Makes the stored timeline and effects equal `next` (writing only what differs), in one
   * transaction. Effects go after the clips they belong to exist; deleted clips take theirs along.
   */
  writeEditState(next: EditState): void {
    this.transaction(() => {
      this.writeTimeline(next.timeline);
      syncEffects(this.effects, next.effects);
    });
  }

  /** Markers and in/out points: saved with the project, not part of undo. */
  readTimelineMarks(): TimelineMarks {
    return this.meta.readTimelineMarks();
  }

  writeTimelineMarks(marks: TimelineMarks): void {
    this.meta.writeTimelineMarks(marks);
  }

  /** Face tracks marked as targets of face effects, per asset id (track ids of its face analysis). */
  readFaceTargets(): Record<string, number[]> {
    const stored = this.meta.get(FACE_TARGETS_KEY);
    if (stored === undefined) return {};
    const parsed = faceTargetsSchema.safeParse(JSON.parse(String(stored)));
    return parsed.success ? parsed.data : {};
  }

  writeFaceTargets(targets: Record<string, number[]>): void {
    this.meta.set(FACE_TARGETS_KEY, JSON.stringify(faceTargetsSchema.parse(targets)));
  }

  /** Runs `fn` in one SQLite transaction (a savepoint when nested). `fn` must be synchronous. */
  transaction<T>(fn: () => T): T {
    if (fn.constructor.name === 'AsyncFunction') {
      throw new StudioError(
        'INTERNAL',
        'ProjectStore.transaction needs a synchronous function: it cannot span an await.',
      );
    }
    return this.db.transaction(fn)();
  }

  /** The cache folder beside the project, created on first use. */
  ensureCacheDir(): string {
    mkdirSync(this.cacheDir, { recursive: true });
    return this.cacheDir;
  }

  /** What the connection is really running with, for diagnostics and tests. */
  connectionSettings(): ConnectionSettings {
    return {
      journalMode: String(this.db.pragma('journal_mode', { simple: true })),
      foreignKeys: Number(this.db.pragma('foreign_keys', { simple: true })) === 1,
      synchronous: Number(this.db.pragma('synchronous', { simple: true })),
    };
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      // Leaves a self-contained .doppel file (no -wal to lose when the user copies the project).
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // A reader still holds the WAL: SQLite checkpoints again when the last connection closes.
    }
    this.db.close();
  }

  dispose(): void {
    this.close();
  }
}

/** Face-effect targets as JSON in `meta` (see readFaceTargets). */
const FACE_TARGETS_KEY = 'face_targets';
const faceTargetsSchema = z.record(z.string(), z.array(z.number().int().nonnegative()));

function defaultTrack(id: string, kind: Track['kind'], name: string, order: number): Track {
  return { id, kind, name, order, muted: false, solo: false, locked: false, hidden: false };
}

function assertTimelineIsConsistent(timeline: Timeline): void {
  const trackIds = new Set<string>();
  for (const track of timeline.tracks) {
    if (trackIds.has(track.id))
      throw new StudioError('INVALID_ARGUMENT', `Track id ${track.id} appears twice.`);
    trackIds.add(track.id);
  }
  const clipIds = new Set<string>();
  for (const clip of timeline.clips) {
    if (clipIds.has(clip.id)) throw new StudioError('INVALID_ARGUMENT', `Clip id ${clip.id} appears twice.`);
    clipIds.add(clip.id);
    if (!trackIds.has(clip.trackId)) {
      throw new StudioError(
        'INVALID_ARGUMENT',
        `Clip ${clip.id} is on track ${clip.trackId}, which is not in the timeline.`,
      );
    }
  }
}
