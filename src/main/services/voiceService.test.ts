// voice.* through the composed studio: a real project file, real media import, the real consent
// ledger. Identities without consent are refused; generated audio lands in the project as assets;
// a bad reference leaves no identity behind.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VoiceIdentity } from '../../shared/contracts/voiceContract';
import { createStudio, type Studio } from './createStudio';
import { readC2paManifest } from '../engine/provenance/c2pa/c2paReader';
import { detectAudioWatermark } from '../engine/provenance/watermark/audioWatermarkDetector';
import { generatedVoiceFolder } from './voiceService';
import { writeContentVecFixture, writeRvcVoiceFixture } from '../engine/voice/testSupport/rvcFixtureModels';
import {
  ffmpegFixture,
  GRID_MALE,
  JFK,
  LJ_0001,
  sharedSpeech,
  sharedSpeechAvailable,
  SHARED_SPEECH_SKIP,
} from '../engine/voice/testSupport/voiceTestMedia';

describe.skipIf(!sharedSpeechAvailable)(
  sharedSpeechAvailable ? 'voice service' : `voice service (${SHARED_SPEECH_SKIP})`,
  () => {
    let work: string;
    let studio: Studio;
    const assetIds: Record<string, string> = {};
    const events: VoiceIdentity[][] = [];

    beforeAll(async () => {
      work = await mkdtemp(join(tmpdir(), 'doppel-voice-service-'));
      studio = createStudio({ mode: 'cli', dataDir: join(work, 'home') });
      studio.services.voice.onDidChangeVoiceIdentities((identities) => events.push(identities));
      await studio.services.project.create({ path: join(work, 'Voices.doppel') });
      const silent = join(work, 'silent take.wav');
      await ffmpegFixture(['-f', 'lavfi', '-i', 'anullsrc=r=22050:cl=mono', '-t', '12', silent]);
      const talking = join(work, 'talking.mp4');
      await ffmpegFixture([
        ...['-f', 'lavfi', '-i', 'testsrc=size=64x48:rate=25', '-i', sharedSpeech(GRID_MALE)],
        ...['-shortest', '-c:v', 'mpeg4', '-c:a', 'aac', talking],
      ]);
      const imported = await studio.services.media.import({
        paths: [sharedSpeech(JFK), sharedSpeech(LJ_0001), silent, talking],
      });
      expect(imported.failed).toEqual([]);
      for (const entry of imported.imported) assetIds[entry.asset.name] = entry.asset.id;
    });

    afterAll(async () => {
      studio.dispose();
      await rm(work, { recursive: true, force: true });
    });

    it('analyses reference speech for the identity panel', async () => {
      const analysis = await studio.services.voice.analyseReference({
        sources: [{ assetId: assetIds[JFK]! }],
      });
      expect(analysis.f0!.medianHz).toBeGreaterThan(200);
      expect(analysis.f0!.lowHz).toBeLessThan(analysis.f0!.medianHz);
      expect(analysis.longTermSpectrum.levelsDb).toHaveLength(40);
      expect(analysis.sources).toEqual([expect.objectContaining({ label: JFK })]);
    });

    it('refuses a silent reference and stores no identity', async () => {
      await expect(
        studio.services.voice.createVoiceIdentity({
          name: 'Nobody',
          sources: [{ assetId: assetIds['silent take.wav']! }],
        }),
      ).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
        message: expect.stringContaining('"silent take.wav" is silent'),
      });
      expect(await studio.services.voice.listVoiceIdentities({})).toEqual([]);
      expect(await studio.services.identities.list({})).toEqual([]);
    });

    it('creates a voice identity; without consent it cannot speak; with consent it can', async () => {
      const identity = await studio.services.voice.createVoiceIdentity({
        name: 'Orator',
        sources: [{ assetId: assetIds[JFK]! }, { assetId: assetIds[LJ_0001]!, startUs: 0, endUs: 2_000_000 }],
      });
      expect(identity).toMatchObject({ name: 'Orator', consentId: null, consentPresent: false });
      expect(identity.sources).toEqual([
        { assetId: assetIds[JFK] },
        { assetId: assetIds[LJ_0001], startUs: 0, endUs: 2_000_000 },
      ]);
      expect(identity.analysis?.durationSeconds).toBeCloseTo(13, 0);
      expect(events.at(-1)?.map((entry) => entry.name)).toEqual(['Orator']);

      await expect(
        studio.services.voice.speak({ identityId: identity.id, text: 'Hello there.', engine: 'dsp' }),
      ).rejects.toMatchObject({
        code: 'CONSENT_MISSING',
        message: expect.stringContaining('"Orator"'),
      });

      const granted = await studio.services.consent.grant({
        identityId: identity.id,
        subject: 'The speaker',
        scope: 'Studio tests',
      });
      const spoken = await studio.services.voice.speak({
        identityId: identity.id,
        // Long enough (> 3 s) for the audio watermark's 88 bits.
        text: 'We choose to go to the moon in this decade, not because it is easy, but because it is hard.',
        engine: 'dsp',
      });
      expect(spoken.engine).toBe('dsp');
      // Like any render: watermark + C2PA manifest citing the identity's consent.
      expect(spoken.provenance).toMatchObject({ c2paFormat: 'audio/wav', consentIds: [granted.consentId] });
      const manifest = await readC2paManifest(spoken.asset.path);
      expect(manifest).toMatchObject({ present: true, valid: true });
      expect(manifest.manifest?.doppelRender?.consents.map((entry) => entry.consentId)).toEqual([
        granted.consentId,
      ]);
      expect((await detectAudioWatermark(spoken.asset.path)).renderId).toBe(spoken.provenance.watermarkId);
      expect(spoken.asset).toMatchObject({ kind: 'audio', hasAudio: true });
      expect(spoken.durationUs).toBeGreaterThan(1_000_000);
      expect(spoken.asset.path.startsWith(generatedVoiceFolder(studio.session.require()))).toBe(true);
      expect((await studio.services.media.list({})).map((asset) => asset.id)).toContain(spoken.asset.id);

      const [listed] = await studio.services.voice.listVoiceIdentities({});
      expect(listed).toMatchObject({ id: identity.id, consentPresent: true });
      expect(listed!.analysis?.f0?.medianHz).toBeCloseTo(identity.analysis!.f0!.medianHz, 6);
    });

    it('converts the sound of a video clip for an identity made in the identities panel', async () => {
      const identity = await studio.services.identities.create({ kind: 'voice', name: 'Narrator' });
      await studio.services.consent.grant({
        identityId: identity.id,
        subject: 'Narrator',
        scope: 'Studio tests',
      });
      await studio.services.voice.setVoiceSources({
        identityId: identity.id,
        sources: [{ assetId: assetIds[LJ_0001]! }],
      });
      const converted = await studio.services.voice.convertClip({
        identityId: identity.id,
        assetId: assetIds['talking.mp4']!,
        engine: 'dsp',
      });
      expect(converted.asset.kind).toBe('audio');
      expect(Math.abs(converted.durationUs / 1e6 - 2.98)).toBeLessThan(0.05);
      const files = await readdir(generatedVoiceFolder(studio.session.require()));
      expect(files).toHaveLength(2);
      expect(files.some((name) => name.startsWith('Narrator - talking'))).toBe(true);
    });

    it('runs a user-supplied RVC v2 model on a clip span (fixture models), signed like the DSP path', async () => {
      const identity = await studio.services.identities.create({ kind: 'voice', name: 'Neural' });
      const granted = await studio.services.consent.grant({
        identityId: identity.id,
        subject: 'Neural',
        scope: 'Studio tests',
      });
      await studio.services.voice.setVoiceSources({
        identityId: identity.id,
        sources: [{ assetId: assetIds[JFK]! }],
      });
      const rvc = {
        modelPath: join(work, 'voice.onnx'),
        contentVecPath: join(work, 'contentvec.onnx'),
        transposeSemitones: 0,
      };
      await writeRvcVoiceFixture(rvc.modelPath);
      await writeContentVecFixture(rvc.contentVecPath);
      await expect(
        studio.services.voice.convertClip({
          identityId: identity.id,
          assetId: assetIds[LJ_0001]!,
          engine: 'rvc',
        }),
      ).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: /needs an RVC v2 voice model/ });
      const converted = await studio.services.voice.convertClip({
        identityId: identity.id,
        assetId: assetIds[LJ_0001]!,
        // A span long enough for the watermark's 88 bits (a few seconds of speech).
        startUs: 1_000_000,
        endUs: 9_000_000,
        engine: 'rvc',
        rvc,
      });
      expect(converted.engine).toBe('rvc');
      expect(Math.abs(converted.durationUs - 8_000_000)).toBeLessThan(50_000);
      expect(converted.provenance.consentIds).toEqual([granted.consentId]);
      const manifest = await readC2paManifest(converted.asset.path);
      expect(manifest).toMatchObject({ present: true, valid: true });
      expect(manifest.manifest?.doppelRender?.models.map((model) => model.name)).toEqual([
        'contentvec.onnx',
        'voice.onnx',
      ]);
      expect((await detectAudioWatermark(converted.asset.path)).renderId).toBe(
        converted.provenance.watermarkId,
      );
    });

    it('refuses an identity that is not a voice, or unknown', async () => {
      const face = await studio.services.identities.create({ kind: 'face', name: 'A face' });
      await expect(
        studio.services.voice.speak({ identityId: face.id, text: 'Hi.', engine: 'dsp' }),
      ).rejects.toMatchObject({
        code: 'INVALID_ARGUMENT',
        message: /is a face, not a voice/,
      });
      await expect(
        studio.services.voice.speak({ identityId: 'missing-id', text: 'Hi.', engine: 'dsp' }),
      ).rejects.toMatchObject({ code: 'NOT_FOUND' });
      expect(existsSync(join(studio.session.require().cacheDir, 'voice'))).toBe(true);
    });
  },
);
