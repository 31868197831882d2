// Installed model files in the user data folder:
//   <dataDir>/models/<packId>/<fileName>            a pack's file
//   <dataDir>/models/<packId>/user/<name>.onnx      a file the user imported under a kind (RVC voice)
//   <dataDir>/models/<packId>/<fileName>.part       a download in progress (resumed with Range)
//   <dataDir>/models/installed-models.json          the index: sha256, size, origin, install time
// A file counts as installed only once it is in the index; the index is rewritten atomically
// (temp file + rename) after the model file itself was renamed into place, so a crash leaves at
// worst an unlisted file, never a listed partial one. (<dataDir>/models/converted belongs to the
// embedded models' converter.)
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { StudioError } from '../../../shared/errors';

export const INDEX_FILE_NAME = 'installed-models.json';

const recordedTensorSchema = z.object({
  name: z.string(),
  dtype: z.string(),
  shape: z.array(z.union([z.number(), z.string()])),
});

export const installedFileRecordSchema = z.object({
  packId: z.string(),
  /** A pack file's id, or `<kind>/<name>` for a user file. */
  fileId: z.string(),
  /** What engines ask for: the pack file's model id, or `<kind>/<name>`. */
  modelId: z.string(),
  /** The user file kind, or null for a pack's own file. */
  userKind: z.string().nullable(),
  /** Display name for user files (the voice's name). */
  label: z.string(),
  /** Relative to the pack folder. */
  relativePath: z.string().regex(/^(user\/)?[A-Za-z0-9][A-Za-z0-9._-]*\.onnx$/),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
  installedAt: z.string(),
  origin: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('download'), url: z.string(), provider: z.string() }),
    z.object({ kind: z.literal('import'), path: z.string() }),
  ]),
  /**
   * sha256-verified: matched the manifest's published sha256. crc32-verified: no sha256 is
   * published, FaceFusion's CRC32 matched. unverified: nothing to compare with (or, for an import,
   * the file differs from the published hash): our own sha256 is what later loads are checked against.
   */
  integrity: z.enum(['sha256-verified', 'crc32-verified', 'unverified']),
  /** The manifest's sha256 when it differs from this file's (an imported different copy). */
  differsFromPublishedSha256: z.string().nullable(),
  /** What the model really declares (names included), read when it was installed. */
  signature: z.object({
    label: z.string(),
    inputs: z.array(recordedTensorSchema),
    outputs: z.array(recordedTensorSchema),
  }),
  licenceAcceptedAt: z.string().nullable(),
});

const indexSchema = z.object({
  schemaVersion: z.literal(1),
  files: z.array(installedFileRecordSchema),
});

export type InstalledFileRecord = z.infer<typeof installedFileRecordSchema>;
export type RecordedTensor = z.infer<typeof recordedTensorSchema>;

export class ModelStore {
  readonly root: string;
  private readonly indexPath: string;
  /** Index writes run one after the other, each on the latest contents. */
  private writes: Promise<unknown> = Promise.resolve();
  /** Why an unreadable index was set aside, if it was. */
  private indexWarning: string | undefined;

  constructor(dataDir: string) {
    this.root = join(dataDir, 'models');
    this.indexPath = join(this.root, INDEX_FILE_NAME);
  }

  packFolder(packId: string): string {
    return join(this.root, packId);
  }

  pathOf(record: Pick<InstalledFileRecord, 'packId' | 'relativePath'>): string {
    return join(this.packFolder(record.packId), record.relativePath);
  }

  partialPathOf(packId: string, fileName: string): string {
    return join(this.packFolder(packId), `${fileName}.part`);
  }

  warning(): string | undefined {
    return this.indexWarning;
  }

  async list(): Promise<InstalledFileRecord[]> {
    await this.writes.catch(() => undefined);
    return this.readIndex();
  }

  async findModel(modelId: string): Promise<InstalledFileRecord | undefined> {
    return (await this.list()).find((record) => record.modelId === modelId);
  }

  /** Listed and present with the recorded size (the full sha256 check happens when a session is made). */
  async isInstalled(modelId: string): Promise<boolean> {
    const record = await this.findModel(modelId);
    if (record === undefined) return false;
    try {
      return (await stat(this.pathOf(record))).size === record.bytes;
    } catch {
      return false;
    }
  }

  /** Adds or replaces the record of (packId, fileId). */
  async put(record: InstalledFileRecord): Promise<void> {
    await this.update((files) => [
      ...files.filter((file) => !(file.packId === record.packId && file.fileId === record.fileId)),
      record,
    ]);
  }

  /** Removes records matching `predicate` and returns them (their files are the caller's business). */
  async remove(predicate: (record: InstalledFileRecord) => boolean): Promise<InstalledFileRecord[]> {
    let removed: InstalledFileRecord[] = [];
    await this.update((files) => {
      removed = files.filter(predicate);
      return files.filter((file) => !predicate(file));
    });
    return removed;
  }

  private update(change: (files: InstalledFileRecord[]) => InstalledFileRecord[]): Promise<void> {
    const next = this.writes
      .catch(() => undefined)
      .then(async () => {
        const files = change(await this.readIndex());
        await mkdir(this.root, { recursive: true });
        const temporary = `${this.indexPath}.${process.pid}.tmp`;
        const json = JSON.stringify({ schemaVersion: 1, files }, null, 2);
        try {
          await writeFile(temporary, `${json}\n`);
          await rename(temporary, this.indexPath);
        } catch (error) {
          await rm(temporary, { force: true });
          throw fileSystemError(error, `Cannot write the model index ${this.indexPath}`);
        }
      });
    this.writes = next;
    return next;
  }

  private async readIndex(): Promise<InstalledFileRecord[]> {
    if (!existsSync(this.indexPath)) return [];
    let text: string;
    try {
      text = await readFile(this.indexPath, 'utf8');
    } catch (error) {
      throw fileSystemError(error, `Cannot read the model index ${this.indexPath}`);
    }
    let parsed: z.ZodSafeParseResult<z.infer<typeof indexSchema>> | undefined;
    try {
      parsed = indexSchema.safeParse(JSON.parse(text));
    } catch {
      parsed = undefined;
    }
    if (parsed?.success) return parsed.data.files;
    // An index we cannot read would otherwise block every install: keep it for inspection and
    // start afresh (the model files stay; importing them again lists them).
    const aside = `${this.indexPath}.unreadable-${Date.now()}`;
    await rename(this.indexPath, aside).catch(() => undefined);
    this.indexWarning = `The model index ${this.indexPath} could not be read and was moved to ${aside}; install or import the models again.`;
    return [];
  }
}

/** Turns a file system failure into the studio's codes (disk full, permissions) naming the file. */
export function fileSystemError(error: unknown, what: string): StudioError {
  if (error instanceof StudioError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const reason = (error as Error).message;
  if (code === 'ENOSPC') return new StudioError('DISK_FULL', `${what}: the disk is full.`, { cause: error });
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
    return new StudioError('PERMISSION_DENIED', `${what}: permission denied (${reason}).`, { cause: error });
  if (code === 'ENOENT')
    return new StudioError('FILE_NOT_FOUND', `${what}: the file does not exist (${reason}).`, {
      cause: error,
    });
  return new StudioError('INTERNAL', `${what}: ${reason}.`, { cause: error });
}
