// Schema 5: undo/redo history that survives closing the project. Rows are filled by a later issue;
// INTEGER PRIMARY KEY gives the order in which edits happened.
import type { Migration } from './migrationRunner';

export const migration005EditHistory: Migration = {
  version: 5,
  name: 'edit history',
  up(db) {
    db.exec(`
      CREATE TABLE edit_history (
        id INTEGER PRIMARY KEY,
        created_at TEXT NOT NULL,
        label TEXT NOT NULL,
        forward_json TEXT NOT NULL CHECK (json_valid(forward_json)),
        inverse_json TEXT NOT NULL CHECK (json_valid(inverse_json))
      ) STRICT;
    `);
  },
};
