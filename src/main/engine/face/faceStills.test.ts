// Faces in stills, with the real converted models: exactly one face in every single-person still
// (upright, turned 30°, -20° and 90°), every face of a group photo composed from the stills (none
// missed, none doubled), eye and mouth corners within 5 % of the inter-ocular distance of the
// hand-labelled reference points, and the awkward inputs: no face, grey, 8000 x 8000.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateFfmpeg } from '../../media/ffmpegLocator';
import { runProcess } from '../../media/runProcess';
import type { FaceAnalysis } from './faceAnalysisResult';
import type { TestAnalyzer } from './testSupport/faceTestSupport';
import {
  loadTestAnalyzer,
  missingFaceMedia,
  sharedFacePath,
  SINGLE_PERSON_STILLS,
} from './testSupport/faceTestSupport';

const fixture = JSON.parse(
  readFileSync(join(import.meta.dirname, 'testFixtures', 'referenceFacePoints.json'), 'utf8'),
) as {
  meshLandmarks: Record<string, number>;
  images: Record<string, { points: Record<string, [number, number]> }>;
};

const MAX_CORNER_ERROR = 0.05;
const GROUP_CELL = { width: 480, height: 384 };
const GROUP_STILLS = [
  'grid_bbaf2n.jpg',
  'grid_brbk7n.jpg',
  'grid_lbax4n.jpg',
  'grid_lbbc2a.jpg',
  'grid_lwbsza.jpg',
  'grid_swiz3n.jpg',
  'astronaut.png',
];

const skipReason = missingFaceMedia(SINGLE_PERSON_STILLS.map((name) => `faces/${name}`));
if (skipReason !== undefined) console.warn(`[faceStills] skipping: ${skipReason}`);

describe.skipIf(skipReason !== undefined)('faces in stills (real models)', () => {
  let models: TestAnalyzer;
  let folder: string;
  const analyses = new Map<string, Promise<FaceAnalysis>>();
  const cornerErrors: string[] = [];

  /** Each file is analysed once per run, whichever test asks first. */
  const analyse = (path: string): Promise<FaceAnalysis> => {
    let pending = analyses.get(path);
    if (pending === undefined) {
      pending = models.analyzer.analyseStill(path);
      analyses.set(path, pending);
    }
    return pending;
  };

  beforeAll(async () => {
    models = await loadTestAnalyzer();
    folder = mkdtempSync(join(tmpdir(), 'doppel-face-stills-'));
  });

  afterAll(() => {
    models?.dispose();
    rmSync(folder, { recursive: true, force: true });
    if (cornerErrors.length > 0)
      console.log(`eye/mouth corner error, % of inter-ocular distance:\n${cornerErrors.join('\n')}`);
  });

  it.each(SINGLE_PERSON_STILLS)('%s: exactly one face, with a full mesh', async (name) => {
    const analysis = await analyse(sharedFacePath(`faces/${name}`));
    const faces = analysis.frames[0]?.faces ?? [];
    expect(faces).toHaveLength(1);
    expect(faces[0]?.landmarks).toHaveLength(468 * 3);
    expect(analysis.tracks).toHaveLength(1);
    expect(analysis.tracks[0]?.embedding).toHaveLength(1024);
  });

  it.each([
    ['astronaut_roll30.jpg', 30],
    ['grid_swiz3n_roll-20.jpg', -20],
    ['grid_lbbc2a_rot90.jpg', 90],
    ['grid_lbbc2a.jpg', 0],
  ] as const)('%s: the roll is the turn of the picture (%d°)', async (name, degrees) => {
    const analysis = await analyse(sharedFacePath(`faces/${name}`));
    const roll = analysis.frames[0]?.faces[0]?.rollDegrees ?? Number.NaN;
    // The people hold their heads a few degrees off level themselves.
    expect(Math.abs(roll - degrees)).toBeLessThan(8);
  });

  it.each(Object.keys(fixture.images))(
    '%s: eye and mouth corners within 5 %% of the inter-ocular distance',
    async (name) => {
      const analysis = await analyse(sharedFacePath(`faces/${name}`));
      const face = analysis.frames[0]?.faces[0];
      expect(face).toBeDefined();
      const reference = fixture.images[name]!.points;
      const centre = (a: [number, number], b: [number, number]) => [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
      const rightEye = centre(reference.rightEyeOuter!, reference.rightEyeInner!);
      const leftEye = centre(reference.leftEyeInner!, reference.leftEyeOuter!);
      const interOcular = Math.hypot(rightEye[0]! - leftEye[0]!, rightEye[1]! - leftEye[1]!);
      const errors = Object.entries(fixture.meshLandmarks).map(([point, landmark]) => {
        const [x, y] = reference[point]!;
        const error = Math.hypot(
          (face!.landmarks[landmark * 3] ?? 0) - x,
          (face!.landmarks[landmark * 3 + 1] ?? 0) - y,
        );
        return [point, error / interOcular] as const;
      });
      cornerErrors.push(
        `  ${name.padEnd(24)} ${errors.map(([point, error]) => `${point} ${(error * 100).toFixed(1)}`).join('  ')}`,
      );
      for (const [point, error] of errors)
        expect(error, `${name} ${point}`).toBeLessThanOrEqual(MAX_CORNER_ERROR);
    },
  );

  it('finds every face of a 1920 px group photo tiled from the stills: none missed, none doubled', async () => {
    const columns = 4;
    const composites = await Promise.all(
      GROUP_STILLS.map(async (name, index) => ({
        input: await sharp(sharedFacePath(`faces/${name}`))
          .resize(GROUP_CELL.width, GROUP_CELL.height, {
            fit: 'contain',
            background: { r: 40, g: 40, b: 40 },
          })
          .png()
          .toBuffer(),
        left: (index % columns) * GROUP_CELL.width,
        top: Math.floor(index / columns) * GROUP_CELL.height,
      })),
    );
    const path = join(folder, 'group.jpg');
    await sharp({ create: { width: 1920, height: 768, channels: 3, background: { r: 40, g: 40, b: 40 } } })
      .composite(composites)
      .jpeg({ quality: 90 })
      .toFile(path);
    const faces = (await analyse(path)).frames[0]?.faces ?? [];
    const cells = faces.map((face) => {
      const x = face.box.x + face.box.width / 2;
      const y = face.box.y + face.box.height / 2;
      return Math.floor(y / GROUP_CELL.height) * columns + Math.floor(x / GROUP_CELL.width);
    });
    expect([...cells].sort((a, b) => a - b)).toEqual(GROUP_STILLS.map((_, index) => index));
    // The condition the detector has to cope with: every face is a tenth of the width or less.
    for (const face of faces) expect(face.box.width).toBeLessThanOrEqual(192);
  });

  it('returns an empty result for a picture without faces', async () => {
    const path = join(folder, 'mandelbrot.png');
    const args = [
      '-hide_banner',
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      'mandelbrot=size=640x480',
      '-frames:v',
      '1',
      path,
    ];
    await runProcess(await locateFfmpeg(), args);
    const analysis = await analyse(path);
    expect(analysis.frames).toHaveLength(1);
    expect(analysis.frames[0]?.faces).toEqual([]);
    expect(analysis.tracks).toEqual([]);
  });

  it('reads a grey (one-channel) photo', async () => {
    const path = join(folder, 'grey.jpg');
    await sharp(sharedFacePath('faces/grid_lbax4n.jpg')).grayscale().toColourspace('b-w').jpeg().toFile(path);
    expect((await sharp(path).metadata()).channels).toBe(1);
    const faces = (await analyse(path)).frames[0]?.faces ?? [];
    expect(faces).toHaveLength(1);
  });

  it('analyses an 8000 x 8000 photo on a shrunk copy and reports original pixels', async () => {
    const path = join(folder, 'huge.jpg');
    const portrait = await sharp(sharedFacePath('faces/astronaut.png')).resize(2048, 2048).png().toBuffer();
    await sharp({ create: { width: 8000, height: 8000, channels: 3, background: { r: 90, g: 90, b: 90 } } })
      .composite([{ input: portrait, left: 3000, top: 4000 }])
      .jpeg({ quality: 80 })
      .toFile(path);
    const analysis = await analyse(path);
    expect([analysis.width, analysis.height]).toEqual([8000, 8000]);
    const faces = analysis.frames[0]?.faces ?? [];
    expect(faces).toHaveLength(1);
    // The astronaut's face centre (about (225, 120) in the 512 px original) scaled 4x and moved.
    const centreX = faces[0]!.box.x + faces[0]!.box.width / 2;
    const centreY = faces[0]!.box.y + faces[0]!.box.height / 2;
    expect(Math.abs(centreX - (3000 + 225 * 4))).toBeLessThan(120);
    expect(Math.abs(centreY - (4000 + 120 * 4))).toBeLessThan(160);
  });
});
