// npm run bench -- voice [--long]
// Real-time factors (processing time / audio duration; below 1 is faster than real time) of:
//   1. DSP voice conversion of real speech (JFK towards LJ Speech, when ../shared/media exists);
//   2. DSP conversion of a 10-minute generated recording (the streaming layout long inputs use);
//   3. text to speech (espeak-ng wasm) plus conversion, per second of speech produced;
//   4. with --long: a two-hour recording, streamed, with resident memory sampled throughout.
// Baselines measured in the same process: decoding the same input with ffmpeg and writing it back
// as WAV (the I/O floor), and the analysis pass alone. The pipeline is single-threaded: on the
// 2-core CI box one core converts while ffmpeg decodes on the other.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileSpeechSource, memorySpeechSource } from '../src/main/engine/voice/audioFileSources';
import { profileSpeech } from '../src/main/engine/voice/dspVoiceConversion';
import type { SpeechProfile } from '../src/main/engine/voice/speechProfile';
import { synthesizeSpeech } from '../src/main/engine/voice/textToSpeech';
import { VOICE_SAMPLE_RATE } from '../src/main/engine/voice/voiceFrameGeometry';
import { analyseVoiceReferences } from '../src/main/engine/voice/voiceIdentityAnalysis';
import { convertSpeechToWav, speakerVoiceFor } from '../src/main/engine/voice/voiceMatchJobs';
import { ffmpegFixture, speechLikeLavfi } from '../src/main/engine/voice/testSupport/voiceTestMedia';
import { WavFileWriter } from '../src/main/media/wavFileWriter';

const speechDir = fileURLToPath(new URL('../../shared/media/speech', import.meta.url));
const PARAGRAPH =
  'And so, my fellow citizens: ask not what your country can do for you. Ask what you can do for your country. ' +
  'Printing, in the only sense with which we are at present concerned, differs from most if not from all the arts ' +
  'and crafts represented in the Exhibition. The invention of movable metal letters in the middle of the fifteenth ' +
  'century may justly be considered as the invention of the art of printing.';

interface Timing {
  wallSeconds: number;
  cpuSeconds: number;
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T } & Timing> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = await work();
  const cpu = process.cpuUsage(cpuBefore);
  return {
    result,
    wallSeconds: (performance.now() - started) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
}

function line(label: string, timing: Timing, audioSeconds: number, baseline?: Timing): string {
  const rtf = timing.wallSeconds / audioSeconds;
  const ratio = baseline
    ? `  ${(timing.wallSeconds / baseline.wallSeconds).toFixed(1)}× the I/O baseline`
    : '';
  return `  ${label.padEnd(44)} ${timing.wallSeconds.toFixed(2).padStart(8)} s wall  ${timing.cpuSeconds.toFixed(2).padStart(8)} s cpu  RTF ${rtf.toFixed(3)}${ratio}`;
}

/** Decode with ffmpeg and write a WAV, nothing else: what any conversion must at least pay. */
async function ioBaseline(inputPath: string, outputPath: string): Promise<Timing> {
  return timed(async () => {
    const source = await fileSpeechSource(inputPath);
    const writer = await WavFileWriter.create(outputPath, {
      sampleRate: VOICE_SAMPLE_RATE,
      channels: 1,
      sampleFormat: 'pcm16',
    });
    for await (const chunk of source.open()) await writer.write(chunk);
    await writer.close();
  });
}

async function benchFile(
  label: string,
  inputPath: string,
  target: SpeechProfile,
  work: string,
): Promise<void> {
  const source = await fileSpeechSource(inputPath);
  const seconds = source.durationSeconds ?? 0;
  console.log(`${label} (${seconds.toFixed(1)} s of audio)`);
  const baseline = await ioBaseline(inputPath, join(work, 'baseline.wav'));
  console.log(line('decode + write WAV (baseline)', baseline, seconds));
  const analysis = await timed(() => profileSpeech(source.open));
  console.log(line('analysis pass alone', analysis, seconds, baseline));
  const conversion = await timed(() =>
    convertSpeechToWav(source.open, target, join(work, 'converted.wav'), { totalSeconds: seconds }),
  );
  console.log(line('DSP conversion (all passes, WAV written)', conversion, seconds, baseline));
}

async function benchTextToSpeech(target: SpeechProfile, work: string): Promise<void> {
  await synthesizeSpeech('Warm up.'); // loads the 24 MB espeak-ng data once, like the studio does
  const speech = await timed(() => synthesizeSpeech(PARAGRAPH, { voice: speakerVoiceFor(target) }));
  const seconds = speech.result.samples.length / VOICE_SAMPLE_RATE;
  console.log(`Text to speech (${PARAGRAPH.split(/\s+/).length} words, ${seconds.toFixed(1)} s of speech)`);
  console.log(line('espeak-ng synthesis', speech, seconds));
  const conversion = await timed(() =>
    convertSpeechToWav(memorySpeechSource(speech.result.samples), target, join(work, 'spoken.wav'), {
      totalSeconds: seconds,
    }),
  );
  console.log(line('conversion of the synthesised speech', conversion, seconds));
  const total = {
    wallSeconds: speech.wallSeconds + conversion.wallSeconds,
    cpuSeconds: speech.cpuSeconds + conversion.cpuSeconds,
  };
  console.log(line('text to speech + conversion', total, seconds));
}

async function benchTwoHours(target: SpeechProfile, work: string): Promise<void> {
  const input = join(work, 'two-hours.flac');
  console.log('Two-hour recording: generating with ffmpeg lavfi…');
  await ffmpegFixture([
    '-f',
    'lavfi',
    '-i',
    speechLikeLavfi(7200, VOICE_SAMPLE_RATE, 120),
    '-c:a',
    'flac',
    input,
  ]);
  const source = await fileSpeechSource(input);
  const rss: number[] = [];
  const conversion = await timed(() =>
    convertSpeechToWav(source.open, target, join(work, 'two-hours.wav'), {
      totalSeconds: 7200,
      onProgress: (progress) => {
        if (progress.phase === 'converting') rss.push(process.memoryUsage().rss / 1e6);
      },
    }),
  );
  console.log(line('DSP conversion, 2 h streamed', conversion, 7200));
  const quarter = rss.slice(0, Math.ceil(rss.length / 4));
  console.log(
    `  resident memory: ${Math.max(...quarter).toFixed(0)} MB after the first quarter, ${Math.max(...rss).toFixed(0)} MB peak ` +
      `(${(Math.max(...rss) - Math.max(...quarter)).toFixed(0)} MB growth over 1.5 h of audio)`,
  );
}

export async function runVoiceBench(): Promise<void> {
  const work = mkdtempSync(join(tmpdir(), 'doppel-bench-voice-'));
  try {
    const haveSpeech = existsSync(join(speechDir, 'jfk_inaugural_16k.wav'));
    let target: SpeechProfile;
    if (haveSpeech) {
      const references = await Promise.all(
        ['ljspeech_LJ001-0001.wav', 'ljspeech_LJ001-0005.wav'].map((name) =>
          fileSpeechSource(join(speechDir, name)),
        ),
      );
      target = (await analyseVoiceReferences(references)).profile;
      await benchFile('JFK towards LJ Speech', join(speechDir, 'jfk_inaugural_16k.wav'), target, work);
    } else {
      console.log(`(${speechDir} not found: real-speech figures skipped; a generated reference is used)`);
      const reference = join(work, 'reference.wav');
      await ffmpegFixture([
        '-f',
        'lavfi',
        '-i',
        speechLikeLavfi(12, VOICE_SAMPLE_RATE, 220),
        '-c:a',
        'pcm_s16le',
        reference,
      ]);
      target = await profileSpeech((await fileSpeechSource(reference)).open);
    }
    const long = join(work, 'ten-minutes.flac');
    await ffmpegFixture([
      '-f',
      'lavfi',
      '-i',
      speechLikeLavfi(600, VOICE_SAMPLE_RATE, 120),
      '-c:a',
      'flac',
      long,
    ]);
    await benchFile('10-minute generated recording (streaming layout)', long, target, work);
    await benchTextToSpeech(target, work);
    if (process.argv.includes('--long')) await benchTwoHours(target, work);
    else console.log('(add --long for the two-hour streamed conversion)');
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
