// Queries for `edit_history` (migration 5): one row per applied edit, with the row snapshots that
// redo it (forward) and undo it (inverse), see src/shared/timeline/editHistory.ts. Which rows are
// currently applied is a cursor (the id of the last applied edit) kept in `meta`, written in the
// same transaction as the edit, so undo and redo survive closing the project or a crash.
import { editPatchSchema, type EditPatch, type HistoryState } from '../../../shared/timeline/editHistory';
import type { SqliteDatabase } from '../sqliteConnection';

export interface EditHistoryEntry {
  id: number;
  createdAt: string;
  label: string;
  forward: EditPatch;
  inverse: EditPatch;
}

/** Where the cursor lives: the store passes accessors to its `meta` queries. */
export interface HistoryCursorStorage {
  read(): number | undefined;
  write(id: number): void;
}

/** Old edits beyond this many are forgotten (each row holds only the rows its edit changed). */
export const MAX_HISTORY_ENTRIES = 1000;

interface HistoryRow {
  id: number;
  created_at: string;
  label: string;
  forward_json: string;
  inverse_json: string;
}

function rowToEntry(row: HistoryRow): EditHistoryEntry {
  return {
    id: row.id,
    createdAt: row.created_at,
    label: row.label,
    forward: editPatchSchema.parse(JSON.parse(row.forward_json)),
    inverse: editPatchSchema.parse(JSON.parse(row.inverse_json)),
  };
}

export class EditHistoryQueries {
  private readonly insertStatement;
  private readonly deleteAfter;
  private readonly deleteUpTo;
  private readonly selectLatestUpTo;
  private readonly selectFirstAfter;
  private readonly selectLabelUpTo;
  private readonly selectLabelAfter;
  private readonly selectMaxId;
  private readonly selectCount;
  private readonly selectNthNewest;

  constructor(
    db: SqliteDatabase,
    private readonly cursor: HistoryCursorStorage,
  ) {
    const columns = 'id, created_at, label, forward_json, inverse_json';
    this.insertStatement = db.prepare<[string, string, string, string]>(
      'INSERT INTO edit_history (created_at, label, forward_json, inverse_json) VALUES (?, ?, ?, ?)',
    );
    this.deleteAfter = db.prepare<[number]>('DELETE FROM edit_history WHERE id > ?');
    this.deleteUpTo = db.prepare<[number]>('DELETE FROM edit_history WHERE id <= ?');
    this.selectLatestUpTo = db.prepare<[number], HistoryRow>(
      `SELECT ${columns} FROM edit_history WHERE id <= ? ORDER BY id DESC LIMIT 1`,
    );
    this.selectFirstAfter = db.prepare<[number], HistoryRow>(
      `SELECT ${columns} FROM edit_history WHERE id > ? ORDER BY id LIMIT 1`,
    );
    this.selectLabelUpTo = db.prepare<[number], { id: number; label: string }>(
      'SELECT id, label FROM edit_history WHERE id <= ? ORDER BY id DESC LIMIT 1',
    );
    this.selectLabelAfter = db.prepare<[number], { id: number; label: string }>(
      'SELECT id, label FROM edit_history WHERE id > ? ORDER BY id LIMIT 1',
    );
    this.selectMaxId = db.prepare<[], { id: number | null }>('SELECT max(id) AS id FROM edit_history');
    this.selectCount = db.prepare<[], { count: number }>('SELECT count(*) AS count FROM edit_history');
    this.selectNthNewest = db.prepare<[number], { id: number }>(
      'SELECT id FROM edit_history ORDER BY id DESC LIMIT 1 OFFSET ?',
    );
  }

  /** The id of the last applied edit (0: none). A file from before the cursor existed: all applied. */
  private position(): number {
    return this.cursor.read() ?? this.selectMaxId.get()?.id ?? 0;
  }

  /** Records an applied edit. Edits that were undone can no longer be redone after a new one. */
  record(
    label: string,
    forward: EditPatch,
    inverse: EditPatch,
    createdAt = new Date().toISOString(),
  ): number {
    this.deleteAfter.run(this.position());
    const id = Number(
      this.insertStatement.run(createdAt, label, JSON.stringify(forward), JSON.stringify(inverse))
        .lastInsertRowid,
    );
    this.cursor.write(id);
    const count = this.selectCount.get()?.count ?? 0;
    if (count > MAX_HISTORY_ENTRIES) {
      const oldestKept = this.selectNthNewest.get(MAX_HISTORY_ENTRIES - 1)?.id;
      if (oldestKept !== undefined) this.deleteUpTo.run(oldestKept - 1);
    }
    return id;
  }

  /** The edit undo would take back, if any. */
  nextUndo(): EditHistoryEntry | undefined {
    const row = this.selectLatestUpTo.get(this.position());
    return row ? rowToEntry(row) : undefined;
  }

  /** The edit redo would apply again, if any. */
  nextRedo(): EditHistoryEntry | undefined {
    const row = this.selectFirstAfter.get(this.position());
    return row ? rowToEntry(row) : undefined;
  }

  /** After undoing `entry`: the applied edits are the ones before it. */
  markUndone(entry: EditHistoryEntry): void {
    this.cursor.write(this.selectLabelUpTo.get(entry.id - 1)?.id ?? 0);
  }

  markRedone(entry: EditHistoryEntry): void {
    this.cursor.write(entry.id);
  }

  state(): HistoryState {
    const position = this.position();
    const undo = this.selectLabelUpTo.get(position);
    const redo = this.selectLabelAfter.get(position);
    return {
      canUndo: undo !== undefined,
      canRedo: redo !== undefined,
      undoLabel: undo?.label ?? null,
      redoLabel: redo?.label ?? null,
    };
  }
}
