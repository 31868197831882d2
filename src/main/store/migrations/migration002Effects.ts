// Schema 2: per-clip effects (face swap, lip sync, voice match, ...) in a user-defined order.
import type { Migration } from './migrationRunner';

export const migration002Effects: Migration = {
  version: 2,
  name: 'effects',
  up(db) {
    db.exec(`
      CREATE TABLE effects (
        id TEXT PRIMARY KEY NOT NULL,
        clip_id TEXT NOT NULL REFERENCES clips (id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (length(kind) > 0),
        params_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(params_json)),
        sort_order INTEGER NOT NULL CHECK (sort_order >= 0),
        enabled INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1))
      ) STRICT;
      CREATE INDEX effects_by_clip ON effects (clip_id, sort_order);
    `);
  },
};
