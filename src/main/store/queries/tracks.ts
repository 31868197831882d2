// Queries for `tracks`. The store writes them through ProjectStore.writeTimeline, never piecemeal.
import type { Track } from '../../../shared/model/schemas';
import type { SqliteDatabase } from '../sqliteConnection';

interface TrackRow {
  id: string;
  kind: Track['kind'];
  name: string;
  sort_order: number;
  muted: number;
  solo: number;
  locked: number;
  hidden: number;
}

function rowToTrack(row: TrackRow): Track {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    order: row.sort_order,
    muted: row.muted === 1,
    solo: row.solo === 1,
    locked: row.locked === 1,
    hidden: row.hidden === 1,
  };
}

function trackToRow(track: Track): TrackRow {
  return {
    id: track.id,
    kind: track.kind,
    name: track.name,
    sort_order: track.order,
    muted: track.muted ? 1 : 0,
    solo: track.solo ? 1 : 0,
    locked: track.locked ? 1 : 0,
    hidden: track.hidden ? 1 : 0,
  };
}

export class TrackQueries {
  private readonly selectAll;
  private readonly insertStatement;
  private readonly updateStatement;
  private readonly deleteStatement;

  constructor(db: SqliteDatabase) {
    this.selectAll = db.prepare<[], TrackRow>(
      'SELECT id, kind, name, sort_order, muted, solo, locked, hidden FROM tracks ORDER BY sort_order, rowid',
    );
    this.insertStatement = db.prepare<[TrackRow]>(
      `INSERT INTO tracks (id, kind, name, sort_order, muted, solo, locked, hidden)
       VALUES (@id, @kind, @name, @sort_order, @muted, @solo, @locked, @hidden)`,
    );
    this.updateStatement = db.prepare<[TrackRow]>(
      `UPDATE tracks SET kind = @kind, name = @name, sort_order = @sort_order, muted = @muted, solo = @solo,
       locked = @locked, hidden = @hidden WHERE id = @id`,
    );
    this.deleteStatement = db.prepare<[string]>('DELETE FROM tracks WHERE id = ?');
  }

  list(): Track[] {
    return this.selectAll.all().map(rowToTrack);
  }

  insert(track: Track): void {
    this.insertStatement.run(trackToRow(track));
  }

  update(track: Track): number {
    return this.updateStatement.run(trackToRow(track)).changes;
  }

  remove(id: string): number {
    return this.deleteStatement.run(id).changes;
  }
}
