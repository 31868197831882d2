// Representative rows for each schema version, so every migration test can prove the rows written
// before it survive it.
import type { SqliteDatabase } from '../sqliteConnection';

export function insertCoreRows(db: SqliteDatabase): void {
  db.exec(`
    INSERT INTO meta (key, value) VALUES ('name', 'Film'), ('fps_num', 25), ('fps_den', 1);
    INSERT INTO assets (id, name, path, kind, sha256, size_bytes, duration_us, width, height, fps_num, fps_den,
      has_video, has_audio, video_codec, audio_codec, rotation, status, imported_at, probe_json)
    VALUES ('asset-1', 'a.mp4', '/media/a.mp4', 'video', '${'a'.repeat(64)}', 1000, 4000000, 1280, 720, 25, 1,
      1, 1, 'h264', 'aac', 0, 'ok', '2025-01-01T00:00:00.000Z', '{"format":{}}');
    INSERT INTO tracks (id, kind, name, sort_order) VALUES ('track-v1', 'video', 'V1', 0), ('track-a1', 'audio', 'A1', 1);
    INSERT INTO clips (id, track_id, asset_id, start_us, in_us, out_us, link_group)
    VALUES ('clip-1', 'track-v1', 'asset-1', 0, 0, 4000000, 'group-1'),
           ('clip-2', 'track-a1', 'asset-1', 0, 0, 4000000, 'group-1');
  `);
}

export function insertEffectRows(db: SqliteDatabase): void {
  db.exec(`
    INSERT INTO effects (id, clip_id, kind, params_json, sort_order, enabled)
    VALUES ('effect-1', 'clip-1', 'faceSwap', '{"identityId":"identity-1"}', 0, 1);
  `);
}

export function insertIdentityRows(db: SqliteDatabase): void {
  db.exec(`
    INSERT INTO consents (id, subject, scope, granted_at, evidence_asset_id, notes)
    VALUES ('consent-1', 'Ada', 'this film', '2025-01-01T00:00:00.000Z', 'asset-1', '');
    INSERT INTO identities (id, kind, name, created_at, consent_id)
    VALUES ('identity-1', 'face', 'Ada', '2025-01-01T00:00:00.000Z', 'consent-1');
    INSERT INTO identity_sources (id, identity_id, asset_id, start_us, end_us, face_track_ref)
    VALUES ('source-1', 'identity-1', 'asset-1', 0, 2000000, 'face-0');
  `);
}

export function insertRenderRows(db: SqliteDatabase): void {
  db.exec(`
    INSERT INTO renders (id, status, settings_json, output_path, progress, created_at)
    VALUES ('render-1', 'done', '{"codec":"h264"}', '/out/film.mp4', 1, '2025-01-01T00:00:00.000Z');
  `);
}

export function countRows(db: SqliteDatabase, table: string): number {
  return db.prepare<[], { count: number }>(`SELECT count(*) AS count FROM ${table}`).get()?.count ?? 0;
}
