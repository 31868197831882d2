// npm run bench -- inspector
// Figures for the media inspector (issues 8 and 9): how long each part of an inspection takes
// (C2PA + watermark, content safety verdict, face analysis + cues) and the cue values, on the
// shared GRID videos, the astronaut clip (a still animated with speech), a studio render of a GRID
// video (through the render service with the production safeguards), and GRID clips changed the
// way a fake would change them (sound 200 ms late, a shaking face). Models are converted into a
// bench data folder on first use (not timed). Results go to benchmarks/reports by hand.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Cue } from '../src/shared/model/provenanceSchemas';
import { loadTestAnalyzer, sharedFacePath } from '../src/main/engine/face/testSupport/faceTestSupport';
import { InferenceSessionPool } from '../src/main/engine/inference/sessionPool';
import { installationTrustAnchorsPem } from '../src/main/engine/provenance/c2pa/signingCredentials';
import { contentSafetyInspector } from '../src/main/engine/provenance/inspector/contentSafetyVerdict';
import { evaluateCues } from '../src/main/engine/provenance/inspector/deepfakeCues';
import { createFaceCueAnalyzers } from '../src/main/engine/provenance/inspector/faceCues/faceCueAnalyzers';
import { inspectMedia } from '../src/main/engine/provenance/inspector/inspectMedia';
import { ffmpeg } from '../src/main/engine/provenance/testSupport/provenanceTestMedia';
import { createContentSafetyGate } from '../src/main/engine/safety/contentSafetyGate';
import { sharedClassifierDataDir } from '../src/main/engine/safety/testSupport/safetyTestMedia';
import { RenderTestProject } from '../src/main/engine/render/testSupport/renderTestProject';
import { probeMedia } from '../src/main/media/probeMedia';
import { ProjectSession } from '../src/main/services/projectSession';
import { createRenderSafeguards } from '../src/main/services/renderSafeguards';
import { RenderServiceImpl } from '../src/main/services/renderService';
import { StudioContentSafety } from '../src/main/services/studioContentSafety';

const ms = (started: number): number => Math.round(performance.now() - started);

function cueText(cue: Cue): string {
  if (cue.value === null) return cue.status === 'notApplicable' ? 'n/a' : 'not analysed';
  return `${cue.value}${cue.level === 'unusual' ? ' (unusual)' : ''}`;
}

async function studioRender(work: string, dataDir: string, pool: InferenceSessionPool): Promise<string> {
  const project = RenderTestProject.create(join(work, 'project'), { width: 360, height: 288 });
  const [asset] = await project.importFiles(sharedFacePath('videos/grid_bbaf2n_h264_aac.mp4'));
  project.addLinkedClip(asset!, { startUs: 0, outUs: 3_000_000 });
  const session = new ProjectSession();
  session.replace(project.store);
  const safety = new StudioContentSafety(session, () => createContentSafetyGate({ dataDir, pool }));
  const service = new RenderServiceImpl(session, { preflight: createRenderSafeguards({ dataDir, safety }) });
  const output = join(work, 'studio-render.mp4');
  const started = performance.now();
  const { renderId } = await service.start({ outputPath: output, preset: 'source', codec: {}, range: null });
  await new Promise<void>((resolve, reject) =>
    service.onDidRenderProgress((event) => {
      if (event.renderId !== renderId || ['queued', 'running'].includes(event.status)) return;
      if (event.status === 'done') resolve();
      else reject(new Error(event.error?.message ?? event.status));
    }),
  );
  console.log(`studio render of grid_bbaf2n_h264_aac.mp4 (3 s, watermark + C2PA): ${ms(started)} ms wall`);
  service.dispose();
  safety.dispose();
  session.dispose();
  return output;
}

export async function runInspectorBench(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'doppel-inspector-bench-'));
  const dataDir = sharedClassifierDataDir();
  const pool = new InferenceSessionPool({ defaultProvider: 'cpu' });
  const analyzer = await loadTestAnalyzer(['detector', 'landmarks']);
  const gate = await createContentSafetyGate({ dataDir, pool });
  const safety = contentSafetyInspector(async () => gate);
  const anchors = await installationTrustAnchorsPem(dataDir);
  try {
    const late = join(work, 'grid_swiz3n_sound_200ms_late.mp4');
    await ffmpeg([
      '-i',
      sharedFacePath('videos/grid_swiz3n.mpg'),
      '-af',
      'adelay=200:all=1',
      '-c:a',
      'aac',
      late,
    ]);
    const shaking = join(work, 'grid_swiz3n_shaking.mp4');
    await ffmpeg([
      ...['-i', sharedFacePath('videos/grid_swiz3n.mpg'), '-an'],
      ...['-vf', "crop=340:272:'10+6*(random(1)-0.5)':'8+6*(random(2)-0.5)'", shaking],
    ]);
    const files = [
      ...[
        'grid_bbaf2n.mpg',
        'grid_lbbc2a.mpg',
        'grid_lwbsza.mpg',
        'grid_swiz3n.mpg',
        'grid_bbaf2n_h264_aac.mp4',
      ].map((name) => sharedFacePath(`videos/${name}`)),
      sharedFacePath('videos/synth_astronaut_kenburns_jfk.mp4'),
      await studioRender(work, dataDir, pool),
      late,
      shaking,
    ];
    console.log(
      '| file | C2PA + watermark ms | content safety ms | faces + cues ms | C2PA | watermark | safety | blinks/min | jitter % | boundary x | audio/lip ms |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|---|---|');
    for (const path of files) {
      let started = performance.now();
      const report = await inspectMedia(path, { trustAnchorsPem: anchors });
      const base = ms(started);
      started = performance.now();
      const verdict = await safety(path);
      const safetyMs = ms(started);
      started = performance.now();
      const analyzers = createFaceCueAnalyzers((file, settings) =>
        analyzer.analyzer.analyseFile(file, { settings }),
      );
      const cues = await evaluateCues({ path, probe: await probeMedia(path) }, analyzers);
      const cuesMs = ms(started);
      const value = (id: Cue['id']) => cueText(cues.find((cue) => cue.id === id)!);
      const c2pa = !report.c2pa.present
        ? 'none'
        : report.c2pa.valid
          ? report.c2pa.trusted
            ? 'trusted'
            : 'valid'
          : 'invalid';
      const watermark = report.watermark.found ? `found ${report.watermark.bitAccuracy}` : 'none';
      console.log(
        `| ${basename(path)} | ${base} | ${safetyMs} | ${cuesMs} | ${c2pa} | ${watermark} | ${verdict.status} ${verdict.highestVoteScore?.toFixed(3) ?? ''} | ${value('blinkRate')} | ${value('landmarkJitter')} | ${value('boundaryColourMismatch')} | ${value('audioLipOffset')} |`,
      );
    }
  } finally {
    gate.dispose();
    analyzer.dispose();
    pool.dispose();
    rmSync(work, { recursive: true, force: true });
  }
}
