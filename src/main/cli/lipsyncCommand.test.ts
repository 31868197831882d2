// `doppel lipsync` as a user runs it: a real CLI process (the TypeScript source through tsx), real
// face models, the real content safety gate, real ffmpeg. JSON on stdout and the exit code are the
// contract; the output is watermarked and signed like any render; refusals leave nothing behind.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FACE_TEST_DATA_DIR } from '../engine/face/testSupport/faceTestSupport';
import { missingLipSyncMedia } from '../engine/lipsync/testSupport/lipSyncMeasures';
import { gridClip, jfkSpeech } from '../engine/lipsync/testSupport/lipSyncTestMedia';
import { readC2paManifest } from '../engine/provenance/c2pa/c2paReader';
import { installationTrustAnchorsPem } from '../engine/provenance/c2pa/signingCredentials';
import { detectVideoWatermark } from '../engine/provenance/watermark/videoWatermarkDetector';
import { probeMedia } from '../media/probeMedia';
import { UsageError } from './cliOutput';
import { parseLipsyncArguments } from './lipsyncCommand';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const cliSource = join(root, 'src', 'main', 'cli.ts');

function doppel(
  args: string[],
  env: { home: string; scratch: string },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', cliSource, ...args], {
      cwd: root,
      env: { ...process.env, DOPPEL_HOME: env.home, TMPDIR: env.scratch },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('doppel lipsync arguments', () => {
  const base = ['--video', 'in.mp4', '--audio', 'speech.wav', '-o', 'out.mp4'];

  it('defaults to the classical engine at full strength on the main face', () => {
    expect(parseLipsyncArguments(base)).toEqual({
      request: {
        videoPath: 'in.mp4',
        audioPath: 'speech.wav',
        outputPath: 'out.mp4',
        engine: 'classical',
        strength: 1,
        trackId: null,
      },
      visibleLabel: false,
    });
    expect(
      parseLipsyncArguments([...base, '--engine', 'wav2lip', '--model', 'w.onnx', '--track', '2', '--label'])
        .request,
    ).toMatchObject({ engine: 'wav2lip', wav2lipModelPath: 'w.onnx', trackId: 2 });
  });

  it('says what is missing or wrong', () => {
    expect(() => parseLipsyncArguments(['--audio', 'a.wav', '-o', 'o.mp4'])).toThrow(/--video IN/);
    expect(() => parseLipsyncArguments(['--video', 'v.mp4', '-o', 'o.mp4'])).toThrow(/--audio SPEECH/);
    expect(() => parseLipsyncArguments([...base, '--engine', 'neural'])).toThrow(UsageError);
    expect(() => parseLipsyncArguments([...base, '--engine', 'neural'])).toThrow(/not classical or wav2lip/);
    expect(() => parseLipsyncArguments([...base, '--strength', '3'])).toThrow(/0 to 1.5/);
    expect(() => parseLipsyncArguments([...base, '--track', '1.5'])).toThrow(/face track/);
    expect(() => parseLipsyncArguments([...base, '--model', 'w.onnx'])).toThrow(/--engine wav2lip/);
  });
});

const skipReason = missingLipSyncMedia(['videos/grid_bbaf2n.mpg', 'speech/jfk_inaugural_16k.wav']);
if (skipReason !== undefined) console.warn(`[lipsyncCommand] skipping: ${skipReason}`);

describe.skipIf(skipReason !== undefined)('doppel lipsync (real models, real ffmpeg)', () => {
  const folder = mkdtempSync(join(tmpdir(), 'doppel-lipsync-cli-'));
  const scratch = join(folder, 'tmp');
  // The face models are converted once into the shared test cache (verified by sha256 on use).
  const env = { home: FACE_TEST_DATA_DIR, scratch };
  let video: string;
  let speech: string;

  beforeAll(async () => {
    mkdirSync(scratch);
    video = await gridClip(folder, 'head.mp4', 0.8);
    speech = await jfkSpeech(folder, 'speech.wav', 0.2, 2); // longer than the video: trimmed
  });

  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  const ours = () => readdirSync(scratch).filter((name) => name.startsWith('doppel-'));

  it('writes the video with the new speech, watermarked and signed, and reports it as JSON', async () => {
    const output = join(folder, 'dubbed.mp4');
    const run = await doppel(['lipsync', '--video', video, '--audio', speech, '-o', output, '--json'], env);
    expect(run.stderr).not.toMatch(/"code"/);
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout) as {
      outputPath: string;
      engine: string;
      frames: number;
      framesWithFace: number;
      speech: { rule: string };
      provenance: { watermark: { id: string; video: boolean; audio: boolean } } | null;
    };
    expect(result).toMatchObject({
      outputPath: output,
      engine: 'classical',
      frames: 20,
      framesWithFace: 20,
      speech: { rule: 'trimmed to the video' },
    });
    expect(ours()).toEqual([]);
    const probe = await probeMedia(output);
    expect(probe.hasAudio).toBe(true);
    expect(probe.videoDurationUs).toBe(800_000);

    const anchors = await installationTrustAnchorsPem(FACE_TEST_DATA_DIR);
    const c2pa = await readC2paManifest(output, { trustAnchorsPem: anchors });
    expect(c2pa).toMatchObject({ present: true, valid: true, trusted: true });
    expect(c2pa.manifest?.aiGenerated).toBe(true);
    const watermarkId = result.provenance?.watermark.id;
    expect(watermarkId).toMatch(/^[0-9a-f]{8}-/);
    expect((await detectVideoWatermark(output)).renderId).toBe(watermarkId);
    // The audio watermark is in too (its detector needs more than this clip's 0.8 s: its code
    // repeats every 3.52 s, see audioWatermarkLayout.ts).
    expect(result.provenance?.watermark).toMatchObject({ video: true, audio: true });
    expect(c2pa.manifest?.doppelRender?.watermark).toMatchObject({
      id: watermarkId,
      video: true,
      audio: true,
    });
  }, 300_000);

  it('refuses an output C2PA cannot be signed into, before any work, leaving nothing', async () => {
    const output = join(folder, 'dubbed.mkv');
    const run = await doppel(['lipsync', '--video', video, '--audio', speech, '-o', output], env);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('dubbed.mkv');
    expect(run.stderr).toMatch(/C2PA manifest.*MP4 and MOV/);
    expect(existsSync(output)).toBe(false);
    expect(ours()).toEqual([]);
  }, 120_000);

  it('asks for the Wav2Lip pack when it is not installed and no --model is given', async () => {
    const home = join(folder, 'empty-home');
    mkdirSync(home);
    const output = join(folder, 'neural.mp4');
    const run = await doppel(
      ['lipsync', '--video', video, '--audio', speech, '-o', output, '--engine', 'wav2lip'],
      { home, scratch },
    );
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('doppel models install lipsync-wav2lip');
    expect(existsSync(output)).toBe(false);
  }, 120_000);
});
