// The refusal path end to end at the engine level, with the project's own fixture classifiers that
// flag every picture (no sexual material exists anywhere in the repository or the tests): real
// files decoded by sharp and ffmpeg, real onnxruntime sessions, the real vote and rule. Every
// entry point stops before the caller's synthesis step runs, and the project folder (project file,
// cache) and the output folder are byte for byte what they were.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StudioError } from '../../../shared/errors';
import type { FixtureFolder } from '../../media/mediaTestFixtures';
import { createFixtureFolder } from '../../media/mediaTestFixtures';
import { findEmbeddedManifestDirectory, loadEmbeddedModelManifest } from '../inference/modelManifest';
import { InferenceSessionPool } from '../inference/sessionPool';
import { ContentSafetyGate } from './contentSafetyGate';
import { inspectContentSafety } from './inspectorVerdict';
import { CONTENT_CLASSIFIER_MODEL_IDS } from './safetyPolicy';
import { openFlagEverythingClassifiers } from './testSupport/flagEverythingClassifiers';
import { missingSharedMediaReason, sharedMediaPath } from './testSupport/safetyTestMedia';

/** Every file under `folder` with its size and content hash (mtimes change on a rewrite of the same bytes too). */
function snapshot(folder: string): Record<string, string> {
  const entries: Record<string, string> = {};
  const walk = (directory: string, prefix: string): void => {
    for (const name of readdirSync(directory).sort()) {
      const path = join(directory, name);
      const stat = statSync(path);
      if (stat.isDirectory()) {
        entries[`${prefix}${name}/`] = 'dir';
        walk(path, `${prefix}${name}/`);
      } else {
        entries[`${prefix}${name}`] =
          `${stat.size} ${stat.mtimeMs} ${createHash('sha256').update(readFileSync(path)).digest('hex')}`;
      }
    }
  };
  walk(folder, '');
  return entries;
}

async function refusalOf(promise: Promise<unknown>): Promise<StudioError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(StudioError);
  expect((outcome as StudioError).code).toBe('CONTENT_REFUSED');
  return outcome as StudioError;
}

describe('content safety gate: the refusal path (fixture classifiers that flag everything)', () => {
  let pool: InferenceSessionPool;
  let workFolder: string;
  let projectFolder: string;
  let outputFolder: string;
  let fixtures: FixtureFolder;
  let gate: ContentSafetyGate;
  let synthesisRuns = 0;

  /** What a render / swap / lip-sync job does: the gate first, then synthesis writes its output. */
  async function synthesise(check: () => Promise<unknown>): Promise<void> {
    await check();
    synthesisRuns++;
    writeFileSync(join(outputFolder, 'render.mp4'), 'synthesised');
  }

  beforeAll(async () => {
    pool = new InferenceSessionPool({ defaultProvider: 'cpu' });
    workFolder = mkdtempSync(join(tmpdir(), 'doppel-refusal-'));
    const modelFolder = join(workFolder, 'fixture-models');
    projectFolder = join(workFolder, 'project');
    outputFolder = join(workFolder, 'renders');
    for (const folder of [modelFolder, projectFolder, outputFolder]) mkdirSync(folder);
    writeFileSync(join(projectFolder, 'Film.doppel'), 'project file bytes');
    mkdirSync(join(projectFolder, 'Film.doppel-cache'));
    writeFileSync(join(outputFolder, 'earlier-render.mp4'), 'an earlier render');
    fixtures = await createFixtureFolder('doppel-refusal-media-');
    const classifiers = await openFlagEverythingClassifiers(pool, modelFolder);
    gate = new ContentSafetyGate(classifiers, { cacheDirectory: join(projectFolder, 'Film.doppel-cache') });
  });

  afterAll(async () => {
    gate.dispose();
    pool.dispose();
    await fixtures.cleanup();
    rmSync(workFolder, { recursive: true, force: true });
  });

  it('uses fixture models with the exact signature of the three real classifiers', async () => {
    const directory = findEmbeddedManifestDirectory() ?? '';
    const classifiers = await openFlagEverythingClassifiers(pool, join(workFolder, 'fixture-models'));
    try {
      for (const [index, id] of CONTENT_CLASSIFIER_MODEL_IDS.entries()) {
        const manifest = await loadEmbeddedModelManifest(join(directory, `${id}.json`));
        const fixture = classifiers.classifiers[index];
        expect(fixture?.inputName).toBe(manifest.inputs[0]?.name);
        expect(fixture?.inputSize).toBe(manifest.inputs[0]?.shape[1]);
        expect(fixture?.outputName).toBe(manifest.outputs[0]?.name);
        expect(fixture?.classLabels).toEqual(manifest.classLabels);
      }
    } finally {
      classifiers.dispose();
    }
  });

  it('stops a swap whose source image is flagged, before synthesis, writing nothing', async () => {
    const before = { project: snapshot(projectFolder), output: snapshot(outputFolder) };
    const source = await fixtures.fixture('picture.png');
    const target = await fixtures.fixture('video.mp4');
    const error = await refusalOf(
      synthesise(() => gate.checkBeforeSynthesis({ sources: [source], targets: [target] })),
    );
    expect(error.message).toBe(
      `Refused: the source image "${source}" was flagged as sexual content (2 of 3 classifiers agree) by the content safety check. ` +
        'Doppel Studio does not synthesise from or onto sexual content; nothing was synthesised or written.',
    );
    expect(synthesisRuns).toBe(0);
    expect({ project: snapshot(projectFolder), output: snapshot(outputFolder) }).toEqual(before);
  });

  it('stops a lip sync whose target video is flagged (audio sources have nothing to classify)', async () => {
    const before = { project: snapshot(projectFolder), output: snapshot(outputFolder) };
    const speech = await fixtures.fixture('tone.wav');
    const target = await fixtures.fixture('video.mp4');
    const error = await refusalOf(
      synthesise(() => gate.checkBeforeSynthesis({ sources: [speech], targets: [target] })),
    );
    expect(error.message).toMatch(
      /^Refused: the target video ".*video\.mp4" was flagged by the content safety check: 1 of 1 sampled frames \(100%, more than the 10% allowed\) were classified as sexual content \(at 00:00:00\.000\)\. .*nothing was synthesised or written\.$/,
    );
    expect(synthesisRuns).toBe(0);
    expect({ project: snapshot(projectFolder), output: snapshot(outputFolder) }).toEqual(before);
  });

  it.skipIf(missingSharedMediaReason() !== undefined)(
    'samples a real target once per second and names the flagged times',
    async () => {
      const target = sharedMediaPath('videos/grid_lbbc2a.mpg');
      const error = await refusalOf(gate.assertSafeTarget(target, { extraFrameTimesUs: [1_500_000] }));
      expect(error.message).toContain(`the target video "${target}"`);
      expect(error.message).toContain('4 of 4 sampled frames (100%, more than the 10% allowed)');
      expect(error.message).toContain('(at 00:00:00.000, 00:00:01.000, 00:00:02.000, ...)');
    },
  );

  it('stops the CLI path (sources checked one by one) and any picture format ffmpeg reads', async () => {
    const bmp = await fixtures.fixture('picture.bmp');
    const error = await refusalOf(synthesise(() => gate.assertSafeSources([bmp])));
    expect(error.message).toContain(`the source image "${bmp}" was flagged`);
    expect(synthesisRuns).toBe(0);
  });

  it('serves another project with the same classifiers, refusing there too', async () => {
    const otherProjectCache = join(workFolder, 'Other.doppel-cache');
    mkdirSync(otherProjectCache);
    const projectGate = gate.forProject(otherProjectCache);
    await refusalOf(projectGate.assertSafeSources([await fixtures.fixture('picture.png')]));
    projectGate.dispose();
    // Disposing the project's gate left the shared classifiers working.
    await refusalOf(gate.assertSafeSources([await fixtures.fixture('picture.png')]));
    expect(readdirSync(otherProjectCache)).toEqual([]);
  });

  it('stops when cancelled, before classifying anything', async () => {
    const outcome = await gate
      .checkBeforeSynthesis({
        sources: [await fixtures.fixture('picture.png')],
        targets: [],
        signal: AbortSignal.abort(),
      })
      .catch((error: unknown) => error);
    expect(outcome).toBeInstanceOf(StudioError);
    expect((outcome as StudioError).code).toBe('CANCELLED');
  });

  it('refuses a flagged preview frame before it is synthesised', async () => {
    const picture = { width: 4, height: 2, data: new Uint8Array(4 * 2 * 3).fill(128) };
    const error = await refusalOf(
      synthesise(() =>
        gate.checkPreviewFrame({ picture, targetPath: '/clips/take 1.mp4', timeUs: 1_500_000 }),
      ),
    );
    expect(error.message).toBe(
      'Refused: the preview frame at 00:00:01.500 of "/clips/take 1.mp4" was flagged as sexual content by the content safety check ' +
        '(2 of 3 classifiers agree); it is not synthesised or shown. Doppel Studio does not synthesise from or onto sexual content.',
    );
    expect(synthesisRuns).toBe(0);
  });

  it('reports the verdict without refusing for the inspector, and files without a picture as clear', async () => {
    const verdict = await gate.classifyMediaFile(await fixtures.fixture('marker-rotated.mp4'), {
      complete: true,
    });
    expect(verdict).toMatchObject({
      kind: 'video',
      refused: true,
      sampleCount: 1,
      flaggedCount: 1,
      highestVoteScore: 1,
    });
    expect(verdict.samples[0]?.verdict).toMatchObject({ votes: 3, voterCount: 3, complete: true });
    const shown = await inspectContentSafety(gate, await fixtures.fixture('picture.jpg'));
    expect(shown).toMatchObject({
      status: 'refused',
      kind: 'image',
      sampleCount: 1,
      flaggedCount: 1,
      flaggedTimesUs: [null],
    });
    expect(shown.summary).toBe(
      'Flagged as sexual content (1 of 1 picture): the studio refuses to synthesise from or onto this file.',
    );
    expect(shown.classifiers.map((entry) => entry.highestSexualScore)).toEqual([1, 1, 1]);
    const audio = await gate.classifyMediaFile(await fixtures.fixture('tone.wav'));
    expect(audio).toMatchObject({ kind: 'none', refused: false, sampleCount: 0 });
    expect((await inspectContentSafety(gate, await fixtures.fixture('tone.wav'))).status).toBe('no-picture');
    // Refused verdicts are never cached: the project cache folder is still empty.
    expect(readdirSync(join(projectFolder, 'Film.doppel-cache'))).toEqual([]);
  });
});
