// Queries for `identities` (a face or a voice to use as a source) and `identity_sources` (the media
// spans it was built from).
import type { SqliteDatabase } from '../sqliteConnection';
import { notFound, withConstraintsAsInvalidArgument } from './queryErrors';

export type IdentityKind = 'face' | 'voice';

export interface IdentityRecord {
  id: string;
  kind: IdentityKind;
  name: string;
  createdAt: string;
  /** Null until consent is recorded (or after it is revoked): renders refuse such identities. */
  consentId: string | null;
}

export interface IdentitySourceRecord {
  id: string;
  identityId: string;
  assetId: string;
  /** Span of the asset used, in the asset's own time; both null means the whole asset. */
  startUs: number | null;
  endUs: number | null;
  /** Which tracked face in the span, as the face tracker names it. */
  faceTrackRef: string | null;
}

interface IdentityRow {
  id: string;
  kind: IdentityKind;
  name: string;
  created_at: string;
  consent_id: string | null;
}

interface IdentitySourceRow {
  id: string;
  identity_id: string;
  asset_id: string;
  start_us: number | null;
  end_us: number | null;
  face_track_ref: string | null;
}

function rowToIdentity(row: IdentityRow): IdentityRecord {
  return { id: row.id, kind: row.kind, name: row.name, createdAt: row.created_at, consentId: row.consent_id };
}

function identityToRow(identity: IdentityRecord): IdentityRow {
  return {
    id: identity.id,
    kind: identity.kind,
    name: identity.name,
    created_at: identity.createdAt,
    consent_id: identity.consentId,
  };
}

function rowToSource(row: IdentitySourceRow): IdentitySourceRecord {
  return {
    id: row.id,
    identityId: row.identity_id,
    assetId: row.asset_id,
    startUs: row.start_us,
    endUs: row.end_us,
    faceTrackRef: row.face_track_ref,
  };
}

function sourceToRow(source: IdentitySourceRecord): IdentitySourceRow {
  return {
    id: source.id,
    identity_id: source.identityId,
    asset_id: source.assetId,
    start_us: source.startUs,
    end_us: source.endUs,
    face_track_ref: source.faceTrackRef,
  };
}

const IDENTITY_COLUMNS = 'id, kind, name, created_at, consent_id';
const SOURCE_COLUMNS = 'id, identity_id, asset_id, start_us, end_us, face_track_ref';

export class IdentityQueries {
  private readonly insertStatement;
  private readonly selectById;
  private readonly selectAll;
  private readonly updateStatement;
  private readonly deleteStatement;
  private readonly insertSourceStatement;
  private readonly selectSources;
  private readonly deleteSourceStatement;

  constructor(db: SqliteDatabase) {
    this.insertStatement = db.prepare<[IdentityRow]>(
      `INSERT INTO identities (${IDENTITY_COLUMNS}) VALUES (@id, @kind, @name, @created_at, @consent_id)`,
    );
    this.selectById = db.prepare<[string], IdentityRow>(
      `SELECT ${IDENTITY_COLUMNS} FROM identities WHERE id = ?`,
    );
    this.selectAll = db.prepare<[], IdentityRow>(
      `SELECT ${IDENTITY_COLUMNS} FROM identities ORDER BY created_at, rowid`,
    );
    this.updateStatement = db.prepare<[IdentityRow]>(
      'UPDATE identities SET name = @name, consent_id = @consent_id WHERE id = @id',
    );
    this.deleteStatement = db.prepare<[string]>('DELETE FROM identities WHERE id = ?');
    this.insertSourceStatement = db.prepare<[IdentitySourceRow]>(
      `INSERT INTO identity_sources (${SOURCE_COLUMNS})
       VALUES (@id, @identity_id, @asset_id, @start_us, @end_us, @face_track_ref)`,
    );
    this.selectSources = db.prepare<[string], IdentitySourceRow>(
      `SELECT ${SOURCE_COLUMNS} FROM identity_sources WHERE identity_id = ? ORDER BY rowid`,
    );
    this.deleteSourceStatement = db.prepare<[string]>('DELETE FROM identity_sources WHERE id = ?');
  }

  insert(identity: IdentityRecord): void {
    withConstraintsAsInvalidArgument(`Identity ${identity.id} cannot be stored`, () =>
      this.insertStatement.run(identityToRow(identity)),
    );
  }

  get(id: string): IdentityRecord | undefined {
    const row = this.selectById.get(id);
    return row ? rowToIdentity(row) : undefined;
  }

  list(): IdentityRecord[] {
    return this.selectAll.all().map(rowToIdentity);
  }

  /** Renames the identity or links it to a consent record; its kind never changes. */
  update(id: string, changes: Partial<Pick<IdentityRecord, 'name' | 'consentId'>>): IdentityRecord {
    const current = this.get(id);
    if (!current) throw notFound('identity', id);
    const next = { ...current, ...changes };
    withConstraintsAsInvalidArgument(`Identity ${id} cannot be updated`, () =>
      this.updateStatement.run(identityToRow(next)),
    );
    return next;
  }

  /** Deletes the identity and (by cascade) its source rows. */
  remove(id: string): void {
    if (this.deleteStatement.run(id).changes === 0) throw notFound('identity', id);
  }

  addSource(source: IdentitySourceRecord): void {
    withConstraintsAsInvalidArgument(`Identity source ${source.id} cannot be stored`, () =>
      this.insertSourceStatement.run(sourceToRow(source)),
    );
  }

  listSources(identityId: string): IdentitySourceRecord[] {
    return this.selectSources.all(identityId).map(rowToSource);
  }

  removeSource(id: string): void {
    if (this.deleteSourceStatement.run(id).changes === 0) throw notFound('identity source', id);
  }
}
