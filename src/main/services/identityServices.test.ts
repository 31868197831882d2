// identities.*, consent.*, inspector.* and provenance.* through the validated service host (so
// every result is checked against the contract's schemas), over a real project file, a real
// evidence import and the real c2pa wasm.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceHost } from '../ipc/serviceHost';
import { createFixtureFolder, type FixtureFolder } from '../media/mediaTestFixtures';
import { createStudio, type Studio } from './createStudio';

describe('identity, consent, inspector and provenance services', () => {
  let folder: string;
  let fixtures: FixtureFolder;
  let studio: Studio;
  let host: ServiceHost;
  const call = async (service: string, method: string, argument: unknown = {}) => {
    const result = await host.invoke(service, method, argument);
    if (!result.ok) throw Object.assign(new Error(result.error.message), { code: result.error.code });
    return result.value as Record<string, unknown> & Array<Record<string, unknown>>;
  };

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'doppel-identity-services-'));
    fixtures = await createFixtureFolder();
    studio = createStudio({ mode: 'cli', dataDir: join(folder, 'home') });
    host = new ServiceHost(studio.services);
    await call('project', 'create', { path: join(folder, 'Film.doppel') });
  });
  afterAll(async () => {
    host?.dispose();
    studio?.dispose();
    await fixtures?.cleanup();
    await rm(folder, { recursive: true, force: true });
  });

  it('creates identities, refuses them until consent, imports the evidence and announces changes', async () => {
    const announced: number[] = [];
    const subscription = studio.services.identities.onDidChangeIdentities((list) =>
      announced.push(list.length),
    );
    const face = await call('identities', 'create', { kind: 'face', name: 'Ann' });
    expect(face).toMatchObject({ kind: 'face', name: 'Ann', consent: null });
    await expect(call('consent', 'check', { identityIds: [face.id] })).rejects.toMatchObject({
      code: 'CONSENT_MISSING',
    });

    const evidence = await fixtures.fixture('picture.png');
    const granted = await call('consent', 'grant', {
      identityId: face.id,
      subject: 'Ann Lee',
      scope: 'Demo renders',
      grantedAt: '2026-01-02',
      evidencePath: evidence,
    });
    const consent = granted.consent as Record<string, unknown>;
    expect(consent).toMatchObject({
      subject: 'Ann Lee',
      scope: 'Demo renders',
      grantedAt: '2026-01-02T00:00:00.000Z',
    });
    const assets = (await call('media', 'list')) as Array<Record<string, unknown>>;
    expect(assets.map((asset) => asset.id)).toContain(consent.evidenceAssetId);
    const [reference] = await call('consent', 'check', { identityIds: [face.id] });
    expect(reference).toMatchObject({
      identityId: face.id,
      evidenceSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });

    const revoked = await call('consent', 'revoke', { identityId: face.id });
    expect(revoked.consent).toBeNull();
    expect(await call('consent', 'list')).toMatchObject([{ status: 'revoked', identityIds: [] }]);
    await call('consent', 'link', { identityId: face.id, consentId: consent.id });
    await call('identities', 'rename', { identityId: face.id, name: 'Ann L.' });
    expect(await call('identities', 'list')).toMatchObject([{ name: 'Ann L.', consent: { id: consent.id } }]);
    await expect(
      call('consent', 'grant', { identityId: face.id, subject: '', scope: 'x' }),
    ).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
    });
    await call('identities', 'remove', { identityId: face.id });
    expect(await call('identities', 'list')).toEqual([]);
    expect(announced).toEqual([1, 1, 1, 1, 1, 0]);
    subscription.dispose();
  });

  it('inspects a file and reports the signing certificate', async () => {
    const report = await call('inspector', 'inspect', { path: await fixtures.fixture('video.mp4') });
    expect(Object.keys(report)).toEqual(['c2pa', 'watermark', 'cues', 'contentSafety']);
    expect(report.c2pa).toMatchObject({ present: false });
    expect(report.watermark).toMatchObject({ found: false });
    // The studio's own content safety classifiers ran on the file (a generated test pattern).
    expect(report.contentSafety).toMatchObject({ status: 'clear', kind: 'video', flaggedCount: 0 });
    const certificate = await call('provenance', 'getSigningCertificate');
    expect(certificate).toMatchObject({ source: 'installation', algorithm: 'es256' });
    await expect(
      call('provenance', 'useCertificate', { certificatePath: evidenceLess(), keyPath: evidenceLess() }),
    ).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
    expect(await call('provenance', 'useInstallationCertificate')).toMatchObject({
      fingerprintSha256: certificate.fingerprintSha256,
    });
    function evidenceLess(): string {
      return join(folder, 'no-such-file.pem');
    }
  });
});
