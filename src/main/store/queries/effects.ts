// Queries for `effects`: processing steps attached to a clip, applied in sort order.
import type { SqliteDatabase } from '../sqliteConnection';
import { notFound, withConstraintsAsInvalidArgument } from './queryErrors';

export interface EffectRecord {
  id: string;
  clipId: string;
  /** What the effect does, e.g. "faceSwap", "lipSync", "voiceMatch". */
  kind: string;
  params: unknown;
  order: number;
  enabled: boolean;
}

interface EffectRow {
  id: string;
  clip_id: string;
  kind: string;
  params_json: string;
  sort_order: number;
  enabled: number;
}

function rowToEffect(row: EffectRow): EffectRecord {
  return {
    id: row.id,
    clipId: row.clip_id,
    kind: row.kind,
    params: JSON.parse(row.params_json) as unknown,
    order: row.sort_order,
    enabled: row.enabled === 1,
  };
}

function effectToRow(effect: EffectRecord): EffectRow {
  return {
    id: effect.id,
    clip_id: effect.clipId,
    kind: effect.kind,
    params_json: JSON.stringify(effect.params ?? {}),
    sort_order: effect.order,
    enabled: effect.enabled ? 1 : 0,
  };
}

const EFFECT_COLUMNS = 'id, clip_id, kind, params_json, sort_order, enabled';

export class EffectQueries {
  private readonly insertStatement;
  private readonly selectById;
  private readonly selectByClip;
  private readonly selectAll;
  private readonly updateStatement;
  private readonly deleteStatement;

  constructor(db: SqliteDatabase) {
    this.insertStatement = db.prepare<[EffectRow]>(
      `INSERT INTO effects (${EFFECT_COLUMNS}) VALUES (@id, @clip_id, @kind, @params_json, @sort_order, @enabled)`,
    );
    this.selectById = db.prepare<[string], EffectRow>(`SELECT ${EFFECT_COLUMNS} FROM effects WHERE id = ?`);
    this.selectByClip = db.prepare<[string], EffectRow>(
      `SELECT ${EFFECT_COLUMNS} FROM effects WHERE clip_id = ? ORDER BY sort_order, rowid`,
    );
    this.selectAll = db.prepare<[], EffectRow>(
      `SELECT ${EFFECT_COLUMNS} FROM effects ORDER BY clip_id, sort_order, rowid`,
    );
    this.updateStatement = db.prepare<[EffectRow]>(
      `UPDATE effects SET kind = @kind, params_json = @params_json, sort_order = @sort_order, enabled = @enabled
       WHERE id = @id`,
    );
    this.deleteStatement = db.prepare<[string]>('DELETE FROM effects WHERE id = ?');
  }

  insert(effect: EffectRecord): void {
    withConstraintsAsInvalidArgument(`Effect ${effect.id} cannot be stored`, () =>
      this.insertStatement.run(effectToRow(effect)),
    );
  }

  get(id: string): EffectRecord | undefined {
    const row = this.selectById.get(id);
    return row ? rowToEffect(row) : undefined;
  }

  listForClip(clipId: string): EffectRecord[] {
    return this.selectByClip.all(clipId).map(rowToEffect);
  }

  /** Every effect of the project, grouped by clip in stack order. */
  list(): EffectRecord[] {
    return this.selectAll.all().map(rowToEffect);
  }

  /** Changes kind, params, order or enabled; the clip an effect belongs to never changes. */
  update(id: string, changes: Partial<Omit<EffectRecord, 'id' | 'clipId'>>): EffectRecord {
    const current = this.get(id);
    if (!current) throw notFound('effect', id);
    const next = { ...current, ...changes, id, clipId: current.clipId };
    withConstraintsAsInvalidArgument(`Effect ${id} cannot be updated`, () =>
      this.updateStatement.run(effectToRow(next)),
    );
    return next;
  }

  remove(id: string): void {
    if (this.deleteStatement.run(id).changes === 0) throw notFound('effect', id);
  }
}
