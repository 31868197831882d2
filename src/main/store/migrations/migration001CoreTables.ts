// Schema 1: the project's settings, its media and the timeline (tracks and clips).
import type { Migration } from './migrationRunner';

/** 'Dopp' in ASCII: marks the file as ours in the SQLite header (PRAGMA application_id). */
export const DOPPEL_APPLICATION_ID = 0x446f7070;

export const migration001CoreTables: Migration = {
  version: 1,
  name: 'core tables: meta, assets, tracks, clips',
  up(db) {
    db.pragma(`application_id = ${DOPPEL_APPLICATION_ID}`);
    db.exec(`
      CREATE TABLE meta (
        key TEXT PRIMARY KEY NOT NULL,
        value ANY NOT NULL
      ) STRICT;

      CREATE TABLE assets (
        id TEXT PRIMARY KEY NOT NULL,
        name TEXT NOT NULL,
        path TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('video', 'audio', 'image')),
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
        size_bytes INTEGER NOT NULL CHECK (size_bytes >= 0),
        duration_us INTEGER CHECK (duration_us >= 0),
        width INTEGER CHECK (width >= 0),
        height INTEGER CHECK (height >= 0),
        fps_num INTEGER CHECK (fps_num > 0),
        fps_den INTEGER CHECK (fps_den > 0),
        has_video INTEGER NOT NULL CHECK (has_video IN (0, 1)),
        has_audio INTEGER NOT NULL CHECK (has_audio IN (0, 1)),
        video_codec TEXT,
        audio_codec TEXT,
        rotation INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL CHECK (status IN ('ok', 'missing')),
        imported_at TEXT NOT NULL,
        probe_json TEXT NOT NULL DEFAULT 'null' CHECK (json_valid(probe_json)),
        thumbnail_count INTEGER NOT NULL DEFAULT 0 CHECK (thumbnail_count >= 0),
        has_peaks INTEGER NOT NULL DEFAULT 0 CHECK (has_peaks IN (0, 1)),
        CHECK ((fps_num IS NULL) = (fps_den IS NULL))
      ) STRICT;
      -- Not UNIQUE: duplicate detection is the importer's decision, the index only makes it fast.
      CREATE INDEX assets_by_sha256 ON assets (sha256);
      CREATE INDEX assets_by_path ON assets (path);

      CREATE TABLE tracks (
        id TEXT PRIMARY KEY NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('video', 'audio')),
        name TEXT NOT NULL,
        sort_order INTEGER NOT NULL CHECK (sort_order >= 0),
        muted INTEGER NOT NULL DEFAULT 0 CHECK (muted IN (0, 1)),
        solo INTEGER NOT NULL DEFAULT 0 CHECK (solo IN (0, 1)),
        locked INTEGER NOT NULL DEFAULT 0 CHECK (locked IN (0, 1)),
        hidden INTEGER NOT NULL DEFAULT 0 CHECK (hidden IN (0, 1))
      ) STRICT;

      -- A clip cannot outlive its track; an asset cannot be deleted while a clip uses it.
      CREATE TABLE clips (
        id TEXT PRIMARY KEY NOT NULL,
        track_id TEXT NOT NULL REFERENCES tracks (id) ON DELETE CASCADE,
        asset_id TEXT NOT NULL REFERENCES assets (id) ON DELETE RESTRICT,
        start_us INTEGER NOT NULL CHECK (start_us >= 0),
        in_us INTEGER NOT NULL CHECK (in_us >= 0),
        out_us INTEGER NOT NULL,
        link_group TEXT,
        CHECK (out_us > in_us)
      ) STRICT;
      CREATE INDEX clips_by_track ON clips (track_id, start_us);
      CREATE INDEX clips_by_asset ON clips (asset_id);
    `);
  },
};
