// Queries for `clips`. The store writes them through ProjectStore.writeTimeline, never piecemeal.
import type { Clip } from '../../../shared/model/schemas';
import type { SqliteDatabase } from '../sqliteConnection';

interface ClipRow {
  id: string;
  track_id: string;
  asset_id: string;
  start_us: number;
  in_us: number;
  out_us: number;
  link_group: string | null;
}

function rowToClip(row: ClipRow): Clip {
  return {
    id: row.id,
    trackId: row.track_id,
    assetId: row.asset_id,
    startUs: row.start_us,
    inUs: row.in_us,
    outUs: row.out_us,
    linkGroup: row.link_group,
  };
}

function clipToRow(clip: Clip): ClipRow {
  return {
    id: clip.id,
    track_id: clip.trackId,
    asset_id: clip.assetId,
    start_us: clip.startUs,
    in_us: clip.inUs,
    out_us: clip.outUs,
    link_group: clip.linkGroup,
  };
}

export class ClipQueries {
  private readonly selectAll;
  private readonly insertStatement;
  private readonly updateStatement;
  private readonly deleteStatement;

  constructor(db: SqliteDatabase) {
    this.selectAll = db.prepare<[], ClipRow>(
      `SELECT clips.id, clips.track_id, clips.asset_id, clips.start_us, clips.in_us, clips.out_us, clips.link_group
       FROM clips JOIN tracks ON tracks.id = clips.track_id
       ORDER BY tracks.sort_order, tracks.rowid, clips.start_us, clips.rowid`,
    );
    this.insertStatement = db.prepare<[ClipRow]>(
      `INSERT INTO clips (id, track_id, asset_id, start_us, in_us, out_us, link_group)
       VALUES (@id, @track_id, @asset_id, @start_us, @in_us, @out_us, @link_group)`,
    );
    this.updateStatement = db.prepare<[ClipRow]>(
      `UPDATE clips SET track_id = @track_id, asset_id = @asset_id, start_us = @start_us, in_us = @in_us,
       out_us = @out_us, link_group = @link_group WHERE id = @id`,
    );
    this.deleteStatement = db.prepare<[string]>('DELETE FROM clips WHERE id = ?');
  }

  /** Clips in timeline order: by track (top first), then by start. */
  list(): Clip[] {
    return this.selectAll.all().map(rowToClip);
  }

  insert(clip: Clip): void {
    this.insertStatement.run(clipToRow(clip));
  }

  update(clip: Clip): number {
    return this.updateStatement.run(clipToRow(clip)).changes;
  }

  remove(id: string): number {
    return this.deleteStatement.run(id).changes;
  }
}
