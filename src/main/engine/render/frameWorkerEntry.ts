// Finds and starts the frame processor worker in both ways the studio runs:
// - from source (vitest, the CLI in a checkout via tsx): this module is a .ts file and the worker
//   is frameProcessorWorker.ts beside it. Node cannot run TypeScript, so the worker starts from a
//   tiny ESM bootstrap that installs tsx's loader first (worker threads do not inherit it).
// - from the electron-vite build: this code sits in out/main/ or out/main/chunks/, and the worker
//   is the separate entry out/main/frameProcessorWorker.js (see electron.vite.config.ts).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { StudioError } from '../../../shared/errors';

export const FRAME_WORKER_BASENAME = 'frameProcessorWorker';

export interface FrameWorkerEntry {
  kind: 'typescript' | 'javascript';
  path: string;
}

export function locateFrameProcessorWorker(moduleUrl: string = import.meta.url): FrameWorkerEntry {
  const modulePath = fileURLToPath(moduleUrl);
  const folder = dirname(modulePath);
  if (modulePath.endsWith('.ts')) {
    return { kind: 'typescript', path: join(folder, `${FRAME_WORKER_BASENAME}.ts`) };
  }
  const candidates = [folder, dirname(folder)].map((candidate) =>
    join(candidate, `${FRAME_WORKER_BASENAME}.js`),
  );
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) {
    throw new StudioError(
      'INTERNAL',
      `The frame processor worker is missing (looked for ${candidates.join(' and ')}); rebuild the studio.`,
    );
  }
  return { kind: 'javascript', path: found };
}

/**
 * tsx's ESM `register()` API as a file URL. A data: URL module cannot resolve bare specifiers and
 * require() would give the CommonJS build, so read the ESM path from tsx's own exports map.
 */
function tsxEsmApiUrl(): string {
  const packageJsonPath = createRequire(import.meta.url).resolve('tsx/package.json');
  const exportsMap = (
    JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { exports?: Record<string, unknown> }
  ).exports;
  const esmApi = (exportsMap?.['./esm/api'] as { import?: { default?: unknown } } | undefined)?.import
    ?.default;
  if (typeof esmApi !== 'string') {
    throw new StudioError(
      'INTERNAL',
      `Cannot find tsx's ESM API in ${packageJsonPath}; run the built studio instead.`,
    );
  }
  return pathToFileURL(join(dirname(packageJsonPath), esmApi)).href;
}

export function startFrameWorkerThread(entry: FrameWorkerEntry, workerData: unknown): Worker {
  if (entry.kind === 'javascript') return new Worker(entry.path, { workerData });
  const workerUrl = pathToFileURL(entry.path).href;
  const bootstrap =
    `const { register } = await import(${JSON.stringify(tsxEsmApiUrl())});\nregister();\n` +
    `await import(${JSON.stringify(workerUrl)});\n`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`), { workerData });
}
