// npm run bench -- models
// Figures for issue 4 item 4 (model packs and the neural swap), in one run:
// - the install path's transfer: a 256 MiB file from a loopback HTTP server into a `.part`, hashed
//   (sha256 + CRC32) while it arrives (downloadToPartialFile), wall and CPU time; then the same with
//   the connection cut half way and resumed with a Range request; and sha256 alone over the same
//   bytes in memory, for scale (what a second verification pass would cost);
// - the inswapper engine's own per-face cost around the model (5-point alignment, aligned crop
//   sampling, paste-back with the feathered mask; GFPGAN's 512 px crop and paste when enhancing),
//   measured with the project's fixture models, whose inference is a handful of element-wise ops.
//   The real inswapper_128 / ArcFace / GFPGAN inference is NOT measured: no weights here.
// Needs ../shared/media for the face still.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FramePyramid, type RgbFrame } from '../src/main/engine/face/rgbFrame';
import { loadStillImage } from '../src/main/engine/face/stillImageLoading';
import {
  loadTestAnalyzer,
  missingFaceMedia,
  sharedFacePath,
} from '../src/main/engine/face/testSupport/faceTestSupport';
import { loadInswapperModels } from '../src/main/engine/faceswap/neural/inswapperEngine';
import { InswapperFaceSwapper } from '../src/main/engine/faceswap/neural/inswapperFaceSwapper';
import { InferenceSessionPool } from '../src/main/engine/inference/sessionPool';
import { PackCatalogue } from '../src/main/engine/models/modelPackCatalogue';
import { ModelPackManager } from '../src/main/engine/models/modelPackManager';
import { downloadToPartialFile } from '../src/main/engine/models/resumableDownload';
import { LoopbackModelServer } from '../src/main/engine/models/testSupport/loopbackModelServer';
import {
  writeArcfaceFixture,
  writeGfpganFixture,
  writeInswapperFixture,
} from '../src/main/engine/models/testSupport/packFixtureModels';

const PAYLOAD_BYTES = 256 * 1024 * 1024;
const SWAPS = 40;

async function timed<T>(task: () => Promise<T>): Promise<{ value: T; ms: number; cpuMs: number }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const value = await task();
  const used = process.cpuUsage(cpu);
  return { value, ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 };
}

const mibPerSecond = (bytes: number, ms: number) => `${(bytes / 1024 / 1024 / (ms / 1000)).toFixed(0)} MiB/s`;

async function transferFigures(folder: string): Promise<void> {
  const payload = randomBytes(PAYLOAD_BYTES);
  const server = await LoopbackModelServer.start();
  try {
    server.serve('/bench/model.onnx', payload);
    const whole = await timed(() =>
      downloadToPartialFile({
        url: `${server.url}/bench/model.onnx`,
        partialPath: join(folder, 'a.part'),
        label: 'bench',
      }),
    );
    console.log(
      `download + sha256 + CRC32, 256 MiB over loopback: ${whole.ms.toFixed(0)} ms wall (${mibPerSecond(PAYLOAD_BYTES, whole.ms)}), ` +
        `${whole.cpuMs.toFixed(0)} ms CPU in this process`,
    );
    server.setFaults('/bench/model.onnx', { breakAfterBytes: { bytes: PAYLOAD_BYTES / 2 } });
    const resumed = await timed(() =>
      downloadToPartialFile({
        url: `${server.url}/bench/model.onnx`,
        partialPath: join(folder, 'b.part'),
        label: 'bench',
        retryDelayMs: 0,
      }),
    );
    console.log(
      `same, cut at 128 MiB and resumed: ${resumed.ms.toFixed(0)} ms wall, ${resumed.value.attempts} attempts, ` +
        `second request ${server.requestsFor('/bench/model.onnx').at(-1)?.range ?? 'without a Range'}, sha256 ${resumed.value.sha256 === whole.value.sha256 ? 'equal' : 'DIFFERENT'}`,
    );
    const hashOnly = await timed(async () => createHash('sha256').update(payload).digest('hex'));
    console.log(
      `sha256 alone over the 256 MiB in memory: ${hashOnly.ms.toFixed(0)} ms (${mibPerSecond(PAYLOAD_BYTES, hashOnly.ms)})`,
    );
  } finally {
    await server.close();
  }
}

function percentile(values: number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
}

async function swapFigures(folder: string): Promise<void> {
  const skip = missingFaceMedia(['faces/grid_bbaf2n.jpg', 'faces/grid_lbbc2a.jpg']);
  if (skip !== undefined) {
    console.log(`inswapper per-face figures skipped: ${skip}`);
    return;
  }
  const analyzer = await loadTestAnalyzer(['detector', 'landmarks']);
  const pool = new InferenceSessionPool({ defaultProvider: 'cpu' });
  const models = new ModelPackManager({
    dataDir: join(folder, 'home'),
    catalogue: await PackCatalogue.load({ extraDirectory: '' }),
    mirror: undefined,
  });
  try {
    for (const [fileId, write] of [
      ['inswapper-128', writeInswapperFixture],
      ['arcface-w600k-r50', writeArcfaceFixture],
      ['gfpgan-1.4', writeGfpganFixture],
    ] as const) {
      const path = join(folder, `${fileId}.onnx`);
      await write(path);
      await models.importFile({ packId: 'faceswap-inswapper', fileId, path, acceptLicences: true });
    }
    const faceOf = async (name: string) => {
      const still = await loadStillImage(sharedFacePath(`faces/${name}`));
      const [mesh] = await analyzer.analyzer.meshesInPicture(new FramePyramid(still.frame));
      if (mesh === undefined) throw new Error(`no face in ${name}`);
      return { picture: still.frame, landmarks: mesh.points };
    };
    const target = await faceOf('grid_bbaf2n.jpg');
    const source = await faceOf('grid_lbbc2a.jpg');
    for (const enhance of [false, true]) {
      const loaded = await timed(() => loadInswapperModels({ dataDir: join(folder, 'home'), pool, enhance }));
      const created = await timed(() =>
        InswapperFaceSwapper.create(loaded.value, source, { enhance, enhanceBlend: 0.8 }),
      );
      const swapper = created.value;
      const times: number[] = [];
      for (let index = 0; index < SWAPS; index++) {
        const frame: RgbFrame = { ...target.picture, data: Uint8Array.from(target.picture.data) };
        const started = performance.now();
        await swapper.swapFace(frame, target.landmarks);
        times.push(performance.now() - started);
      }
      swapper.dispose();
      console.log(
        `inswapper${enhance ? ' + GFPGAN' : ''} (fixture models), ${target.picture.width}x${target.picture.height} still: ` +
          `open models ${loaded.ms.toFixed(0)} ms, source identity ${created.ms.toFixed(1)} ms, ` +
          `per face median ${percentile(times, 0.5).toFixed(2)} ms, p90 ${percentile(times, 0.9).toFixed(2)} ms over ${SWAPS}`,
      );
    }
  } finally {
    models.dispose();
    pool.dispose();
    analyzer.dispose();
  }
}

export async function runModelsBench(): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'doppel-models-bench-'));
  try {
    await transferFigures(folder);
    await swapFigures(folder);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
