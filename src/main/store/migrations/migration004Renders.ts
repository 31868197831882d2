// Schema 4: the render queue and its history, with each output's provenance manifest.
import type { Migration } from './migrationRunner';

export const migration004Renders: Migration = {
  version: 4,
  name: 'renders',
  up(db) {
    db.exec(`
      CREATE TABLE renders (
        id TEXT PRIMARY KEY NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed', 'cancelled')),
        settings_json TEXT NOT NULL CHECK (json_valid(settings_json)),
        output_path TEXT NOT NULL,
        progress REAL NOT NULL DEFAULT 0 CHECK (progress >= 0 AND progress <= 1),
        error TEXT,
        manifest_json TEXT CHECK (manifest_json IS NULL OR json_valid(manifest_json)),
        created_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT
      ) STRICT;
      CREATE INDEX renders_by_status ON renders (status);
    `);
  },
};
