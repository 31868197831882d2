// The Voice clone effect in a project, rendered the way the studio renders (render service ->
// consent and content safety preflight -> voiceCloneRenderSources.ts converting the clip's sound
// into the project cache -> the render plan mixing the converted file -> provenance encode stage).
// Real studio, real SQLite project, real ffmpeg, the shared LJSpeech and JFK recordings.
// The F0 figures are the voice engine's own pitch measure (profileSpeech) on the rendered file.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RenderProgress } from '../../shared/contracts/renderContract';
import type { Clip } from '../../shared/model/schemas';
import { VOICE_CLONE_EFFECT_KIND } from '../../shared/model/voiceCloneParams';
import { InferenceSessionPool } from '../engine/inference/sessionPool';
import { readC2paManifest } from '../engine/provenance/c2pa/c2paReader';
import { createContentSafetyGate } from '../engine/safety/contentSafetyGate';
import { sharedClassifierDataDir } from '../engine/safety/testSupport/safetyTestMedia';
import {
  decodeSpeech,
  JFK,
  GRID_MALE,
  profileOf,
  sharedSpeech,
  sharedSpeechAvailable,
  SHARED_SPEECH_DIR,
  SHARED_SPEECH_SKIP,
} from '../engine/voice/testSupport/voiceTestMedia';
import { VOICE_SAMPLE_RATE } from '../engine/voice/voiceFrameGeometry';
import { ModelStore } from '../engine/models/modelStore';
import { writeContentVecFixture, writeRvcVoiceFixture } from '../engine/voice/testSupport/rvcFixtureModels';
import { CONTENTVEC_MODEL_ID } from '../engine/voice/voiceCloneEffect';
import { probeMedia } from '../media/probeMedia';
import { createStudio, type Studio } from './createStudio';

const fast = { codec: { encoderSpeed: 'ultrafast' as const }, preset: 'source' as const, range: null };
/**
 * The clip: the GRID man (median F0 about an octave below JFK's) from 0.1 s to 2.9 s (trimmed on
 * both sides), at 0.5 s on the timeline.
 */
const CLIP = { startUs: 500_000, inUs: 100_000, outUs: 2_900_000 };
const INPUT = GRID_MALE;
const FRAME_US = 40_000; // 25 fps project
/** The same man on video (GRID corpus, with its sound). */
const GRID_VIDEO = join(SHARED_SPEECH_DIR, '..', 'videos', 'grid_bbaf2n.mpg');

const secondsToVoiceSamples = (us: number) => Math.round((us / 1_000_000) * VOICE_SAMPLE_RATE);

/** ContentVec and one RVC voice, generated, recorded in the user data folder's model store. */
async function installRvcFixtures(dataDir: string): Promise<void> {
  const models = new ModelStore(dataDir);
  const files = [
    { modelId: CONTENTVEC_MODEL_ID, relativePath: 'vec-768-layer-12.onnx', userKind: null },
    { modelId: 'rvc-v2-voice/test-voice', relativePath: 'user/test-voice.onnx', userKind: 'rvc-v2-voice' },
  ];
  await mkdir(join(models.packFolder('voice-rvc'), 'user'), { recursive: true });
  for (const file of files) {
    const path = models.pathOf({ packId: 'voice-rvc', relativePath: file.relativePath });
    await (file.userKind === null ? writeContentVecFixture(path) : writeRvcVoiceFixture(path));
    const bytes = await readFile(path);
    await models.put({
      packId: 'voice-rvc',
      fileId: file.modelId,
      modelId: file.modelId,
      userKind: file.userKind,
      label: file.modelId,
      relativePath: file.relativePath,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      bytes: bytes.length,
      installedAt: new Date().toISOString(),
      origin: { kind: 'import', path },
      integrity: 'unverified',
      differsFromPublishedSha256: null,
      signature: { label: 'test fixture', inputs: [], outputs: [] },
      licenceAcceptedAt: null,
    });
  }
}

async function medianF0(path: string): Promise<number> {
  const profile = await profileOf(await decodeSpeech(path));
  if (!profile.f0) throw new Error(`no pitch found in ${path}`);
  return profile.f0.medianHz;
}

describe.skipIf(!sharedSpeechAvailable)(
  sharedSpeechAvailable
    ? 'a project render with a Voice clone effect'
    : `Voice clone render (${SHARED_SPEECH_SKIP})`,
  () => {
    let work: string;
    let pool: InferenceSessionPool;
    let studio: Studio;
    let clip: Clip;
    let effectId: string;
    let identityId: string;
    let referenceF0: number;
    let inputF0: number;
    const events: RenderProgress[] = [];

    const cacheFolder = () => join(studio.session.require().cacheDir, 'voice-clone');
    const cachedFiles = async () => (existsSync(cacheFolder()) ? await readdir(cacheFolder()) : []);
    const render = async (name: string): Promise<string> => {
      const outputPath = join(work, name);
      const { renderId } = await studio.services.render.start({ outputPath, ...fast });
      const finished = await new Promise<RenderProgress>((resolve) => {
        const check = (event: RenderProgress) => {
          if (event.renderId === renderId && ['done', 'failed', 'cancelled'].includes(event.status))
            resolve(event);
        };
        events.forEach(check);
        studio.services.render.onDidRenderProgress(check);
      });
      expect(finished).toMatchObject({ status: 'done' });
      return outputPath;
    };

    beforeAll(async () => {
      work = await mkdtemp(join(tmpdir(), 'doppel-voice-clone-render-'));
      pool = new InferenceSessionPool();
      studio = createStudio(
        { mode: 'cli', dataDir: join(work, 'home') },
        { contentSafetyGate: () => createContentSafetyGate({ dataDir: sharedClassifierDataDir(), pool }) },
      );
      studio.services.render.onDidRenderProgress((event) => events.push(event));
      await studio.services.project.create({ path: join(work, 'Voice clone.doppel') });
      const imported = await studio.services.media.import({
        paths: [sharedSpeech(JFK), sharedSpeech(INPUT)],
      });
      expect(imported.failed).toEqual([]);
      const byName = new Map(imported.imported.map((entry) => [entry.asset.name, entry.asset]));
      const store = studio.session.require();
      const timeline = store.getTimeline();
      const audioTrack = timeline.tracks.find((track) => track.kind === 'audio')!;
      clip = {
        id: randomUUID(),
        trackId: audioTrack.id,
        assetId: byName.get(INPUT)!.id,
        linkGroup: null,
        ...CLIP,
      };
      store.writeTimeline({ ...timeline, clips: [clip] });
      const identity = await studio.services.voice.createVoiceIdentity({
        name: 'Orator',
        sources: [{ assetId: byName.get(JFK)!.id }],
      });
      identityId = identity.id;
      referenceF0 = identity.analysis!.f0!.medianHz;
      effectId = randomUUID();
      store.effects.insert({
        id: effectId,
        clipId: clip.id,
        kind: VOICE_CLONE_EFFECT_KIND,
        params: { voiceIdentityId: identityId, engine: 'dsp' },
        order: 0,
        enabled: true,
      });
    }, 120_000);

    afterAll(async () => {
      studio?.dispose();
      pool?.dispose();
      if (work) await rm(work, { recursive: true, force: true });
    });

    it('is an effect kind the inspector can add, starting with an empty voice', async () => {
      const kinds = await studio.services.timeline.listEffectKinds({});
      expect(kinds.find((kind) => kind.kind === VOICE_CLONE_EFFECT_KIND)).toMatchObject({
        label: 'Voice clone',
        defaultParams: { voiceIdentityId: '', engine: 'dsp' },
      });
    });

    it('refuses to render a voice without consent, before any conversion', async () => {
      const outputPath = join(work, 'refused.mp4');
      await expect(studio.services.render.start({ outputPath, ...fast })).rejects.toMatchObject({
        code: 'CONSENT_MISSING',
        message: expect.stringContaining('Orator'),
      });
      await expect(studio.services.voice.previewVoiceClone({ effectId })).rejects.toMatchObject({
        code: 'CONSENT_MISSING',
      });
      expect(existsSync(outputPath)).toBe(false);
      expect(await cachedFiles()).toEqual([]);
    });

    it('renders the clip in the identity’s voice, same timing, and cites the consent', async () => {
      const granted = await studio.services.consent.grant({
        identityId,
        subject: 'The speaker',
        scope: 'Studio tests',
      });
      const output = await render('cloned.mp4');
      const probe = await probeMedia(output);
      const clipEndUs = CLIP.startUs + CLIP.outUs - CLIP.inUs;
      expect(Math.abs((probe.durationUs ?? 0) - clipEndUs)).toBeLessThanOrEqual(FRAME_US);
      const outputF0 = await medianF0(output);
      inputF0 = (
        await profileOf(
          (await decodeSpeech(sharedSpeech(INPUT))).subarray(
            secondsToVoiceSamples(CLIP.inUs),
            secondsToVoiceSamples(CLIP.outUs),
          ),
        )
      ).f0!.medianHz;
      console.info(
        `[voiceClone render] median F0: input ${inputF0.toFixed(1)} Hz, reference ${referenceF0.toFixed(1)} Hz, rendered ${outputF0.toFixed(1)} Hz`,
      );
      // The voices start far apart, so landing near the reference is the effect's doing.
      expect(Math.abs(inputF0 - referenceF0) / referenceF0).toBeGreaterThan(0.2);
      expect(Math.abs(outputF0 - referenceF0) / referenceF0).toBeLessThanOrEqual(0.1);
      const c2pa = await readC2paManifest(output);
      expect(c2pa.valid).toBe(true);
      expect(c2pa.manifest?.doppelRender?.consents.map((entry) => entry.consentId)).toEqual([
        granted.consentId,
      ]);
      expect(JSON.stringify(c2pa.manifest?.actions)).toContain('converted towards the voice');
      expect(await cachedFiles()).toHaveLength(1);
    }, 240_000);

    it('reuses the converted sound on a second render', async () => {
      const [file] = await cachedFiles();
      const before = await stat(join(cacheFolder(), file!));
      const output = await render('again.mp4');
      const after = await stat(join(cacheFolder(), file!));
      expect(await cachedFiles()).toEqual([file]);
      expect(after.mtimeMs).toBe(before.mtimeMs);
      expect(after.ino).toBe(before.ino);
      expect(Math.abs((await medianF0(output)) - referenceF0) / referenceF0).toBeLessThanOrEqual(0.1);
    }, 240_000);

    it('previews the clip in the voice through the same cache', async () => {
      const preview = await studio.services.voice.previewVoiceClone({ effectId });
      // The clip is shorter than the 10 s a preview covers: all of it.
      expect(preview).toMatchObject({ startUs: CLIP.inUs, durationUs: CLIP.outUs - CLIP.inUs });
      const path = join(work, 'preview.wav');
      await writeFile(path, Buffer.from(preview.wavBase64, 'base64'));
      const samples = await decodeSpeech(path);
      expect(Math.abs(samples.length - secondsToVoiceSamples(preview.durationUs))).toBeLessThanOrEqual(
        secondsToVoiceSamples(FRAME_US),
      );
      expect(Math.abs((await medianF0(path)) - referenceF0) / referenceF0).toBeLessThanOrEqual(0.1);
      expect(await cachedFiles()).toHaveLength(1);
    }, 120_000);

    it('keeps the input voice when the effect is disabled', async () => {
      studio.session.require().effects.update(effectId, { enabled: false });
      const output = await render('original.mp4');
      const outputF0 = await medianF0(output);
      console.info(`[voiceClone render] effect disabled: rendered median F0 ${outputF0.toFixed(1)} Hz`);
      expect(Math.abs(outputF0 - inputF0) / inputF0).toBeLessThanOrEqual(0.1);
      studio.session.require().effects.update(effectId, { enabled: true });
    }, 240_000);

    it('converts with an RVC voice from the model store (project-generated fixture models)', async () => {
      const store = studio.session.require();
      const params = {
        voiceIdentityId: identityId,
        engine: 'rvc',
        rvcVoiceModelId: 'rvc-v2-voice/test-voice',
      };
      // Not installed yet: refused before any conversion, naming what to install.
      store.effects.update(effectId, { params });
      await expect(
        studio.services.render.start({ outputPath: join(work, 'no-rvc.mp4'), ...fast }),
      ).rejects.toMatchObject({
        code: 'MODEL_NOT_INSTALLED',
        message: expect.stringContaining('rvc-v2-voice/test-voice'),
      });
      expect(await cachedFiles()).toHaveLength(1);
      await installRvcFixtures(join(work, 'home'));
      const output = await render('rvc.mp4');
      const outputF0 = await medianF0(output);
      console.info(
        `[voiceClone render] rvc engine (fixture voice): rendered median F0 ${outputF0.toFixed(1)} Hz`,
      );
      // The fixture voice sings the pitch it is given: the DSP F0 moved onto the reference's median.
      expect(Math.abs(outputF0 - referenceF0) / referenceF0).toBeLessThanOrEqual(0.1);
      expect(await cachedFiles()).toHaveLength(2);
      const c2pa = await readC2paManifest(output);
      expect(c2pa.valid).toBe(true);
      const manifest = JSON.stringify(c2pa.manifest);
      expect(manifest).toContain(CONTENTVEC_MODEL_ID);
      expect(manifest).toContain('rvc-v2-voice/test-voice');
      store.effects.update(effectId, { params: { voiceIdentityId: identityId, engine: 'dsp' } });
    }, 240_000);

    it.skipIf(!existsSync(GRID_VIDEO))(
      existsSync(GRID_VIDEO)
        ? 'converts the sound of a video clip (its linked audio clip), frames untouched by it'
        : `video clip case skipped: ${GRID_VIDEO} not found`,
      async () => {
        const imported = await studio.services.media.import({ paths: [GRID_VIDEO] });
        const video = imported.imported[0]!.asset;
        const store = studio.session.require();
        const timeline = store.getTimeline();
        const trackOf = (kind: 'video' | 'audio') => timeline.tracks.find((track) => track.kind === kind)!.id;
        const place = {
          startUs: 0,
          inUs: CLIP.inUs,
          outUs: CLIP.outUs,
          linkGroup: randomUUID(),
          assetId: video.id,
        };
        const videoClip: Clip = { id: randomUUID(), trackId: trackOf('video'), ...place };
        const soundClip: Clip = { id: randomUUID(), trackId: trackOf('audio'), ...place };
        store.writeTimeline({ ...timeline, clips: [videoClip, soundClip] });
        // (The audio clip and its effect went with the old timeline.)
        store.effects.insert({
          id: randomUUID(),
          clipId: videoClip.id,
          kind: VOICE_CLONE_EFFECT_KIND,
          params: { voiceIdentityId: identityId, engine: 'dsp' },
          order: 0,
          enabled: true,
        });
        const cachedBefore = (await cachedFiles()).length;
        const output = await render('video.mp4');
        const outputF0 = await medianF0(output);
        console.info(`[voiceClone render] video clip's sound: rendered median F0 ${outputF0.toFixed(1)} Hz`);
        expect(Math.abs(outputF0 - referenceF0) / referenceF0).toBeLessThanOrEqual(0.1);
        const probe = await probeMedia(output);
        expect(Math.abs((probe.videoDurationUs ?? 0) - (CLIP.outUs - CLIP.inUs))).toBeLessThanOrEqual(
          FRAME_US,
        );
        // The video's sound was converted into a cache file of its own.
        expect(await cachedFiles()).toHaveLength(cachedBefore + 1);
      },
      240_000,
    );
  },
);
