// npm run bench -- render-gate
// The content safety gate's share of a face-swap render (issue 9): a 10 s 1280x720 25 fps clip
// with a face (the synthetic astronaut zoom, pillarboxed; the same file as `bench -- safety`) gets
// the classical Face swap of a GRID photo, rendered through the production studio (createStudio:
// consent, content safety gate, watermark, C2PA). Prints
//   - the gate alone, cold (no verdict cache): the photo plus the clip sampled once per second;
//   - render.start(), which runs consent and the gate on the stored effects, resolves the effect
//     (face analysis already cached) and prepares the plan and the provenance stage;
//   - the whole render, from render.start() to the output being signed and renamed;
// and the gate's share = gate (cold) / whole render. Face analysis of the clip is made first and
// reported on its own (a render of an analysed clip does not repeat it). Models are converted into
// .tmp/bench-home-render-gate on first use (not timed).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { RenderProgress } from '../src/shared/contracts/renderContract';
import { FACE_SWAP_EFFECT_KIND } from '../src/shared/model/faceSwapParams';
import { ffmpeg } from '../src/main/engine/provenance/testSupport/provenanceTestMedia';
import {
  missingSharedMediaReason,
  sharedMediaPath,
} from '../src/main/engine/safety/testSupport/safetyTestMedia';
import { probeMedia } from '../src/main/media/probeMedia';
import { createStudio } from '../src/main/services/createStudio';

const ms = (started: number): number => Math.round(performance.now() - started);

/** The 10 s 720p clip with a face that `bench -- safety` uses (made here if it is not there yet). */
async function faceClip(): Promise<string> {
  const folder = resolve('.tmp', 'bench-media');
  mkdirSync(folder, { recursive: true });
  const path = join(folder, 'safety-astronaut-720p25-10s.mp4');
  if (existsSync(path)) return path;
  console.log(`Generating ${path} (reused on later runs)…`);
  await ffmpeg([
    ...['-i', sharedMediaPath('videos/synth_astronaut_kenburns_jfk.mp4'), '-t', '10'],
    ...['-vf', 'scale=720:720,pad=1280:720:280:0,setsar=1', '-r', '25'],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', path],
  ]);
  return path;
}

export async function runRenderGateBench(): Promise<void> {
  const missing = missingSharedMediaReason();
  if (missing !== undefined) {
    console.log(`render-gate bench skipped: ${missing}`);
    return;
  }
  const clipPath = await faceClip();
  const photoPath = sharedMediaPath('faces/grid_lbbc2a.jpg');
  const dataDir = resolve('.tmp', 'bench-home-render-gate');
  const work = mkdtempSync(join(tmpdir(), 'doppel-render-gate-bench-'));
  const studio = createStudio({ mode: 'cli', dataDir });
  const { services } = studio;
  try {
    await services.project.create({ path: join(work, 'Gate.doppel') });
    const { imported } = await services.media.import({ paths: [photoPath, clipPath] });
    const [photo, clip] = [photoPath, clipPath].map(
      (path) => imported.find((entry) => entry.path === path)?.asset,
    );
    if (!photo || !clip) throw new Error('the bench media were not imported');

    // Source face and its consent, as a user does it in the Faces and Identities panels.
    const photoFaces = await services.faces.analyseAsset({ assetId: photo.id, every: 1 });
    await services.faces.markFace({
      assetId: photo.id,
      trackId: photoFaces.frame?.faces[0]?.trackId ?? 0,
      role: 'source',
    });
    const identity = (await services.identities.list({})).find((entry) => entry.kind === 'face');
    if (!identity) throw new Error('marking the source face made no identity');
    await services.consent.grant({ identityId: identity.id, subject: 'GRID speaker lbbc2a', scope: 'Bench' });

    let started = performance.now();
    await services.faces.analyseAsset({ assetId: clip.id, every: 1 });
    const analysisMs = ms(started);

    const timeline = await services.timeline.apply({
      command: { type: 'insertAsset', assetId: clip.id, trackId: null, startUs: 0 },
    });
    const videoClip = timeline.clips.find((entry) => entry.assetId === clip.id);
    if (!videoClip) throw new Error('the clip did not land on the timeline');
    await services.timeline.apply({
      command: {
        type: 'addEffect',
        clipId: videoClip.id,
        kind: FACE_SWAP_EFFECT_KIND,
        params: { sourceIdentityId: identity.id, engine: 'classical', targetMode: 'all' },
      },
    });

    // The gate alone, cold: the shared gate keeps no verdict cache. Loading the classifiers is
    // timed on its own (the studio loads them once, on the first synthesis).
    started = performance.now();
    const gate = await studio.safety.gateForStore(null);
    const loadMs = ms(started);
    started = performance.now();
    const clearance = await gate.checkBeforeSynthesis({ sources: [photoPath], targets: [clipPath] });
    const gateMs = ms(started);
    const samples = clearance.verdicts.reduce((sum, verdict) => sum + verdict.samples.length, 0);

    // The render: its own gate run is cold too (the project's verdict cache is empty).
    const output = join(work, 'swapped.mp4');
    const finished = new Promise<RenderProgress>((resolveDone) => {
      services.render.onDidRenderProgress((event) => {
        if (['done', 'failed', 'cancelled'].includes(event.status)) resolveDone(event);
      });
    });
    started = performance.now();
    await services.render.start({ outputPath: output, preset: 'source', codec: {}, range: null });
    const startMs = ms(started);
    const last = await finished;
    const renderMs = ms(started);
    if (last.status !== 'done') throw new Error(`the render ended ${last.status}: ${last.error?.message}`);
    const probe = await probeMedia(output);

    console.log('\nContent safety gate in a classical face-swap render (10 s, 1280x720, 25 fps)');
    console.log(`  face analysis of the clip (once, cached):     ${analysisMs} ms`);
    console.log(`  classifiers loaded (once per studio; converted on a first run): ${loadMs} ms`);
    console.log(`  gate alone, cold (photo + ${samples} samples):        ${gateMs} ms`);
    console.log(`  render.start() (consent + gate + prepare):     ${startMs} ms`);
    console.log(
      `  whole render, start to signed output:          ${renderMs} ms (${last.totalFrames} frames, ` +
        `${(last.totalFrames / (renderMs / 1000)).toFixed(2)} fps, ${probe.durationUs === null ? '?' : (probe.durationUs / 1e6).toFixed(2)} s out)`,
    );
    console.log(
      `  gate share of the render:                      ${((100 * gateMs) / renderMs).toFixed(1)} %`,
    );
  } finally {
    studio.dispose();
    rmSync(work, { recursive: true, force: true });
  }
}
