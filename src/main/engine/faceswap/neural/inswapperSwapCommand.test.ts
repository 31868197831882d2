// `doppel swap --engine inswapper` as a user runs it (runCli with DOPPEL_HOME, in this process),
// on the GRID talking-head video with its AAC audio, the face of a GRID still as the source. The whole studio path runs: a one-off project with a Face swap effect (engine
// "inswapper") on the clip, the face analysis, consent, the content safety gate, the render workers
// running the inswapper engine on the project's fixture inswapper/ArcFace models (imported into the
// real faceswap-inswapper pack), watermark and signed C2PA manifest. Without the pack the command
// refuses before writing anything, naming the models.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Box } from '../../face/faceGeometry';
import { applyAffine } from '../../face/faceGeometry';
import { FramePyramid } from '../../face/rgbFrame';
import {
  loadTestAnalyzer,
  missingFaceMedia,
  sharedFacePath,
  type TestAnalyzer,
} from '../../face/testSupport/faceTestSupport';
import { runCli } from '../../../cli';
import { decodeAllFramesRgb, probeRenderedFile } from '../../../media/renderTestFixtures';
import { PackCatalogue } from '../../models/modelPackCatalogue';
import { ModelPackManager } from '../../models/modelPackManager';
import { writeArcfaceFixture, writeInswapperFixture } from '../../models/testSupport/packFixtureModels';
import { alignFace, ARCFACE_128 } from './faceAlignment';

const VIDEO = 'videos/grid_bbaf2n_h264_aac.mp4';
const FACE = 'faces/grid_lbbc2a.jpg';
const skipReason = missingFaceMedia([VIDEO, FACE]);

let work: string;
let previousHome: string | undefined;

async function doppelSwap(output: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const args = ['swap', '--face', sharedFacePath(FACE), '--video', sharedFacePath(VIDEO), '-o', output];
  args.push('--engine', 'inswapper', '--consent-subject', 'GRID speaker lbbc2a (test)', '--json');
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (text) => (stdout += `${text}\n`),
    stderr: (text) => (stderr += `${text}\n`),
    interactive: false,
  });
  return { code, stdout, stderr };
}

/** Where the engine may paste: the arcface_128 crop's footprint around the face, plus a margin. */
async function pasteRegion(analyzer: TestAnalyzer, frame: Uint8Array, width: number, height: number) {
  const [mesh] = await analyzer.analyzer.meshesInPicture(new FramePyramid({ width, height, data: frame }));
  expect(mesh).toBeDefined();
  const { cropToFrame } = alignFace(mesh!.points, ARCFACE_128);
  const corners = [0, 127].flatMap((u) => [0, 127].map((v) => applyAffine(cropToFrame, u, v)));
  const margin = 8; // tracking smoothing, the watermark and chroma subsampling at the edge
  const x = Math.min(...corners.map((corner) => corner.x)) - margin;
  const y = Math.min(...corners.map((corner) => corner.y)) - margin;
  const box: Box = {
    x,
    y,
    width: Math.max(...corners.map((corner) => corner.x)) + margin - x,
    height: Math.max(...corners.map((corner) => corner.y)) + margin - y,
  };
  return box;
}

/** Mean absolute difference of two RGB frames inside and outside a box. */
function differenceInsideOutside(a: Uint8Array, b: Uint8Array, width: number, box: Box) {
  const sums = { inside: 0, insideCount: 0, outside: 0, outsideCount: 0 };
  for (let index = 0; index < a.length; index += 3) {
    const pixel = index / 3;
    const x = pixel % width;
    const y = Math.floor(pixel / width);
    const difference =
      (Math.abs(a[index]! - b[index]!) +
        Math.abs(a[index + 1]! - b[index + 1]!) +
        Math.abs(a[index + 2]! - b[index + 2]!)) /
      3;
    const inside = x >= box.x && x < box.x + box.width && y >= box.y && y < box.y + box.height;
    if (inside) {
      sums.inside += difference;
      sums.insideCount++;
    } else {
      sums.outside += difference;
      sums.outsideCount++;
    }
  }
  return { inside: sums.inside / sums.insideCount, outside: sums.outside / sums.outsideCount };
}

describe.skipIf(skipReason !== undefined)('doppel swap --engine inswapper', () => {
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'doppel-swap-inswapper-'));
    // The CLI reads its data folder from DOPPEL_HOME, as for a user.
    previousHome = process.env.DOPPEL_HOME;
    process.env.DOPPEL_HOME = join(work, 'home');
  });

  afterAll(async () => {
    if (previousHome === undefined) delete process.env.DOPPEL_HOME;
    else process.env.DOPPEL_HOME = previousHome;
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('refuses before writing anything while the pack is not installed, naming the models', async () => {
    const output = join(work, 'never.mp4');
    const result = await doppelSwap(output);
    expect(result.code).not.toBe(0);
    const { error } = JSON.parse(result.stdout) as { error: { code: string; message: string } };
    expect(error.code).toBe('MODEL_NOT_INSTALLED');
    expect(error.message).toMatch(/inswapper-128/);
    expect(error.message).toMatch(/arcface-w600k-r50/);
    expect(existsSync(output)).toBe(false);
  });

  it('swaps the face with the installed pack, keeps frames and audio, and cites the models', async () => {
    const home = join(work, 'home');
    const fixtures = join(work, 'fixtures');
    const models = new ModelPackManager({
      dataDir: home,
      catalogue: await PackCatalogue.load({ extraDirectory: '' }),
      mirror: undefined,
    });
    const sha256: Record<string, string> = {};
    await mkdir(fixtures, { recursive: true });
    try {
      for (const [fileId, write] of [
        ['inswapper-128', writeInswapperFixture],
        ['arcface-w600k-r50', writeArcfaceFixture],
      ] as const) {
        const path = join(fixtures, `${fileId}.onnx`);
        await write(path);
        sha256[fileId] = createHash('sha256')
          .update(await readFile(path))
          .digest('hex');
        await models.importFile({ packId: 'faceswap-inswapper', fileId, path, acceptLicences: true });
      }
    } finally {
      models.dispose();
    }

    const output = join(work, 'swapped.mp4');
    const result = await doppelSwap(output);
    expect(result.code, `${result.stderr}\n${result.stdout}`).toBe(0);
    const summary = JSON.parse(result.stdout) as {
      engine: string;
      frames: number;
      provenance: { models: { name: string; licence: string; sha256?: string; purpose?: string }[] };
    };
    expect(summary.engine).toBe('inswapper');

    const input = await probeRenderedFile(sharedFacePath(VIDEO));
    const rendered = await probeRenderedFile(output);
    const inputVideo = input.streams.find((stream) => stream.codec_type === 'video')!;
    const outputVideo = rendered.streams.find((stream) => stream.codec_type === 'video')!;
    expect(
      Math.abs(Number(outputVideo.nb_read_frames) - Number(inputVideo.nb_read_frames)),
    ).toBeLessThanOrEqual(1);
    expect(rendered.streams.some((stream) => stream.codec_type === 'audio')).toBe(true);
    expect(Math.abs(rendered.durationSeconds - input.durationSeconds)).toBeLessThan(0.1);

    // The manifest names both pack models with the file that ran and its non-commercial licence.
    for (const modelId of ['inswapper-128', 'arcface-w600k-r50']) {
      const cited = summary.provenance.models.find((model) => model.sha256 === sha256[modelId]);
      expect(cited, `${modelId} in ${JSON.stringify(summary.provenance.models)}`).toBeDefined();
      expect(cited!.licence).toContain('non-commercial');
    }

    // The face changed; the rest of the picture only by compression and the watermark.
    const width = Number(inputVideo.width);
    const height = Number(inputVideo.height);
    const before = await decodeAllFramesRgb(sharedFacePath(VIDEO), width, height);
    const after = await decodeAllFramesRgb(output, width, height);
    const analyzer = await loadTestAnalyzer(['detector', 'landmarks']);
    try {
      for (const index of [5, Math.floor(before.length / 2), before.length - 5]) {
        const box = await pasteRegion(analyzer, before[index]!, width, height);
        const difference = differenceInsideOutside(before[index]!, after[index]!, width, box);
        expect(difference.inside, `frame ${index}`).toBeGreaterThan(4 * difference.outside);
        expect(difference.inside, `frame ${index}`).toBeGreaterThan(6);
      }
    } finally {
      analyzer.dispose();
    }
  });
});
