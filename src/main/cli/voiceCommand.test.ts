// `doppel voice` as a user runs it: a real CLI process (the TypeScript source through tsx), real
// ffmpeg, real espeak-ng; JSON on stdout and the exit code are the contract. Bad input fails with a
// message naming the file and leaves nothing behind.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { probeMedia } from '../media/probeMedia';
import { writeContentVecFixture, writeRvcVoiceFixture } from '../engine/voice/testSupport/rvcFixtureModels';
import { parseVoiceArguments } from './voiceCommand';
import { readC2paManifest } from '../engine/provenance/c2pa/c2paReader';
import { installationTrustAnchorsPem } from '../engine/provenance/c2pa/signingCredentials';
import { detectAudioWatermark } from '../engine/provenance/watermark/audioWatermarkDetector';
import { UsageError } from './cliOutput';
import {
  JFK,
  LJ_0001,
  sharedSpeech,
  sharedSpeechAvailable,
  SHARED_SPEECH_SKIP,
} from '../engine/voice/testSupport/voiceTestMedia';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const cliSource = join(root, 'src', 'main', 'cli.ts');

function doppel(
  args: string[],
  home: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cliSource, ...args], {
      cwd: root,
      env: { ...process.env, DOPPEL_HOME: home },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Like any render: a valid C2PA manifest signed by this installation, and the audio watermark. */
async function expectVoiceProvenance(output: string, home: string, reported: { watermarkId: string }) {
  const c2pa = await readC2paManifest(output, { trustAnchorsPem: await installationTrustAnchorsPem(home) });
  expect(c2pa).toMatchObject({ present: true, valid: true, trusted: true, format: 'audio/wav' });
  expect(c2pa.manifest?.aiGenerated).toBe(true);
  expect(c2pa.manifest?.doppelRender?.watermark).toMatchObject({
    id: reported.watermarkId,
    audio: true,
    video: false,
  });
  const watermark = await detectAudioWatermark(output);
  expect(watermark.found).toBe(true);
  expect(watermark.renderId).toBe(reported.watermarkId);
}

describe('parseVoiceArguments', () => {
  it('reads references, input or text, output and engine', () => {
    expect(
      parseVoiceArguments(['--ref', 'a.wav', '--ref', 'b.wav', '--text', 'Hi there.', '-o', 'out.wav']),
    ).toEqual({
      referencePaths: ['a.wav', 'b.wav'],
      inputPath: undefined,
      text: 'Hi there.',
      outputPath: 'out.wav',
      engine: 'dsp',
      rvc: undefined,
    });
    expect(
      parseVoiceArguments([
        '--ref',
        'r.wav',
        '--in',
        's.wav',
        '-o',
        'o.wav',
        '--engine',
        'rvc',
        '--model',
        'm.onnx',
        '--contentvec',
        'c.onnx',
        '--transpose=-3',
      ]),
    ).toMatchObject({
      engine: 'rvc',
      rvc: { modelPath: 'm.onnx', contentVecPath: 'c.onnx', transposeSemitones: -3 },
    });
  });

  it.each([
    [['--in', 's.wav', '-o', 'o.wav'], /at least one --ref/],
    [['--ref', 'r.wav', '-o', 'o.wav'], /either --in .* or --text/],
    [['--ref', 'r.wav', '--in', 's.wav', '--text', 'x', '-o', 'o.wav'], /either --in/],
    [['--ref', 'r.wav', '--in', 's.wav'], /-o OUT\.wav/],
    [['--ref', 'r.wav', '--in', 's.wav', '-o', 'o.wav', '--engine', 'magic'], /not dsp or rvc/],
    [['--ref', 'r.wav', '--in', 's.wav', '-o', 'o.wav', '--engine', 'rvc'], /needs --model/],
    [['--ref', 'r.wav', '--in', 's.wav', '-o', 'o.wav', '--bogus'], /Unknown option/],
  ])('refuses %j', (args, message) => {
    expect(() => parseVoiceArguments(args)).toThrow(UsageError);
    expect(() => parseVoiceArguments(args)).toThrow(message);
  });
});

describe.skipIf(!sharedSpeechAvailable)(
  sharedSpeechAvailable ? 'doppel voice' : `doppel voice (${SHARED_SPEECH_SKIP})`,
  () => {
    const work = mkdtempSync(join(tmpdir(), 'doppel-voice-cli-'));
    const home = join(work, 'home');

    it('converts a file towards a reference voice and reports JSON', async () => {
      const output = join(work, 'lj as jfk.wav');
      const result = await doppel(
        ['voice', '--ref', sharedSpeech(JFK), '--in', sharedSpeech(LJ_0001), '-o', output, '--json'],
        home,
      );
      expect(result.code, result.stderr).toBe(0);
      const report = JSON.parse(result.stdout) as Record<string, unknown>;
      expect(report).toMatchObject({ outputPath: output, sampleRate: 22050, engine: 'dsp' });
      expect(report.durationSeconds as number).toBeCloseTo(9.66, 1);
      expect(Math.abs((report.referenceMedianF0Hz as number) / 244 - 1)).toBeLessThan(0.05);
      const probe = await probeMedia(output);
      expect(probe).toMatchObject({ audioCodec: 'pcm_s16le', audioChannels: 1, audioSampleRate: 22050 });
      await expectVoiceProvenance(output, home, report.provenance as { watermarkId: string });
    });

    it('speaks typed text in the reference voice', async () => {
      const output = join(work, 'spoken.wav');
      const result = await doppel(
        [
          'voice',
          '--ref',
          sharedSpeech(LJ_0001),
          '--text',
          'Good evening. This line was typed.',
          '-o',
          output,
        ],
        home,
      );
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/^Wrote .*spoken\.wav \(\d+\.\d+ s, 22050 Hz mono\)/);
      expect(result.stdout).toMatch(/consent/);
      expect((await probeMedia(output)).durationUs).toBeGreaterThan(1_500_000);
    });

    it('runs an RVC v2 voice model (project-generated fixture models) with --engine rvc', async () => {
      const model = join(work, 'voice.onnx');
      const contentVec = join(work, 'contentvec.onnx');
      await writeRvcVoiceFixture(model);
      await writeContentVecFixture(contentVec);
      const output = join(work, 'rvc.wav');
      const result = await doppel(
        [
          'voice',
          '--ref',
          sharedSpeech(JFK),
          '--in',
          sharedSpeech(LJ_0001),
          '-o',
          output,
          '--engine',
          'rvc',
          '--model',
          model,
          '--contentvec',
          contentVec,
          '--json',
        ],
        home,
      );
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({
        engine: 'rvc',
        sampleRate: 40000,
        formantWarp: null,
      });
      expect((await probeMedia(output)).audioSampleRate).toBe(40000);
      await expectVoiceProvenance(output, home, JSON.parse(result.stdout).provenance);
    });

    it('refuses bad input with a message naming the file, writing nothing', async () => {
      const before = readdirSync(work).sort();
      const tooShort = join(work, 'two seconds.wav');
      writeFileSync(tooShort, Buffer.alloc(0));
      const empty = await doppel(
        ['voice', '--ref', tooShort, '--in', sharedSpeech(JFK), '-o', join(work, 'x.wav'), '--json'],
        home,
      );
      expect(empty.code).toBe(1);
      expect(JSON.parse(empty.stdout)).toMatchObject({
        error: { code: 'FILE_EMPTY', message: expect.stringContaining('two seconds.wav') },
      });

      const overwrite = await doppel(
        [
          'voice',
          '--ref',
          sharedSpeech(JFK),
          '--in',
          sharedSpeech(LJ_0001),
          '-o',
          sharedSpeech(LJ_0001),
          '--json',
        ],
        home,
      );
      expect(overwrite.code).toBe(1);
      expect(JSON.parse(overwrite.stdout).error.message).toMatch(/must be a \.wav|is one of the inputs/);

      const notWav = await doppel(
        ['voice', '--ref', sharedSpeech(JFK), '--in', sharedSpeech(LJ_0001), '-o', join(work, 'out.mp3')],
        home,
      );
      expect(notWav.code).toBe(1);
      expect(notWav.stderr).toMatch(/must be a \.wav file/);

      const usage = await doppel(['voice', '--ref', sharedSpeech(JFK)], home);
      expect(usage.code).toBe(2);
      expect(readdirSync(work).sort()).toEqual([...before, 'two seconds.wav'].sort());
      expect(before).toContain('rvc.wav');
      expect(existsSync(join(work, 'x.wav'))).toBe(false);
    });
  },
);
