// The inswapper engine on real GRID stills with the real face stack and the fixture models from an
// installed pack: the mesh's five points land on the arcface_128 template, the swap changes the
// face and nothing else, the effect's blend mixes it with the target, and the optional GFPGAN
// enhancer is applied 80 % on top.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyAffine } from '../../face/faceGeometry';
import { FramePyramid, type RgbFrame } from '../../face/rgbFrame';
import { loadStillImage } from '../../face/stillImageLoading';
import {
  loadTestAnalyzer,
  missingFaceMedia,
  sharedFacePath,
  type TestAnalyzer,
} from '../../face/testSupport/faceTestSupport';
import { InferenceSessionPool } from '../../inference/sessionPool';
import { PackCatalogue } from '../../models/modelPackCatalogue';
import { ModelPackManager } from '../../models/modelPackManager';
import {
  writeArcfaceFixture,
  writeGfpganFixture,
  writeInswapperFixture,
} from '../../models/testSupport/packFixtureModels';
import { alignFace, ARCFACE_128, fivePointsFromMesh } from './faceAlignment';
import { loadInswapperModels } from './inswapperEngine';
import { InswapperFaceSwapper } from './inswapperFaceSwapper';

const skipReason = missingFaceMedia(['faces/grid_bbaf2n.jpg', 'faces/grid_lbbc2a.jpg']);

describe.skipIf(skipReason !== undefined)('the inswapper engine on GRID stills', () => {
  let folder: string;
  let analyzer: TestAnalyzer;
  let pool: InferenceSessionPool;
  let target: RgbFrame;
  let targetMesh: Float32Array;
  let source: { picture: RgbFrame; landmarks: Float32Array };

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'doppel-inswapper-still-'));
    analyzer = await loadTestAnalyzer(['detector', 'landmarks']);
    pool = new InferenceSessionPool({ defaultProvider: 'cpu' });
    const meshOf = async (name: string) => {
      const still = await loadStillImage(sharedFacePath(`faces/${name}`));
      const [mesh] = await analyzer.analyzer.meshesInPicture(new FramePyramid(still.frame));
      return { picture: still.frame, landmarks: mesh!.points };
    };
    const targetFace = await meshOf('grid_bbaf2n.jpg');
    target = targetFace.picture;
    targetMesh = targetFace.landmarks;
    source = await meshOf('grid_lbbc2a.jpg');
    const models = new ModelPackManager({
      dataDir: join(folder, 'home'),
      catalogue: await PackCatalogue.load({ extraDirectory: '' }),
      mirror: undefined,
    });
    const files = [
      ['inswapper-128', 'inswapper_128.onnx', writeInswapperFixture],
      ['arcface-w600k-r50', 'arcface.onnx', writeArcfaceFixture],
      ['gfpgan-1.4', 'gfpgan.onnx', writeGfpganFixture],
    ] as const;
    for (const [fileId, name, write] of files) {
      await write(join(folder, name));
      await models.importFile({
        packId: 'faceswap-inswapper',
        fileId,
        path: join(folder, name),
        acceptLicences: true,
      });
    }
    models.dispose();
  });

  afterAll(async () => {
    pool?.dispose();
    analyzer?.dispose();
    await rm(folder, { recursive: true, force: true });
  });

  const copyOf = (frame: RgbFrame): RgbFrame => ({ ...frame, data: Uint8Array.from(frame.data) });

  it('puts the five mesh points on the arcface_128 template', () => {
    const alignment = alignFace(targetMesh, ARCFACE_128);
    const points = fivePointsFromMesh(targetMesh);
    const residuals = points.map(([x, y], index) => {
      const mapped = applyAffine(alignment.frameToCrop, x, y);
      const [tx, ty] = ARCFACE_128.points[index]!;
      return Math.hypot(mapped.x - tx, mapped.y - ty);
    });
    expect(Math.max(...residuals)).toBeLessThan(6);
    // Subject's right eye (picture left) goes to the template's first point.
    expect(points[0]![0]).toBeLessThan(points[1]![0]);
  });

  async function swapped(enhance: boolean, enhanceBlend = 0.8, blend?: number): Promise<RgbFrame> {
    const models = await loadInswapperModels({ dataDir: join(folder, 'home'), pool, enhance });
    const settings = { enhance, enhanceBlend, ...(blend === undefined ? {} : { blend }) };
    const swapper = await InswapperFaceSwapper.create(models, source, settings);
    const frame = copyOf(target);
    await swapper.swapFace(frame, targetMesh);
    swapper.dispose();
    return frame;
  }

  it('changes the face and nothing outside the pasted region; GFPGAN blends on top', async () => {
    const plain = await swapped(false);
    const { cropToFrame } = alignFace(targetMesh, ARCFACE_128);
    const corners = [
      [0, 0],
      [127, 0],
      [0, 127],
      [127, 127],
    ].map(([u, v]) => applyAffine(cropToFrame, u!, v!));
    const inRegion = (x: number, y: number) =>
      x >= Math.min(...corners.map((c) => c.x)) - 1 &&
      x <= Math.max(...corners.map((c) => c.x)) + 1 &&
      y >= Math.min(...corners.map((c) => c.y)) - 1 &&
      y <= Math.max(...corners.map((c) => c.y)) + 1;
    let outside = 0;
    let insideChange = 0;
    let inside = 0;
    for (let y = 0; y < target.height; y++) {
      for (let x = 0; x < target.width; x++) {
        const offset = (y * target.width + x) * 3;
        const change =
          Math.abs(plain.data[offset]! - target.data[offset]!) +
          Math.abs(plain.data[offset + 1]! - target.data[offset + 1]!);
        if (!inRegion(x, y) && change > 0) outside += 1;
        if (inRegion(x, y)) {
          insideChange += change;
          inside += 1;
        }
      }
    }
    expect(outside).toBe(0);
    expect(insideChange / inside).toBeGreaterThan(15);

    const enhanced = await swapped(true);
    const noBlend = await swapped(true, 0);
    expect(Buffer.compare(Buffer.from(noBlend.data), Buffer.from(plain.data))).toBe(0);
    let enhancerChange = 0;
    for (let index = 0; index < enhanced.data.length; index++)
      enhancerChange += Math.abs(enhanced.data[index]! - plain.data[index]!);
    expect(enhancerChange / inside).toBeGreaterThan(5);
  });

  it("blends the swapped face by the effect's blend: 0 keeps the target, 0.5 lands half way", async () => {
    const full = await swapped(false);
    const none = await swapped(false, 0.8, 0);
    expect(Buffer.compare(Buffer.from(none.data), Buffer.from(target.data))).toBe(0);
    const half = await swapped(false, 0.8, 0.5);
    let worst = 0;
    let changed = 0;
    for (let index = 0; index < target.data.length; index++) {
      const expected = (target.data[index]! + full.data[index]!) / 2;
      worst = Math.max(worst, Math.abs(half.data[index]! - expected));
      if (full.data[index] !== target.data[index]) changed += 1;
    }
    expect(changed).toBeGreaterThan(1000);
    expect(worst).toBeLessThanOrEqual(1); // rounding of the two pastes
  });
});
