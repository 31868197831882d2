// `doppel faces` as a user runs it: a real process on the TypeScript source, real models (from the
// shared test conversion folder), real ffmpeg; stdout JSON and the exit code are the contract.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  FACE_TEST_DATA_DIR,
  missingFaceMedia,
  sharedFacePath,
} from '../engine/face/testSupport/faceTestSupport';

const root = fileURLToPath(new URL('../../..', import.meta.url));

function doppel(args: string[]) {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(root, 'src', 'main', 'cli.ts'), ...args],
    {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, DOPPEL_HOME: FACE_TEST_DATA_DIR },
      timeout: 240_000,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface FacesJson {
  kind: string;
  width: number;
  height: number;
  frames: {
    index: number;
    faces: {
      trackId: number;
      box: { width: number };
      score: number;
      roll: number;
      landmarks: number[][];
      embedding?: number[];
    }[];
  }[];
  tracks: { id: number; frameCount: number }[];
}

const MEDIA = ['faces/grid_swiz3n_roll-20.jpg', 'videos/grid_lwbsza.mpg', 'speech/jfk_inaugural_16k.wav'];
const skipReason = missingFaceMedia(MEDIA);
if (skipReason !== undefined) console.warn(`[facesCommand] skipping: ${skipReason}`);

describe.skipIf(skipReason !== undefined)('doppel faces', () => {
  it('prints each face of a photo: box, score, roll, 468 landmarks, track and embedding', () => {
    const result = doppel(['faces', sharedFacePath(MEDIA[0]!), '--embeddings', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as FacesJson;
    expect(json).toMatchObject({ kind: 'image', width: 360, height: 288 });
    const [face, ...others] = json.frames[0]!.faces;
    expect(others).toEqual([]);
    expect(face!.trackId).toBe(0);
    expect(face!.box.width).toBeGreaterThan(50);
    expect(face!.score).toBeGreaterThan(0.5);
    expect(Math.abs(face!.roll + 20)).toBeLessThan(8);
    expect(face!.landmarks).toHaveLength(468);
    expect(face!.landmarks.every((point) => point.length === 3)).toBe(true);
    expect(face!.embedding).toHaveLength(1024);
    expect(Math.hypot(...face!.embedding!)).toBeCloseTo(1, 3);
  });

  it('analyses every Nth frame of a video and keeps the track id', () => {
    const result = doppel(['faces', sharedFacePath(MEDIA[1]!), '--every', '25', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as FacesJson;
    expect(json.frames.map((frame) => frame.index)).toEqual([0, 25, 50]);
    for (const frame of json.frames) {
      expect(frame.faces.map((face) => face.trackId)).toEqual([0]);
      expect(frame.faces[0]!.embedding).toBeUndefined();
    }
    expect(json.tracks).toEqual([expect.objectContaining({ id: 0, frameCount: 3 })]);
  });

  it('fails with a clear error for a file without pictures, and with usage for a bad --every', () => {
    const audio = doppel(['faces', sharedFacePath(MEDIA[2]!), '--json']);
    expect(audio.code).toBe(1);
    const { error } = JSON.parse(audio.stdout) as { error: { code: string; message: string } };
    expect(error.code).toBe('UNSUPPORTED_FORMAT');
    expect(error.message).toContain('jfk_inaugural_16k.wav" has no video stream');
    const usage = doppel(['faces', sharedFacePath(MEDIA[0]!), '--every', '0']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--every needs a whole number from 1 to 1000');
  });
});
