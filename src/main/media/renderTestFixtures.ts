// Test-only helpers for the render pipeline's tests: generate small source clips with known content
// (solid colours, a white flash and a beep at a known time, variable frame rate, noise) and read a
// render's output back (streams, frame counts, pixels, audio samples). Here because only media/
// spawns ffmpeg (DESIGN.md §1).
import { mkdirSync, rmSync } from 'node:fs';
import { locateFfmpeg, locateFfprobe } from './ffmpegLocator';
import { runProcess } from './runProcess';

const QUIET = ['-hide_banner', '-nostdin', '-v', 'error', '-y'];

async function ffmpeg(args: string[]): Promise<Buffer> {
  const { stdout } = await runProcess(await locateFfmpeg(), [...QUIET, ...args], {
    label: 'ffmpeg (render test)',
    maxStdoutBytes: 512 * 1024 * 1024,
  });
  return stdout;
}

const H264_FAST = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'];

/** A solid-colour clip, with a 440 Hz tone at `toneAmplitude` (none when 0). */
export async function makeSolidColourClip(
  output: string,
  options: { colour: string; seconds: number; width?: number; height?: number; toneAmplitude?: number },
): Promise<string> {
  const size = `${options.width ?? 320}x${options.height ?? 240}`;
  const video = ['-f', 'lavfi', '-i', `color=c=${options.colour}:s=${size}:r=25:d=${options.seconds}`];
  const tone = options.toneAmplitude
    ? ['-f', 'lavfi', '-i', `aevalsrc=${options.toneAmplitude}*sin(2*PI*440*t):s=48000:d=${options.seconds}`]
    : [];
  const audio = options.toneAmplitude ? ['-c:a', 'aac', '-b:a', '128k'] : [];
  await ffmpeg([...video, ...tone, ...H264_FAST, ...audio, output]);
  return output;
}

/**
 * Dark grey video at 25 fps with ONE white frame at `flashSeconds`, and silence with a 1 kHz beep
 * starting at the same time: the sync probe. `seconds` long, 320x240, H.264 + AAC.
 */
export async function makeFlashAndBeepClip(
  output: string,
  seconds: number,
  flashSeconds: number,
): Promise<string> {
  const flashEnd = flashSeconds + 0.039;
  await ffmpeg([
    ...['-f', 'lavfi', '-i', `color=c=0x202020:s=320x240:r=25:d=${seconds}`],
    ...[
      '-f',
      'lavfi',
      '-i',
      `aevalsrc=if(between(t\\,${flashSeconds}\\,${flashSeconds + 0.2})\\,0.8*sin(2*PI*1000*t)\\,0):s=48000:d=${seconds}`,
    ],
    ...[
      '-vf',
      `drawbox=x=0:y=0:w=iw:h=ih:color=white:t=fill:enable=between(t\\,${flashSeconds}\\,${flashEnd})`,
    ],
    ...H264_FAST,
    ...['-c:a', 'aac', '-b:a', '128k', output],
  ]);
  return output;
}

/** Variable frame rate: 30 fps for the first second, then 10 fps, `seconds` long, no audio. */
export async function makeVariableFrameRateClip(output: string, seconds: number): Promise<string> {
  await ffmpeg([
    ...['-f', 'lavfi', '-i', `testsrc2=s=160x120:r=30:d=${seconds}`],
    ...['-vf', "select='lt(t\\,1)+not(mod(n\\,3))'", '-fps_mode', 'vfr'],
    ...H264_FAST,
    output,
  ]);
  return output;
}

/**
 * A phone-like copy of a real clip: its first `seconds`, without audio, panning (a 260-pixel-wide
 * window moving 100 pixels a second for a second, so what is in the picture moves), at a variable
 * frame rate (every frame for the first half, every third after), stored sideways (turned 90°
 * clockwise) with a rotation tag that turns it upright on display. ffmpeg 5.1 has no
 * -display_rotation; a `rotate` tag on copy becomes the display matrix.
 */
export async function makePhoneLikeCopy(input: string, output: string, seconds: number): Promise<string> {
  const sideways = `${output}.sideways.mp4`;
  const pan = "crop=w=260:h=ih:x='min(100\\,t*100)':y=0";
  const variableRate = `select='lt(t\\,${seconds / 2})+not(mod(n\\,3))'`;
  await ffmpeg([
    ...['-i', input, '-t', String(seconds), '-an'],
    ...['-vf', `${pan},transpose=1,${variableRate}`, '-fps_mode', 'vfr'],
    ...H264_FAST,
    sideways,
  ]);
  await ffmpeg(['-i', sideways, '-c', 'copy', '-metadata:s:v', 'rotate=90', output]);
  rmSync(sideways, { force: true });
  return output;
}

/** Noise compresses badly: a short clip that makes a big file (full-disk tests). */
export async function makeNoiseClip(output: string, seconds: number): Promise<string> {
  await ffmpeg([
    ...['-f', 'lavfi', '-i', `testsrc2=s=320x240:r=25:d=${seconds}`],
    ...['-vf', 'noise=alls=100:allf=t+u'],
    ...H264_FAST,
    output,
  ]);
  return output;
}

/** A still image of one colour. */
export async function makeSolidColourImage(
  output: string,
  colour: string,
  width = 320,
  height = 240,
): Promise<string> {
  await ffmpeg(['-f', 'lavfi', '-i', `color=c=${colour}:s=${width}x${height}`, '-frames:v', '1', output]);
  return output;
}

export interface ProbedStream {
  index: number;
  codec_type: string;
  codec_name: string;
  width?: number;
  height?: number;
  r_frame_rate?: string;
  avg_frame_rate?: string;
  nb_read_frames?: string;
  duration?: string;
  sample_rate?: string;
}

/** ffprobe of an output, decoding every frame to count them (slow for long files: tests only). */
export async function probeRenderedFile(
  path: string,
): Promise<{ streams: ProbedStream[]; durationSeconds: number }> {
  const { stdout } = await runProcess(await locateFfprobe(), [
    ...['-v', 'error', '-count_frames', '-show_streams', '-show_format', '-of', 'json', path],
  ]);
  const parsed = JSON.parse(stdout.toString('utf8')) as {
    streams: ProbedStream[];
    format: { duration: string };
  };
  return { streams: parsed.streams, durationSeconds: Number(parsed.format.duration) };
}

/** Every frame of the video as packed RGB24 at its own size. */
/** Every frame of the first video stream, upright; at a constant `fps` (e.g. "25/1") when given. */
export async function decodeAllFramesRgb(
  path: string,
  width: number,
  height: number,
  fps?: string,
): Promise<Uint8Array[]> {
  const bytes = await ffmpeg([
    ...['-i', path, '-map', '0:v:0', ...(fps === undefined ? [] : ['-vf', `fps=${fps}`])],
    ...['-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
  ]);
  const frameBytes = width * height * 3;
  const frames: Uint8Array[] = [];
  for (let offset = 0; offset + frameBytes <= bytes.length; offset += frameBytes) {
    frames.push(bytes.subarray(offset, offset + frameBytes));
  }
  return frames;
}

export function pixelAt(frame: Uint8Array, width: number, x: number, y: number): [number, number, number] {
  const offset = (y * width + x) * 3;
  return [frame[offset]!, frame[offset + 1]!, frame[offset + 2]!];
}

/** The first audio stream as mono float32 samples at `sampleRate`. */
export async function decodeAudioMono(path: string, sampleRate: number): Promise<Float32Array> {
  const bytes = await ffmpeg([
    '-i',
    path,
    '-map',
    '0:a:0',
    '-ac',
    '1',
    '-ar',
    String(sampleRate),
    '-f',
    'f32le',
    'pipe:1',
  ]);
  const copy = new Uint8Array(bytes.length - (bytes.length % 4));
  copy.set(bytes.subarray(0, copy.length));
  return new Float32Array(copy.buffer);
}

/** Decodes the whole file and returns ffmpeg's complaints ('' for a clean, playable file). */
export async function decodeErrors(path: string): Promise<string> {
  const { stderrTail } = await runProcess(await locateFfmpeg(), [
    '-v',
    'error',
    '-i',
    path,
    '-f',
    'null',
    '-',
  ]);
  return stderrTail.trim();
}

/**
 * Mounts a tiny tmpfs on `folder` (root with CAP_SYS_ADMIN only) for full-disk tests. Returns the
 * unmount function, or null where mounting is not allowed.
 */
export async function mountTinyTmpfs(folder: string, size: string): Promise<(() => Promise<void>) | null> {
  mkdirSync(folder, { recursive: true });
  try {
    await runProcess('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', folder], { label: 'mount' });
  } catch {
    return null;
  }
  return async () => {
    await runProcess('umount', ['-l', folder], { label: 'umount' }).catch(() => undefined);
  };
}
