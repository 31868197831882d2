// Queries for `consents`: the consent ledger (DESIGN.md §5). A face or voice identity needs one
// of these before a render may use it.
import type { SqliteDatabase } from '../sqliteConnection';
import { notFound, withConstraintsAsInvalidArgument } from './queryErrors';

export interface ConsentRecord {
  id: string;
  /** Who gave consent (the person whose face or voice is used). */
  subject: string;
  /** What the consent covers, in the subject's terms. */
  scope: string;
  grantedAt: string;
  /** An imported file (signed form, recorded statement) that documents the consent. */
  evidenceAssetId: string | null;
  notes: string;
}

interface ConsentRow {
  id: string;
  subject: string;
  scope: string;
  granted_at: string;
  evidence_asset_id: string | null;
  notes: string;
}

function rowToConsent(row: ConsentRow): ConsentRecord {
  return {
    id: row.id,
    subject: row.subject,
    scope: row.scope,
    grantedAt: row.granted_at,
    evidenceAssetId: row.evidence_asset_id,
    notes: row.notes,
  };
}

function consentToRow(consent: ConsentRecord): ConsentRow {
  return {
    id: consent.id,
    subject: consent.subject,
    scope: consent.scope,
    granted_at: consent.grantedAt,
    evidence_asset_id: consent.evidenceAssetId,
    notes: consent.notes,
  };
}

const CONSENT_COLUMNS = 'id, subject, scope, granted_at, evidence_asset_id, notes';

export class ConsentQueries {
  private readonly insertStatement;
  private readonly selectById;
  private readonly selectAll;
  private readonly updateStatement;

  constructor(db: SqliteDatabase) {
    this.insertStatement = db.prepare<[ConsentRow]>(
      `INSERT INTO consents (${CONSENT_COLUMNS}) VALUES (@id, @subject, @scope, @granted_at, @evidence_asset_id, @notes)`,
    );
    this.selectById = db.prepare<[string], ConsentRow>(
      `SELECT ${CONSENT_COLUMNS} FROM consents WHERE id = ?`,
    );
    this.selectAll = db.prepare<[], ConsentRow>(
      `SELECT ${CONSENT_COLUMNS} FROM consents ORDER BY granted_at, rowid`,
    );
    this.updateStatement = db.prepare<[ConsentRow]>(
      `UPDATE consents SET subject = @subject, scope = @scope, granted_at = @granted_at,
       evidence_asset_id = @evidence_asset_id, notes = @notes WHERE id = @id`,
    );
  }

  insert(consent: ConsentRecord): void {
    withConstraintsAsInvalidArgument(`Consent ${consent.id} cannot be stored`, () =>
      this.insertStatement.run(consentToRow(consent)),
    );
  }

  get(id: string): ConsentRecord | undefined {
    const row = this.selectById.get(id);
    return row ? rowToConsent(row) : undefined;
  }

  list(): ConsentRecord[] {
    return this.selectAll.all().map(rowToConsent);
  }

  update(id: string, changes: Partial<Omit<ConsentRecord, 'id'>>): ConsentRecord {
    const current = this.get(id);
    if (!current) throw notFound('consent record', id);
    const next = { ...current, ...changes, id };
    withConstraintsAsInvalidArgument(`Consent ${id} cannot be updated`, () =>
      this.updateStatement.run(consentToRow(next)),
    );
    return next;
  }
}
