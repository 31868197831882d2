// Queries for `renders`: the render queue and its finished jobs with their provenance manifests.
import type { SqliteDatabase } from '../sqliteConnection';
import { notFound, withConstraintsAsInvalidArgument } from './queryErrors';

export type RenderStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface RenderRecord {
  id: string;
  status: RenderStatus;
  settings: unknown;
  outputPath: string;
  /** 0..1 */
  progress: number;
  error: string | null;
  manifest: unknown;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface NewRender {
  id: string;
  settings: unknown;
  outputPath: string;
  createdAt: string;
}

/** Error text of a render that was running when the studio stopped. */
export const INTERRUPTED_RENDER_ERROR = 'interrupted';

interface RenderRow {
  id: string;
  status: RenderStatus;
  settings_json: string;
  output_path: string;
  progress: number;
  error: string | null;
  manifest_json: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

function rowToRender(row: RenderRow): RenderRecord {
  return {
    id: row.id,
    status: row.status,
    settings: JSON.parse(row.settings_json) as unknown,
    outputPath: row.output_path,
    progress: row.progress,
    error: row.error,
    manifest: row.manifest_json === null ? null : (JSON.parse(row.manifest_json) as unknown),
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

function renderToRow(render: RenderRecord): RenderRow {
  return {
    id: render.id,
    status: render.status,
    settings_json: JSON.stringify(render.settings ?? {}),
    output_path: render.outputPath,
    progress: render.progress,
    error: render.error,
    manifest_json:
      render.manifest === null || render.manifest === undefined ? null : JSON.stringify(render.manifest),
    created_at: render.createdAt,
    started_at: render.startedAt,
    finished_at: render.finishedAt,
  };
}

const RENDER_COLUMNS =
  'id, status, settings_json, output_path, progress, error, manifest_json, created_at, started_at, finished_at';

export class RenderQueries {
  private readonly insertStatement;
  private readonly selectById;
  private readonly selectAll;
  private readonly updateStatement;
  private readonly failRunningStatement;
  private readonly cancelQueuedStatement;

  constructor(db: SqliteDatabase) {
    this.insertStatement = db.prepare<[RenderRow]>(
      `INSERT INTO renders (${RENDER_COLUMNS}) VALUES (@id, @status, @settings_json, @output_path, @progress, @error,
       @manifest_json, @created_at, @started_at, @finished_at)`,
    );
    this.selectById = db.prepare<[string], RenderRow>(`SELECT ${RENDER_COLUMNS} FROM renders WHERE id = ?`);
    this.selectAll = db.prepare<[], RenderRow>(
      `SELECT ${RENDER_COLUMNS} FROM renders ORDER BY created_at, rowid`,
    );
    this.updateStatement = db.prepare<[RenderRow]>(
      `UPDATE renders SET status = @status, settings_json = @settings_json, output_path = @output_path,
       progress = @progress, error = @error, manifest_json = @manifest_json, started_at = @started_at,
       finished_at = @finished_at WHERE id = @id`,
    );
    this.failRunningStatement = db.prepare<[string, string]>(
      "UPDATE renders SET status = 'failed', error = ?, finished_at = ? WHERE status = 'running'",
    );
    this.cancelQueuedStatement = db.prepare<[string, string]>(
      "UPDATE renders SET status = 'cancelled', error = ?, finished_at = ? WHERE status = 'queued'",
    );
  }

  /** Queues a render. */
  insert(render: NewRender): RenderRecord {
    const record: RenderRecord = {
      ...render,
      status: 'queued',
      progress: 0,
      error: null,
      manifest: null,
      startedAt: null,
      finishedAt: null,
    };
    withConstraintsAsInvalidArgument(`Render ${render.id} cannot be stored`, () =>
      this.insertStatement.run(renderToRow(record)),
    );
    return record;
  }

  get(id: string): RenderRecord | undefined {
    const row = this.selectById.get(id);
    return row ? rowToRender(row) : undefined;
  }

  /** Oldest first: the queue order. */
  list(): RenderRecord[] {
    return this.selectAll.all().map(rowToRender);
  }

  update(id: string, changes: Partial<Omit<RenderRecord, 'id' | 'createdAt'>>): RenderRecord {
    const current = this.get(id);
    if (!current) throw notFound('render', id);
    const next = { ...current, ...changes, id };
    withConstraintsAsInvalidArgument(`Render ${id} cannot be updated`, () =>
      this.updateStatement.run(renderToRow(next)),
    );
    return next;
  }

  /**
   * A render still marked running when the project opens was cut off by a crash or a kill: no
   * worker is producing it any more, so it becomes failed ("interrupted"). Returns how many.
   */
  markInterruptedAsFailed(now: string = new Date().toISOString()): number {
    return this.failRunningStatement.run(INTERRUPTED_RENDER_ERROR, now).changes;
  }

  /**
   * Renders still queued when a studio first sees the project were queued by a studio that is gone:
   * they will never start, so they become cancelled with `error`. Returns how many.
   */
  markQueuedAsCancelled(error: string, now: string = new Date().toISOString()): number {
    return this.cancelQueuedStatement.run(error, now).changes;
  }
}
