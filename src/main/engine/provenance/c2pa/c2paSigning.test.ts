// C2PA end to end with the real c2pa wasm: a per-installation certificate, a signed MP4 that
// validates with that certificate as trust anchor, and one flipped byte of video data that makes
// validation fail.
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffmpeg, temporaryFolder } from '../testSupport/provenanceTestMedia';
import { readC2paManifest } from './c2paReader';
import { signMediaFile } from './c2paSigner';
import {
  buildRenderManifestDefinition,
  TRAINED_ALGORITHMIC_MEDIA,
  type RenderManifestFacts,
} from './renderManifest';
import {
  installationTrustAnchorsPem,
  loadOrCreateInstallationCredentials,
  loadSigningCredentials,
  useInstallationCertificate,
  useUserCertificate,
} from './signingCredentials';

const facts: RenderManifestFacts = {
  renderId: '3f1c9a2e-7b44-4d1e-9a0b-5c6d7e8f9a01',
  title: 'render.mp4',
  format: 'video/mp4',
  createdAt: '2026-01-02T03:04:05.000Z',
  application: { name: 'Doppel Studio', version: '0.1.0' },
  operations: [
    {
      kind: 'faceSwap',
      description: 'Face swap (classical, embedded models)',
      modelNames: ['blazeface-back'],
    },
  ],
  models: [{ name: 'blazeface-back', version: '3.0.4', licence: 'MIT', purpose: 'face detection' }],
  consents: [
    {
      consentId: 'c-1',
      identityId: 'i-1',
      identityKind: 'face',
      scope: 'Demo videos for the 2026 launch',
      grantedAt: '2026-01-01T00:00:00.000Z',
      recordSha256: 'a'.repeat(64),
      evidenceSha256: null,
    },
  ],
  sources: [{ title: 'clip.mp4', sha256: 'b'.repeat(64) }],
  watermark: { id: '3f1c9a2e-7b44-4d1e', video: true, audio: true },
  visibleLabel: false,
};

/** Offset of the payload of the top-level box `type` (e.g. the mdat with the coded frames). */
function boxPayload(bytes: Buffer, type: string): { start: number; end: number } {
  let offset = 0;
  while (offset + 8 <= bytes.length) {
    let size = bytes.readUInt32BE(offset);
    let header = 8;
    if (size === 1) {
      size = Number(bytes.readBigUInt64BE(offset + 8));
      header = 16;
    }
    if (bytes.toString('latin1', offset + 4, offset + 8) === type)
      return { start: offset + header, end: offset + size };
    offset += size;
  }
  throw new Error(`no ${type} box`);
}

describe('C2PA signing and validation', () => {
  let work: Awaited<ReturnType<typeof temporaryFolder>>;
  let video: string;
  beforeAll(async () => {
    work = await temporaryFolder('doppel-c2pa-');
    video = path.join(work.dir, 'render.mp4');
    await ffmpeg([
      ...[
        '-f',
        'lavfi',
        '-i',
        'testsrc2=size=320x240:rate=25:duration=2',
        '-f',
        'lavfi',
        '-i',
        'sine=duration=2',
      ],
      ...['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest'],
      ...['-movflags', '+faststart', video],
    ]);
  });
  afterAll(async () => {
    await work?.cleanup();
  });

  it('generates the installation key and certificate once, key readable by the user only', async () => {
    const dataDir = path.join(work.dir, 'home-once');
    const first = await loadOrCreateInstallationCredentials(dataDir);
    const again = await loadSigningCredentials(dataDir);
    expect(again.fingerprintSha256).toBe(first.fingerprintSha256);
    expect(first.source).toBe('installation');
    expect(first.algorithm).toBe('es256');
    expect(first.subject).toMatch(/Doppel Studio installation [0-9a-f]{8}/);
    const keyMode =
      (await stat(path.join(dataDir, 'provenance', 'installation', 'signing-key.pem'))).mode & 0o777;
    if (process.platform !== 'win32') expect(keyMode).toBe(0o600);
    // Two first uses at once end with one shared pair.
    const racing = path.join(work.dir, 'home-race');
    const [a, b] = await Promise.all([
      loadOrCreateInstallationCredentials(racing),
      loadOrCreateInstallationCredentials(racing),
    ]);
    expect(a.fingerprintSha256).toBe(b.fingerprintSha256);
  });

  it('signs a render that validates as trusted with the installation certificate, and fails after one flipped byte', async () => {
    const dataDir = path.join(work.dir, 'home-sign');
    const credentials = await loadSigningCredentials(dataDir);
    const signedPath = path.join(work.dir, 'signed.mp4');
    const signed = await signMediaFile({
      inputPath: video,
      outputPath: signedPath,
      definition: buildRenderManifestDefinition(facts),
      credentials,
    });
    expect(signed.format).toBe('video/mp4');
    const anchors = await installationTrustAnchorsPem(dataDir);

    const report = await readC2paManifest(signedPath, { trustAnchorsPem: anchors });
    expect(report).toMatchObject({
      present: true,
      valid: true,
      trusted: true,
      validationState: 'Trusted',
      failures: [],
    });
    expect(report.manifest?.aiGenerated).toBe(true);
    expect(report.manifest?.actions.map((action) => action.action)).toEqual(['c2pa.created', 'c2pa.edited']);
    expect(report.manifest?.actions[0]?.digitalSourceType).toBe(TRAINED_ALGORITHMIC_MEDIA);
    expect(report.manifest?.doppelRender?.renderId).toBe(facts.renderId);
    expect(report.manifest?.doppelRender?.models).toEqual(facts.models);
    expect(report.manifest?.doppelRender?.consents).toEqual(facts.consents);
    expect(report.manifest?.signer.commonName).toMatch(/Doppel Studio installation/);

    // Without the installation's certificate the signature still holds but the signer is unknown.
    const stranger = await readC2paManifest(signedPath);
    expect(stranger).toMatchObject({ present: true, valid: true, trusted: false, validationState: 'Valid' });
    expect(stranger.failures.map((failure) => failure.code)).toEqual(['signingCredential.untrusted']);

    const bytes = await readFile(signedPath);
    const mdat = boxPayload(bytes, 'mdat');
    const tampered = Buffer.from(bytes);
    const position = Math.floor((mdat.start + mdat.end) / 2);
    tampered[position] = (tampered[position] as number) ^ 0x01;
    const tamperedPath = path.join(work.dir, 'tampered.mp4');
    await writeFile(tamperedPath, tampered);
    const broken = await readC2paManifest(tamperedPath, { trustAnchorsPem: anchors });
    expect(broken).toMatchObject({ present: true, valid: false, validationState: 'Invalid' });
    expect(broken.failures.map((failure) => failure.code)).toContain('assertion.bmffHash.mismatch');
  });

  it('signs in place, and reports files without a manifest or that cannot carry one', async () => {
    const dataDir = path.join(work.dir, 'home-place');
    const inPlace = path.join(work.dir, 'in-place.mp4');
    await writeFile(inPlace, await readFile(video));
    await signMediaFile({
      inputPath: inPlace,
      definition: buildRenderManifestDefinition(facts),
      credentials: await loadSigningCredentials(dataDir),
    });
    expect((await readC2paManifest(inPlace)).present).toBe(true);
    expect(await readC2paManifest(video)).toMatchObject({
      present: false,
      valid: null,
      note: 'No C2PA manifest found.',
    });
    const mpeg = path.join(work.dir, 'clip.mpg');
    await ffmpeg([
      '-f',
      'lavfi',
      '-i',
      'testsrc=size=64x48:duration=0.2',
      '-c:v',
      'mpeg1video',
      '-f',
      'mpeg',
      mpeg,
    ]);
    expect(await readC2paManifest(mpeg)).toMatchObject({
      present: false,
      note: 'This file format cannot carry a C2PA manifest.',
    });
    await expect(
      signMediaFile({ inputPath: mpeg, definition: {}, credentials: await loadSigningCredentials(dataDir) }),
    ).rejects.toThrow(/cannot carry a C2PA manifest/);
    await expect(readC2paManifest(path.join(work.dir, 'nope.mp4'))).rejects.toThrow(/nope\.mp4/);
  });

  it('uses a user-supplied certificate after checking it, and refuses a key that does not match', async () => {
    const ownDir = path.join(work.dir, 'home-user');
    const otherDir = path.join(work.dir, 'other-installation');
    const other = await loadOrCreateInstallationCredentials(otherDir);
    const otherFiles = {
      certificatePath: path.join(otherDir, 'provenance', 'installation', 'signing-certificate.pem'),
      keyPath: path.join(otherDir, 'provenance', 'installation', 'signing-key.pem'),
    };
    const own = await loadOrCreateInstallationCredentials(ownDir);
    await expect(
      useUserCertificate(ownDir, {
        certificatePath: otherFiles.certificatePath,
        keyPath: path.join(ownDir, 'provenance', 'installation', 'signing-key.pem'),
      }),
    ).rejects.toMatchObject({
      code: 'CERTIFICATE_INVALID',
      message: expect.stringMatching(/does not belong to the certificate/),
    });

    const user = await useUserCertificate(ownDir, otherFiles);
    expect(user.source).toBe('user');
    expect(user.fingerprintSha256).toBe(other.fingerprintSha256);
    const signedPath = path.join(work.dir, 'user-signed.mp4');
    await signMediaFile({
      inputPath: video,
      outputPath: signedPath,
      definition: buildRenderManifestDefinition(facts),
      credentials: user,
    });
    const report = await readC2paManifest(signedPath, {
      trustAnchorsPem: await installationTrustAnchorsPem(ownDir),
    });
    expect(report).toMatchObject({ valid: true, trusted: true });

    const back = await useInstallationCertificate(ownDir);
    expect(back.fingerprintSha256).toBe(own.fingerprintSha256);
  });

  it('names the file when the installation key is damaged', async () => {
    const dataDir = path.join(work.dir, 'home-damaged');
    await loadOrCreateInstallationCredentials(dataDir);
    const keyPath = path.join(dataDir, 'provenance', 'installation', 'signing-key.pem');
    await writeFile(keyPath, 'not a key');
    await expect(loadSigningCredentials(dataDir)).rejects.toMatchObject({
      code: 'CERTIFICATE_INVALID',
      message: expect.stringContaining(keyPath),
    });
  });
});
