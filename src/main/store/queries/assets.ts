// Queries for `assets`: imported media files, their probe facts and cache state.
import { StudioError } from '../../../shared/errors';
import { assetSchema, type Asset } from '../../../shared/model/schemas';
import { isSqliteConstraintError, type SqliteDatabase } from '../sqliteConnection';

type AssetStatus = Asset['status'];

interface AssetRow {
  id: string;
  name: string;
  path: string;
  kind: Asset['kind'];
  sha256: string;
  size_bytes: number;
  duration_us: number | null;
  width: number | null;
  height: number | null;
  fps_num: number | null;
  fps_den: number | null;
  has_video: number;
  has_audio: number;
  video_codec: string | null;
  audio_codec: string | null;
  rotation: number;
  status: AssetStatus;
  imported_at: string;
  thumbnail_count: number;
  has_peaks: number;
}

// probe_json is left out on purpose: it can be large and only getProbe() needs it.
const ASSET_COLUMNS = `id, name, path, kind, sha256, size_bytes, duration_us, width, height, fps_num, fps_den,
  has_video, has_audio, video_codec, audio_codec, rotation, status, imported_at, thumbnail_count, has_peaks`;

function rowToAsset(row: AssetRow): Asset {
  return {
    id: row.id,
    name: row.name,
    path: row.path,
    kind: row.kind,
    sha256: row.sha256,
    sizeBytes: row.size_bytes,
    durationUs: row.duration_us,
    width: row.width,
    height: row.height,
    fps: row.fps_num !== null && row.fps_den !== null ? { num: row.fps_num, den: row.fps_den } : null,
    hasVideo: row.has_video === 1,
    hasAudio: row.has_audio === 1,
    videoCodec: row.video_codec,
    audioCodec: row.audio_codec,
    rotation: row.rotation,
    status: row.status,
    importedAt: row.imported_at,
    thumbnailCount: row.thumbnail_count,
    hasPeaks: row.has_peaks === 1,
  };
}

function assetToRow(asset: Asset, probe: unknown): AssetRow & { probe_json: string } {
  return {
    id: asset.id,
    name: asset.name,
    path: asset.path,
    kind: asset.kind,
    sha256: asset.sha256,
    size_bytes: asset.sizeBytes,
    duration_us: asset.durationUs,
    width: asset.width,
    height: asset.height,
    fps_num: asset.fps?.num ?? null,
    fps_den: asset.fps?.den ?? null,
    has_video: asset.hasVideo ? 1 : 0,
    has_audio: asset.hasAudio ? 1 : 0,
    video_codec: asset.videoCodec,
    audio_codec: asset.audioCodec,
    rotation: asset.rotation,
    status: asset.status,
    imported_at: asset.importedAt,
    thumbnail_count: asset.thumbnailCount,
    has_peaks: asset.hasPeaks ? 1 : 0,
    probe_json: JSON.stringify(probe ?? null),
  };
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export class AssetQueries {
  private readonly insertStatement;
  private readonly selectById;
  private readonly selectAll;
  private readonly selectBySha256;
  private readonly selectByPath;
  private readonly updateLocationStatement;
  private readonly updateStatusStatement;
  private readonly updateCacheInfoStatement;
  private readonly selectProbe;
  private readonly deleteStatement;
  private readonly countClips;
  private readonly countIdentitySources;
  private readonly countConsentEvidence;
  private readonly countByStatus;

  constructor(private readonly db: SqliteDatabase) {
    this.insertStatement = db.prepare<[AssetRow & { probe_json: string }]>(
      `INSERT INTO assets (${ASSET_COLUMNS}, probe_json) VALUES (@id, @name, @path, @kind, @sha256, @size_bytes,
        @duration_us, @width, @height, @fps_num, @fps_den, @has_video, @has_audio, @video_codec, @audio_codec,
        @rotation, @status, @imported_at, @thumbnail_count, @has_peaks, @probe_json)`,
    );
    this.selectById = db.prepare<[string], AssetRow>(`SELECT ${ASSET_COLUMNS} FROM assets WHERE id = ?`);
    // rowid order = import order, which is what the media bin shows.
    this.selectAll = db.prepare<[], AssetRow>(`SELECT ${ASSET_COLUMNS} FROM assets ORDER BY rowid`);
    this.selectBySha256 = db.prepare<[string], AssetRow>(
      `SELECT ${ASSET_COLUMNS} FROM assets WHERE sha256 = ? ORDER BY rowid LIMIT 1`,
    );
    this.selectByPath = db.prepare<[string], AssetRow>(
      `SELECT ${ASSET_COLUMNS} FROM assets WHERE path = ? ORDER BY rowid LIMIT 1`,
    );
    this.updateLocationStatement = db.prepare<[string, AssetStatus, string]>(
      'UPDATE assets SET path = ?, status = ? WHERE id = ?',
    );
    this.updateStatusStatement = db.prepare<[AssetStatus, string]>(
      'UPDATE assets SET status = ? WHERE id = ?',
    );
    this.updateCacheInfoStatement = db.prepare<[number, number, string]>(
      'UPDATE assets SET thumbnail_count = ?, has_peaks = ? WHERE id = ?',
    );
    this.selectProbe = db.prepare<[string], { probe_json: string }>(
      'SELECT probe_json FROM assets WHERE id = ?',
    );
    this.deleteStatement = db.prepare<[string]>('DELETE FROM assets WHERE id = ?');
    this.countClips = db.prepare<[string], { count: number }>(
      'SELECT count(*) AS count FROM clips WHERE asset_id = ?',
    );
    this.countIdentitySources = db.prepare<[string], { count: number }>(
      'SELECT count(*) AS count FROM identity_sources WHERE asset_id = ?',
    );
    this.countConsentEvidence = db.prepare<[string], { count: number }>(
      'SELECT count(*) AS count FROM consents WHERE evidence_asset_id = ?',
    );
    this.countByStatus = db.prepare<[], { total: number; missing: number }>(
      "SELECT count(*) AS total, count(*) FILTER (WHERE status = 'missing') AS missing FROM assets",
    );
  }

  /** How many assets the project has, and how many of them point at a file that is gone. */
  counts(): { total: number; missing: number } {
    return this.countByStatus.get() ?? { total: 0, missing: 0 };
  }

  insert(asset: Asset, probe: unknown): void {
    const parsed = assetSchema.safeParse(asset);
    if (!parsed.success) {
      throw new StudioError('INVALID_ARGUMENT', `Asset ${asset.id} is not valid: ${parsed.error.message}`);
    }
    try {
      this.insertStatement.run(assetToRow(parsed.data, probe));
    } catch (error) {
      if (!isSqliteConstraintError(error)) throw error;
      throw new StudioError(
        'INVALID_ARGUMENT',
        `Asset ${asset.id} cannot be stored: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
  }

  get(id: string): Asset | undefined {
    const row = this.selectById.get(id);
    return row ? rowToAsset(row) : undefined;
  }

  list(): Asset[] {
    return this.selectAll.all().map(rowToAsset);
  }

  findBySha256(sha256: string): Asset | undefined {
    const row = this.selectBySha256.get(sha256);
    return row ? rowToAsset(row) : undefined;
  }

  findByPath(path: string): Asset | undefined {
    const row = this.selectByPath.get(path);
    return row ? rowToAsset(row) : undefined;
  }

  updateLocation(id: string, path: string, status: AssetStatus): void {
    this.requireChanged(this.updateLocationStatement.run(path, status, id).changes, id);
  }

  setStatus(id: string, status: AssetStatus): void {
    this.requireChanged(this.updateStatusStatement.run(status, id).changes, id);
  }

  updateCacheInfo(id: string, info: { thumbnailCount: number; hasPeaks: boolean }): void {
    const changes = this.updateCacheInfoStatement.run(info.thumbnailCount, info.hasPeaks ? 1 : 0, id).changes;
    this.requireChanged(changes, id);
  }

  /** The ffprobe JSON stored at import, or undefined when there is no such asset. */
  getProbe(id: string): unknown {
    const row = this.selectProbe.get(id);
    return row ? (JSON.parse(row.probe_json) as unknown) : undefined;
  }

  /** Number of timeline clips that use the asset. */
  usageCount(id: string): number {
    return this.countClips.get(id)?.count ?? 0;
  }

  /** Deletes the asset row; refuses while clips, identities or consent records still use it. */
  remove(id: string): void {
    this.db.transaction(() => {
      const asset = this.get(id);
      if (!asset) throw new StudioError('NOT_FOUND', `There is no asset with id ${id}.`);
      const clipCount = this.usageCount(id);
      if (clipCount > 0) {
        throw new StudioError(
          'INVALID_ARGUMENT',
          `"${asset.name}" is used by ${plural(clipCount, 'clip')} on the timeline; remove ${clipCount === 1 ? 'it' : 'them'} first.`,
        );
      }
      const sourceCount = this.countIdentitySources.get(id)?.count ?? 0;
      if (sourceCount > 0) {
        throw new StudioError(
          'INVALID_ARGUMENT',
          `"${asset.name}" is a source of ${plural(sourceCount, 'identity sample')}; remove ${sourceCount === 1 ? 'it' : 'them'} first.`,
        );
      }
      const evidenceCount = this.countConsentEvidence.get(id)?.count ?? 0;
      if (evidenceCount > 0) {
        throw new StudioError(
          'INVALID_ARGUMENT',
          `"${asset.name}" is the evidence of ${plural(evidenceCount, 'consent record')} and cannot be removed.`,
        );
      }
      this.deleteStatement.run(id);
    })();
  }

  private requireChanged(changes: number, id: string): void {
    if (changes === 0) throw new StudioError('NOT_FOUND', `There is no asset with id ${id}.`);
  }
}
