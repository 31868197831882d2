// Test/bench only: the real face models (converted once into a cache folder shared by the test
// files and verified by sha256 on every use) and the shared developer media.
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FaceAnalyzer } from '../faceAnalyzer';
import type { FaceModelRole } from '../faceModels';
import { InferenceSessionPool } from '../../inference/sessionPool';
import { sharedMediaDirectory } from '../../inference/testSupport/faceModelInputs';

/** Conversions are keyed and verified by sha256, so reusing them across runs cannot hide a bug. */
export const FACE_TEST_DATA_DIR =
  process.env.DOPPEL_FACE_TEST_HOME ?? join(tmpdir(), 'doppel-face-test-models');

export function sharedFacePath(relativePath: string): string {
  return join(sharedMediaDirectory(), relativePath);
}

/** Why media-dependent face tests skip, or undefined when every listed file is there. */
export function missingFaceMedia(relativePaths: readonly string[]): string | undefined {
  const missing = relativePaths.map(sharedFacePath).filter((path) => !existsSync(path));
  return missing.length === 0
    ? undefined
    : `shared test media not found (${missing.join(', ')}); put ../shared/media beside the repository or set DOPPEL_TEST_MEDIA`;
}

export const SINGLE_PERSON_STILLS = [
  'grid_bbaf2n.jpg',
  'grid_brbk7n.jpg',
  'grid_lbax4n.jpg',
  'grid_lbbc2a.jpg',
  'grid_lwbsza.jpg',
  'grid_swiz3n.jpg',
  'astronaut.png',
  'astronaut_roll30.jpg',
  'grid_swiz3n_roll-20.jpg',
  'grid_lbbc2a_rot90.jpg',
] as const;

export const GRID_VIDEOS = [
  'grid_bbaf2n.mpg',
  'grid_lbbc2a.mpg',
  'grid_lwbsza.mpg',
  'grid_swiz3n.mpg',
] as const;

export interface TestAnalyzer {
  pool: InferenceSessionPool;
  analyzer: FaceAnalyzer;
  dispose(): void;
}

/** A CPU session pool and an analyser with the real converted models. */
export async function loadTestAnalyzer(roles?: readonly FaceModelRole[]): Promise<TestAnalyzer> {
  const pool = new InferenceSessionPool({ defaultProvider: 'cpu' });
  const analyzer = await FaceAnalyzer.load({
    pool,
    dataDir: FACE_TEST_DATA_DIR,
    ...(roles ? { roles } : {}),
  });
  return {
    pool,
    analyzer,
    dispose: () => {
      analyzer.dispose();
      pool.dispose();
    },
  };
}
