// Issues 8 and 9 wired into the render service, on a real project file with real renders (real
// ffmpeg, worker threads, the c2pa wasm): every render comes out watermarked (picture and sound)
// and signed, the manifest validates with the installation's certificate and breaks with one
// flipped byte of video; a render using an identity without consent, a WebM output, and a
// synthesis render whose media the content safety gate flags (the project's own flag-everything
// fixture classifiers) are all refused at render.start with nothing written.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RenderProgress } from '../../shared/contracts/renderContract';
import { StudioError } from '../../shared/errors';
import { ConsentLedger } from '../engine/provenance/consent/consentLedger';
import { readC2paManifest } from '../engine/provenance/c2pa/c2paReader';
import { installationTrustAnchorsPem } from '../engine/provenance/c2pa/signingCredentials';
import { inspectMedia } from '../engine/provenance/inspector/inspectMedia';
import { ffmpeg } from '../engine/provenance/testSupport/provenanceTestMedia';
import { watermarkIdForRender } from '../engine/provenance/watermark/watermarkPayload';
import { createBuiltInFrameProcessorRegistry } from '../engine/render/builtInFrameProcessors';
import type { FrameProcessor } from '../engine/render/frameProcessor';
import type { FrameProcessorRegistry } from '../engine/render/frameProcessorRegistry';
import { RenderTestProject, useRenderTempFolders } from '../engine/render/testSupport/renderTestProject';
import { InferenceSessionPool } from '../engine/inference/sessionPool';
import { ContentSafetyGate, createContentSafetyGate } from '../engine/safety/contentSafetyGate';
import { sharedClassifierDataDir } from '../engine/safety/testSupport/safetyTestMedia';
import { prepareRender } from '../engine/render/renderJob';
import { renderSourceFromStore } from './renderRecords';
import { openFlagEverythingClassifiers } from '../engine/safety/testSupport/flagEverythingClassifiers';
import { ProjectSession } from './projectSession';
import { createRenderSafeguards } from './renderSafeguards';
import { RenderServiceImpl } from './renderService';
import { StudioContentSafety } from './studioContentSafety';

const tempFolder = useRenderTempFolders();
const fast = { codec: { encoderSpeed: 'ultrafast' as const }, preset: 'source' as const, range: null };

/** Every file under `folder` with its size and content hash; `except` skips SQLite's -shm/-wal. */
function snapshot(folder: string, except: RegExp = /-(shm|wal)$/): Record<string, string> {
  const entries: Record<string, string> = {};
  const walk = (directory: string, prefix: string): void => {
    for (const name of readdirSync(directory).sort()) {
      const path = join(directory, name);
      if (except.test(name)) continue;
      if (statSync(path).isDirectory()) {
        entries[`${prefix}${name}/`] = 'dir';
        walk(path, `${prefix}${name}/`);
      } else {
        entries[`${prefix}${name}`] = createHash('sha256').update(readFileSync(path)).digest('hex');
      }
    }
  };
  walk(folder, '');
  return entries;
}

async function refusal(promise: Promise<unknown>, code: string): Promise<StudioError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(StudioError);
  expect((error as StudioError).code).toBe(code);
  return error as StudioError;
}

/** A synthesis effect for the refusal path: declared like face swap; it never reaches a worker. */
const testSynthesis: FrameProcessor<{ sourceIdentityId: string }> = {
  id: 'testSynthesis',
  displayName: 'Test synthesis',
  requiredModels: [],
  needsFramesInOrder: false,
  pixelFormats: ['rgb24'],
  identityIdsOf: (params) => [params.sourceIdentityId],
  synthesis: { operation: 'faceSwap', description: 'Face replaced (test).' },
  parseParams: (raw) => raw as { sourceIdentityId: string },
  async preCheck() {},
  async prepare() {
    throw new Error('a refused render must never prepare a processor');
  },
};

async function setUp(
  options: { gate?: () => Promise<ContentSafetyGate>; registry?: FrameProcessorRegistry } = {},
) {
  const folder = tempFolder();
  const projectFolder = join(folder, 'project');
  const outputFolder = join(folder, 'renders');
  const dataDir = join(folder, 'home');
  const scratchRoot = join(folder, 'scratch');
  for (const path of [projectFolder, outputFolder, scratchRoot]) mkdirSync(path);
  // Texture and a tone: what the watermark detectors need to read something back.
  const clip = join(folder, 'clip.mp4');
  await ffmpeg([
    ...['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25:duration=3'],
    ...['-f', 'lavfi', '-i', 'aevalsrc=0.3*sin(2*PI*330*t)+0.2*sin(2*PI*1250*t):s=48000:d=3'],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', clip],
  ]);
  const still = join(folder, 'face.png');
  await ffmpeg(['-f', 'lavfi', '-i', 'testsrc2=size=320x240', '-frames:v', '1', still]);
  const project = RenderTestProject.create(projectFolder, { width: 320, height: 240 });
  const [asset, stillAsset] = await project.importFiles(clip, still);
  const clips = project.addLinkedClip(asset!, { startUs: 0, outUs: 3_000_000 });
  const session = new ProjectSession();
  session.replace(project.store);
  let gateLoads = 0;
  const safety = new StudioContentSafety(session, async () => {
    gateLoads++;
    if (!options.gate) throw new Error('this test expects no content safety check');
    return options.gate();
  });
  const service = new RenderServiceImpl(session, {
    workerCount: 1,
    ...(options.registry ? { registry: options.registry } : {}),
    preflight: createRenderSafeguards({ dataDir, safety, scratchRoot }),
  });
  const finished = (renderId: string) =>
    new Promise<RenderProgress>((resolve) => {
      service.onDidRenderProgress((event) => {
        if (event.renderId === renderId && ['done', 'failed', 'cancelled'].includes(event.status))
          resolve(event);
      });
    });
  const ledger = new ConsentLedger(project.store);
  return {
    folder,
    projectFolder,
    outputFolder,
    dataDir,
    scratchRoot,
    project,
    clips,
    stillAsset: stillAsset!,
    service,
    finished,
    ledger,
    gateLoads: () => gateLoads,
    close: () => {
      service.dispose();
      safety.dispose();
      session.dispose();
    },
  };
}

describe('render safeguards: provenance on every render, consent and content safety before any work', () => {
  it('signs and watermarks a plain render (no gate needed), stores the summary, and one flipped byte breaks the manifest', async () => {
    const setup = await setUp();
    const output = join(setup.outputFolder, 'plain.mp4');
    const { renderId } = await setup.service.start({ outputPath: output, ...fast, visibleLabel: true });
    const last = await setup.finished(renderId);
    expect(last.error).toBeNull();
    expect(last.status).toBe('done');

    const report = await inspectMedia(output, {
      trustAnchorsPem: await installationTrustAnchorsPem(setup.dataDir),
    });
    expect(report.c2pa).toMatchObject({ present: true, valid: true, trusted: true, aiGenerated: true });
    expect(report.c2pa.render).toMatchObject({ renderId, visibleLabel: true, consents: [] });
    expect(report.watermark).toMatchObject({
      found: true,
      renderId: watermarkIdForRender(renderId),
      matchesManifest: true,
    });
    expect(report.watermark.video?.found).toBe(true);
    expect(report.watermark.audio?.found).toBe(true);
    expect(report.watermark.bitAccuracy).toBeGreaterThanOrEqual(0.95);

    const [job] = await setup.service.list();
    expect(job?.provenance).toMatchObject({
      renderId,
      visibleLabel: true,
      watermark: { id: watermarkIdForRender(renderId), video: true, audio: true },
      c2pa: { format: 'video/mp4', signer: { source: 'installation' } },
      consents: [],
    });
    expect(readdirSync(setup.scratchRoot)).toEqual([]);
    expect(setup.gateLoads()).toBe(0);

    const bytes = readFileSync(output);
    const mdat = bytes.indexOf(Buffer.from('mdat'));
    const tampered = Buffer.from(bytes);
    const position = Math.floor((mdat + bytes.length) / 2);
    tampered[position] = tampered[position]! ^ 0x01;
    const tamperedPath = join(setup.folder, 'tampered.mp4');
    writeFileSync(tamperedPath, tampered);
    const broken = await readC2paManifest(tamperedPath, {
      trustAnchorsPem: await installationTrustAnchorsPem(setup.dataDir),
    });
    expect(broken).toMatchObject({ present: true, valid: false });
    setup.close();
  }, 180_000);

  it('refuses an identity without consent and a WebM output at start, writing nothing; with consent it renders and cites it', async () => {
    const pool = new InferenceSessionPool({ defaultProvider: 'cpu' });
    // An effect that uses an identity synthesises from it: the real gate checks the media.
    const setup = await setUp({
      gate: () => createContentSafetyGate({ dataDir: sharedClassifierDataDir(), pool }),
    });
    const identity = setup.ledger.createIdentity({ kind: 'face', name: 'Ann' });
    setup.project.addEffect(setup.clips.video.id, 'passThrough', { identityIds: [identity.id] });
    const before = {
      outputs: snapshot(setup.outputFolder),
      cache: snapshot(setup.project.store.cacheDir),
    };

    const missing = await refusal(
      setup.service.start({ outputPath: join(setup.outputFolder, 'ann.mp4'), ...fast }),
      'CONSENT_MISSING',
    );
    expect(missing.message).toContain('"Ann"');
    const webm = await refusal(
      setup.service.start({
        outputPath: join(setup.outputFolder, 'ann.webm'),
        ...fast,
        preset: '1080p-webm',
      }),
      'CONSENT_MISSING',
    );
    expect(webm.message).toContain('no consent record');
    expect(await setup.service.list()).toEqual([]);
    expect(snapshot(setup.outputFolder)).toEqual(before.outputs);
    expect(snapshot(setup.project.store.cacheDir)).toEqual(before.cache);
    expect(readdirSync(setup.scratchRoot)).toEqual([]);

    const record = setup.ledger.grantConsent({
      identityId: identity.id,
      subject: 'Ann Lee',
      scope: 'Render tests',
      grantedAt: '2026-01-02',
    });
    const webmWithConsent = await refusal(
      setup.service.start({
        outputPath: join(setup.outputFolder, 'ann.webm'),
        ...fast,
        preset: '1080p-webm',
      }),
      'UNSUPPORTED_FORMAT',
    );
    expect(webmWithConsent.message).toContain('MP4 and MOV');
    expect(await setup.service.list()).toEqual([]);
    expect(snapshot(setup.outputFolder)).toEqual(before.outputs);

    const output = join(setup.outputFolder, 'ann.mp4');
    const { renderId } = await setup.service.start({ outputPath: output, ...fast });
    expect((await setup.finished(renderId)).status).toBe('done');
    const [job] = await setup.service.list();
    expect(job?.provenance?.consents).toEqual([
      expect.objectContaining({ consentId: record.id, identityId: identity.id, identityKind: 'face' }),
    ]);
    const report = await inspectMedia(output, {
      trustAnchorsPem: await installationTrustAnchorsPem(setup.dataDir),
    });
    expect(report.c2pa.render?.consents).toEqual([
      expect.objectContaining({ consentId: record.id, scope: 'Render tests' }),
    ]);
    expect(report.c2pa.actions.map((action) => action.action)).toEqual(['c2pa.created', 'c2pa.edited']);
    expect(setup.gateLoads()).toBe(1);
    setup.close();
    pool.dispose();
  }, 180_000);

  it('refuses a synthesis render whose target or source is flagged, before writing anything', async () => {
    const pool = new InferenceSessionPool({ defaultProvider: 'cpu' });
    const modelFolder = tempFolder();
    const registry = createBuiltInFrameProcessorRegistry().register(() => testSynthesis as FrameProcessor);
    const setup = await setUp({
      registry,
      gate: async () => new ContentSafetyGate(await openFlagEverythingClassifiers(pool, modelFolder)),
    });
    const identity = setup.ledger.createIdentity({ kind: 'face', name: 'Ben' });
    setup.project.store.identities.addSource({
      id: 'source-1',
      identityId: identity.id,
      assetId: setup.stillAsset.id,
      startUs: null,
      endUs: null,
      faceTrackRef: 'faces-v1/track/0',
    });
    setup.ledger.grantConsent({ identityId: identity.id, subject: 'Ben', scope: 'Tests' });
    setup.project.addEffect(setup.clips.video.id, 'testSynthesis', { sourceIdentityId: identity.id });
    const before = {
      outputs: snapshot(setup.outputFolder),
      cache: snapshot(setup.project.store.cacheDir),
    };

    const refused = await refusal(
      setup.service.start({ outputPath: join(setup.outputFolder, 'swap.mp4'), ...fast }),
      'CONTENT_REFUSED',
    );
    // Sources are checked first: the identity's source picture is the one named.
    expect(refused.message).toContain('source image');
    expect(refused.message).toContain('face.png');
    expect(refused.message).toContain('nothing was synthesised or written');
    expect(setup.gateLoads()).toBe(1);
    expect(await setup.service.list()).toEqual([]);
    expect(snapshot(setup.outputFolder)).toEqual(before.outputs);
    expect(snapshot(setup.project.store.cacheDir)).toEqual(before.cache);
    expect(readdirSync(setup.scratchRoot)).toEqual([]);
    setup.close();
    pool.dispose();
  }, 180_000);

  it('with the real classifiers, clean media pass: the gate checks the identity source and the clip, then the encode stage is handed over', async () => {
    const pool = new InferenceSessionPool({ defaultProvider: 'cpu' });
    const registry = createBuiltInFrameProcessorRegistry().register(() => testSynthesis as FrameProcessor);
    const setup = await setUp({
      registry,
      gate: () => createContentSafetyGate({ dataDir: sharedClassifierDataDir(), pool }),
    });
    const identity = setup.ledger.createIdentity({ kind: 'face', name: 'Cy' });
    setup.project.store.identities.addSource({
      id: 'source-1',
      identityId: identity.id,
      assetId: setup.stillAsset.id,
      startUs: null,
      endUs: null,
      faceTrackRef: null,
    });
    setup.ledger.grantConsent({ identityId: identity.id, subject: 'Cy', scope: 'Tests' });
    setup.project.addEffect(setup.clips.video.id, 'testSynthesis', { sourceIdentityId: identity.id });
    const store = setup.project.store;
    const request = { outputPath: join(setup.outputFolder, 'swap.mp4'), ...fast };
    const source = renderSourceFromStore(store);
    const prepared = await prepareRender(request, source, registry, async () => false);
    const preflight = createRenderSafeguards({
      dataDir: setup.dataDir,
      // The preflight asks for the gate of the render's own store; no open project is needed.
      safety: new StudioContentSafety(new ProjectSession(), () =>
        createContentSafetyGate({ dataDir: sharedClassifierDataDir(), pool }),
      ),
      scratchRoot: setup.scratchRoot,
    });
    const guarded = await preflight.guard({
      renderId: 'render-1',
      request,
      prepared,
      source,
      store,
      registry,
    });
    expect(guarded.uses.synthesis).toEqual({
      sources: [store.assets.get(setup.stillAsset.id)!.path],
      targets: [store.assets.get(setup.clips.video.assetId)!.path],
    });
    expect(guarded.uses.identityIds).toEqual([identity.id]);
    expect(guarded.uses.operations).toEqual([
      { kind: 'faceSwap', description: 'Face replaced (test).', modelNames: [] },
    ]);
    expect(guarded.uses.media.map((entry) => entry.title).sort()).toEqual(['clip.mp4', 'face.png']);
    expect(guarded.encodeStage).toHaveLength(1);
    await guarded.dispose();
    // The clean verdicts were cached in the project's cache folder for the next check.
    expect(Object.keys(snapshot(store.cacheDir)).some((name) => name.endsWith('content-safety.json'))).toBe(
      true,
    );
    setup.close();
    pool.dispose();
  }, 300_000);
});
