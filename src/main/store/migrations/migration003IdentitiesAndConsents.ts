// Schema 3: the consent ledger and the face/voice identities that must point at it (DESIGN.md §5).
import type { Migration } from './migrationRunner';

export const migration003IdentitiesAndConsents: Migration = {
  version: 3,
  name: 'consents, identities, identity sources',
  up(db) {
    db.exec(`
      -- Evidence files cannot be deleted from under a consent record (RESTRICT).
      CREATE TABLE consents (
        id TEXT PRIMARY KEY NOT NULL,
        subject TEXT NOT NULL CHECK (length(subject) > 0),
        scope TEXT NOT NULL,
        granted_at TEXT NOT NULL,
        evidence_asset_id TEXT REFERENCES assets (id) ON DELETE RESTRICT,
        notes TEXT NOT NULL DEFAULT ''
      ) STRICT;
      CREATE INDEX consents_by_evidence_asset ON consents (evidence_asset_id);

      -- Deleting a consent (revocation) leaves the identity without one, so renders refuse it.
      CREATE TABLE identities (
        id TEXT PRIMARY KEY NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('face', 'voice')),
        name TEXT NOT NULL,
        created_at TEXT NOT NULL,
        consent_id TEXT REFERENCES consents (id) ON DELETE SET NULL
      ) STRICT;
      CREATE INDEX identities_by_consent ON identities (consent_id);

      CREATE TABLE identity_sources (
        id TEXT PRIMARY KEY NOT NULL,
        identity_id TEXT NOT NULL REFERENCES identities (id) ON DELETE CASCADE,
        asset_id TEXT NOT NULL REFERENCES assets (id) ON DELETE RESTRICT,
        start_us INTEGER CHECK (start_us >= 0),
        end_us INTEGER,
        face_track_ref TEXT,
        CHECK ((start_us IS NULL) = (end_us IS NULL)),
        CHECK (end_us IS NULL OR end_us > start_us)
      ) STRICT;
      CREATE INDEX identity_sources_by_identity ON identity_sources (identity_id);
      CREATE INDEX identity_sources_by_asset ON identity_sources (asset_id);
    `);
  },
};
