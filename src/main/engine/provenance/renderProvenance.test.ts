// Issue 8 end to end at the engine level: a render using a face identity is refused without
// consent (before any file is written), runs once consent is granted, and its output, produced by
// an ffmpeg encode wired exactly as the render pipeline wires encode-stage extensions, carries a
// signed C2PA manifest and both watermarks, all of which the inspector reads back. The untouched
// input reads as "none found".
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectionReportSchema } from '../../../shared/model/provenanceSchemas';
import { ProjectStore } from '../../store/projectStore';
import { installationTrustAnchorsPem } from './c2pa/signingCredentials';
import { ConsentLedger } from './consent/consentLedger';
import { inspectMedia } from './inspector/inspectMedia';
import {
  beginRenderProvenance,
  type ProvenanceEncodeExtension,
  type RenderProvenanceRequest,
} from './renderProvenance';
import {
  ffmpeg,
  sharedMediaPresent,
  sharedVideo,
  temporaryFolder,
  videoSize,
} from './testSupport/provenanceTestMedia';
import { watermarkIdForRender } from './watermark/watermarkPayload';

const RATE = 48_000;
const renderId = '7c0ffee0-1234-4abc-8def-0123456789ab';

/** Runs the encoder the way engine/render composes extensions: [0:v] -> vx1 -> ... -> [vout]. */
async function encodeLikeThePipeline(options: {
  source: string;
  output: string;
  work: string;
  extensions: ProvenanceEncodeExtension[];
}): Promise<void> {
  const { width, height } = await videoSize(options.source);
  const rawVideo = path.join(options.work, 'frames.yuv');
  await ffmpeg(['-i', options.source, '-map', '0:v', '-f', 'rawvideo', '-pix_fmt', 'yuv420p', rawVideo]);
  const pcm = await ffmpeg([
    '-i',
    options.source,
    '-map',
    '0:a',
    '-ac',
    '2',
    '-ar',
    String(RATE),
    '-f',
    'f32le',
    'pipe:1',
  ]);
  const samples = new Float32Array(pcm.buffer.slice(pcm.byteOffset, pcm.byteOffset + pcm.byteLength));
  for (let frame = 0; frame * 2 < samples.length; frame += 8192) {
    const chunk = samples.subarray(frame * 2, Math.min(samples.length, (frame + 8192) * 2));
    for (const extension of options.extensions) {
      if (extension.transformAudio) chunk.set(extension.transformAudio(chunk, frame));
    }
  }
  const rawAudio = path.join(options.work, 'mix.f32');
  await writeFile(rawAudio, Buffer.from(samples.buffer));
  const inputs: string[] = [];
  const fragments: string[] = [];
  let nextInput = 2;
  const filtered = options.extensions.filter((extension) => extension.videoFilter);
  filtered.forEach((extension, index) => {
    const indexes = (extension.inputs ?? []).map((input) => {
      inputs.push(...input);
      return nextInput++;
    });
    const input = index === 0 ? '0:v' : `vx${index}`;
    const output = index === filtered.length - 1 ? 'vout' : `vx${index + 1}`;
    fragments.push(extension.videoFilter!({ input, output, inputIndexes: indexes }));
  });
  await ffmpeg([
    ...[
      '-f',
      'rawvideo',
      '-pix_fmt',
      'yuv420p',
      '-video_size',
      `${width}x${height}`,
      '-framerate',
      '25',
      '-i',
      rawVideo,
    ],
    ...['-f', 'f32le', '-ar', String(RATE), '-ac', '2', '-i', rawAudio],
    ...inputs,
    ...['-filter_complex', fragments.join(';'), '-map', '[vout]', '-map', '1:a'],
    ...[
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-crf',
      '20',
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'aac',
      '-b:a',
      '192k',
    ],
    ...['-movflags', '+faststart', '-f', 'mp4', options.output],
  ]);
}

describe('render provenance, end to end', () => {
  let work: Awaited<ReturnType<typeof temporaryFolder>>;
  let store: ProjectStore;
  let source: string;
  beforeAll(async () => {
    work = await temporaryFolder('doppel-render-provenance-');
    store = ProjectStore.create(path.join(work.dir, 'Film.doppel'));
    if (sharedMediaPresent) source = sharedVideo('grid_bbaf2n_h264_aac.mp4');
    else {
      // Without the shared media: a moving picture and a noisy sound, generated.
      source = path.join(work.dir, 'source.mp4');
      await ffmpeg([
        ...['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25:duration=4'],
        ...['-f', 'lavfi', '-i', 'anoisesrc=duration=4:color=pink:amplitude=0.2'],
        ...['-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', source],
      ]);
    }
  });
  afterAll(async () => {
    store?.close();
    await work?.cleanup();
  });

  it('refuses without consent, then renders a signed, watermarked, labelled file the inspector recognises', async () => {
    const ledger = new ConsentLedger(store);
    const face = ledger.createIdentity({ kind: 'face', name: 'Test subject' });
    const renderWork = path.join(work.dir, 'render-work');
    await import('node:fs/promises').then((fs) => fs.mkdir(renderWork));
    const dataDir = path.join(work.dir, 'doppel-home');
    const output = path.join(work.dir, 'render.mp4');
    const { width, height } = await videoSize(source);
    const request: RenderProvenanceRequest = {
      renderId,
      identityIds: [face.id],
      ledger,
      dataDir,
      workDir: renderWork,
      outputPath: output,
      video: { width, height },
      audio: { sampleRate: RATE, channels: 2 },
      application: { name: 'Doppel Studio', version: '0.1.0-test' },
      operations: [
        { kind: 'faceSwap', description: 'Face swap onto the speaker', modelNames: ['inswapper_128'] },
      ],
      models: [{ name: 'inswapper_128', licence: 'non-commercial research only', purpose: 'face swap' }],
      sources: [{ title: path.basename(source), sha256: 'c'.repeat(64) }],
      visibleLabel: true,
    };

    await expect(beginRenderProvenance(request)).rejects.toMatchObject({
      code: 'CONSENT_MISSING',
      message: expect.stringContaining('"Test subject"'),
    });
    expect(await readdir(renderWork)).toEqual([]);
    await expect(readdir(dataDir)).rejects.toThrow();

    const consent = ledger.grantConsent({
      identityId: face.id,
      subject: 'The GRID speaker',
      scope: 'Studio test renders',
    });
    await expect(
      beginRenderProvenance({ ...request, outputPath: path.join(work.dir, 'render.webm') }),
    ).rejects.toMatchObject({
      code: 'UNSUPPORTED_FORMAT',
    });
    const provenance = await beginRenderProvenance(request);
    expect(provenance.watermarkId).toBe(watermarkIdForRender(renderId));
    expect(provenance.consents.map((reference) => reference.consentId)).toEqual([consent.id]);

    const extension = await provenance.encodeExtension();
    expect(extension.inputs).toHaveLength(2);
    const extensions = [extension];
    const temporary = `${output}.part`;
    await encodeLikeThePipeline({ source, output: temporary, work: work.dir, extensions });
    const summary = await extension.afterEncode!(temporary);
    await rename(temporary, output);
    expect(summary).toMatchObject({
      renderId,
      watermark: { id: provenance.watermarkId, video: true, audio: true },
      visibleLabel: true,
    });
    expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);

    const trustAnchorsPem = await installationTrustAnchorsPem(dataDir);
    const report = await inspectMedia(output, { trustAnchorsPem });
    expect(inspectionReportSchema.parse(report)).toEqual(report);
    expect(Object.keys(report)).toEqual(['c2pa', 'watermark', 'cues', 'contentSafety']);
    expect(report.c2pa).toMatchObject({ present: true, valid: true, trusted: true, aiGenerated: true });
    expect(report.c2pa.render).toMatchObject({ renderId, visibleLabel: true });
    expect(report.c2pa.render?.consents[0]).toMatchObject({
      consentId: consent.id,
      identityKind: 'face',
      scope: 'Studio test renders',
    });
    expect(report.c2pa.render?.models).toEqual([
      { name: 'inswapper_128', version: null, licence: 'non-commercial research only' },
    ]);
    expect(report.watermark).toMatchObject({
      found: true,
      renderId: provenance.watermarkId,
      matchesManifest: true,
    });
    expect(report.watermark.bitAccuracy).toBeGreaterThanOrEqual(0.99);
    expect(report.watermark.video?.found).toBe(true);
    expect(report.watermark.audio?.found).toBe(true);
    expect(report.cues.map((cue) => cue.id)).toEqual([
      'blinkRate',
      'landmarkJitter',
      'boundaryColourMismatch',
      'audioLipOffset',
    ]);
    expect(report.cues.every((cue) => cue.caveat.startsWith('Cues are hints, not proof'))).toBe(true);

    const untouched = await inspectMedia(source, { trustAnchorsPem });
    expect(untouched.c2pa).toMatchObject({ present: false, valid: null });
    expect(untouched.watermark).toMatchObject({ found: false, renderId: null, bitAccuracy: null });
    expect(untouched.watermark.summary).toMatch(/^None found/);

    // One flipped byte in the middle of the file: the manifest no longer validates.
    const bytes = await readFile(output);
    const flipAt = Math.floor(bytes.length * 0.6);
    bytes[flipAt] = (bytes[flipAt] as number) ^ 0x04;
    const tampered = path.join(work.dir, 'tampered.mp4');
    await writeFile(tampered, bytes);
    expect((await inspectMedia(tampered, { trustAnchorsPem })).c2pa).toMatchObject({
      present: true,
      valid: false,
    });
  }, 120_000);
});
