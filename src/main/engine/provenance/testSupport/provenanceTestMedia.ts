// Test-only helpers for the provenance tests: the shared real media, ffmpeg runs that watermark a
// file through the same filter fragment the render pipeline uses, and the attacks of issue 8
// (H.264 CRF 28 re-encode, 50% downscale). Everything is generated into temporary folders.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { locateFfmpeg } from '../../../media/ffmpegLocator';
import { probeMedia } from '../../../media/probeMedia';
import { runProcess } from '../../../media/runProcess';
import { encodeWatermarkCodeword } from '../watermark/watermarkPayload';
import {
  videoWatermarkFilterFragment,
  videoWatermarkPatternInputArguments,
  writeVideoWatermarkPattern,
} from '../watermark/videoWatermarkFilter';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');
export const SHARED_MEDIA = path.resolve(repoRoot, '../shared/media');
export const sharedMediaPresent = existsSync(path.join(SHARED_MEDIA, 'videos', 'grid_bbaf2n.mpg'));
export const SHARED_MEDIA_MISSING = `skipped: the shared test media are not at ${SHARED_MEDIA} (see DESIGN.md §6)`;

export function sharedVideo(name: string): string {
  return path.join(SHARED_MEDIA, 'videos', name);
}

export const ACCEPTANCE_CLIPS = [
  'grid_bbaf2n.mpg',
  'grid_lbbc2a.mpg',
  'grid_swiz3n.mpg',
  'grid_lwbsza.mpg',
  'synth_astronaut_kenburns_jfk.mp4',
];

export async function ffmpeg(args: string[]): Promise<Buffer> {
  const { stdout } = await runProcess(
    await locateFfmpeg(),
    ['-hide_banner', '-nostdin', '-v', 'error', '-y', ...args],
    {
      label: 'ffmpeg (provenance test)',
      maxStdoutBytes: 1 << 30,
    },
  );
  return stdout;
}

export async function temporaryFolder(
  prefix: string,
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export async function videoSize(file: string): Promise<{ width: number; height: number }> {
  const probe = await probeMedia(file);
  if (probe.width === null || probe.height === null) throw new Error(`${file} has no video size`);
  return { width: probe.width, height: probe.height };
}

/**
 * Watermarks `input` the way a render does (pattern file + blend fragment in the encoder graph) and
 * encodes H.264 at `crf`; with `rawOutput` it writes the raw yuv420p frames instead (for PSNR).
 */
export async function watermarkWithFilter(options: {
  input: string;
  output: string;
  watermarkId: string;
  workDir: string;
  crf?: number;
  /** x264 preset, default medium. */
  preset?: string;
  rawOutput?: boolean;
  keepAudio?: boolean;
}): Promise<void> {
  const { width, height } = await videoSize(options.input);
  const pattern = await writeVideoWatermarkPattern({
    codeword: encodeWatermarkCodeword(options.watermarkId),
    width,
    height,
    folder: options.workDir,
  });
  const fragment = videoWatermarkFilterFragment({ input: '0:v', output: 'vout', patternInputIndex: 1 });
  // Raw output (for PSNR) stops after 50 frames: the pattern is the same in every frame.
  const encode = options.rawOutput
    ? ['-frames:v', '50', '-f', 'rawvideo', '-pix_fmt', 'yuv420p']
    : [
        '-c:v',
        'libx264',
        '-preset',
        options.preset ?? 'medium',
        '-crf',
        String(options.crf ?? 18),
        '-pix_fmt',
        'yuv420p',
      ];
  const audio = options.keepAudio ? ['-map', '0:a?', '-c:a', 'aac', '-b:a', '128k'] : [];
  await ffmpeg([
    ...['-i', options.input],
    ...videoWatermarkPatternInputArguments(pattern.patternPath, width, height),
    ...['-filter_complex', fragment, '-map', '[vout]', ...audio, ...encode, options.output],
  ]);
}

/** The same first 50 frames without a watermark, as raw yuv420p (the PSNR reference). */
export async function rawFrames(input: string, output: string): Promise<void> {
  await ffmpeg([
    ...['-i', input, '-map', '0:v', '-vf', 'format=yuv420p', '-frames:v', '50'],
    ...['-f', 'rawvideo', '-pix_fmt', 'yuv420p', output],
  ]);
}

export async function reencodeAtCrf(input: string, output: string, crf: number): Promise<void> {
  await ffmpeg([
    '-i',
    input,
    '-map',
    '0:v',
    '-c:v',
    'libx264',
    '-preset',
    'medium',
    '-crf',
    String(crf),
    output,
  ]);
}

/** Halves width and height (rounded down to even sizes, as players and encoders need). */
export async function downscaleHalf(input: string, output: string, crf = 23): Promise<void> {
  await ffmpeg([
    ...['-i', input, '-map', '0:v', '-vf', 'scale=trunc(iw/4)*2:trunc(ih/4)*2'],
    ...['-c:v', 'libx264', '-preset', 'medium', '-crf', String(crf), output],
  ]);
}

/** A still from the shared faces, slowly zoomed and panned into a short clip (camera-like motion). */
async function stillToClip(still: string, output: string, size: string): Promise<void> {
  await ffmpeg([
    ...['-loop', '1', '-framerate', '25', '-i', path.join(SHARED_MEDIA, 'faces', still)],
    ...['-vf', `scale=1024:-2,zoompan=z='1+0.002*in':d=1:s=${size}:fps=25,format=yuv420p`],
    ...['-t', '2', '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', output],
  ]);
}

async function lavfiClip(source: string, output: string, filter = 'format=yuv420p'): Promise<void> {
  await ffmpeg([
    '-f',
    'lavfi',
    '-i',
    source,
    '-t',
    '2',
    '-vf',
    filter,
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-crf',
    '23',
    output,
  ]);
}

/**
 * Twenty clips that carry no watermark: the six shared videos as they are, a downscaled copy, and
 * thirteen generated ones (zooms over the shared face stills, test patterns, fractals, noise, HD).
 */
export async function cleanClips(dir: string): Promise<string[]> {
  const shared = [
    'grid_bbaf2n.mpg',
    'grid_lbbc2a.mpg',
    'grid_swiz3n.mpg',
    'grid_lwbsza.mpg',
    'grid_bbaf2n_h264_aac.mp4',
    'synth_astronaut_kenburns_jfk.mp4',
  ].map(sharedVideo);
  const made: Array<[string, (output: string) => Promise<void>]> = [
    ['half-astronaut.mp4', (out) => downscaleHalf(sharedVideo('synth_astronaut_kenburns_jfk.mp4'), out)],
    ['zoom-astronaut.mp4', (out) => stillToClip('astronaut.png', out, '640x480')],
    ['zoom-cameraman.mp4', (out) => stillToClip('cameraman_profile_cc0.png', out, '512x512')],
    ['zoom-brbk7n.mp4', (out) => stillToClip('grid_brbk7n.jpg', out, '360x288')],
    ['zoom-lbax4n.mp4', (out) => stillToClip('grid_lbax4n.jpg', out, '1280x720')],
    ['zoom-swiz3n-roll.mp4', (out) => stillToClip('grid_swiz3n_roll-20.jpg', out, '360x288')],
    ['zoom-lbbc2a-rot90.mp4', (out) => stillToClip('grid_lbbc2a_rot90.jpg', out, '288x360')],
    ['testsrc2-720p.mp4', (out) => lavfiClip('testsrc2=size=1280x720:rate=25', out)],
    ['smptehdbars.mp4', (out) => lavfiClip('smptehdbars=size=640x360:rate=25', out)],
    ['mandelbrot.mp4', (out) => lavfiClip('mandelbrot=size=480x360:rate=25', out)],
    ['life.mp4', (out) => lavfiClip('life=size=320x240:rate=25:mold=10:ratio=0.5', out)],
    ['gradients.mp4', (out) => lavfiClip('gradients=size=640x480:rate=25:speed=0.05', out)],
    [
      'grey-noise.mp4',
      (out) => lavfiClip('color=c=gray:size=384x384:rate=25', out, 'noise=alls=25:allf=t,format=yuv420p'),
    ],
    ['flat-black.mp4', (out) => lavfiClip('color=c=black:size=320x240:rate=25', out)],
  ];
  const generated: string[] = [];
  for (const [name, make] of made) {
    const output = path.join(dir, name);
    await make(output);
    generated.push(output);
  }
  return [...shared, ...generated];
}
