// Test-only helper: generates small real media files with ffmpeg into a temporary folder, each on
// first use, so tests run against real files without shipping binaries in git. Lives in media/
// because only media/ may spawn processes (DESIGN.md §1).
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { locateFfmpeg } from './ffmpegLocator';
import { runProcess } from './runProcess';

/** The shared real media (DESIGN.md §6); tests that need it skip with a message when it is absent. */
export const SHARED_MEDIA_DIR = path.resolve(process.env.DOPPEL_SHARED_MEDIA ?? '/work/shared/media');
export const sharedMediaAvailable = existsSync(
  path.join(SHARED_MEDIA_DIR, 'videos', 'grid_bbaf2n_h264_aac.mp4'),
);
export const SHARED_MEDIA_SKIP_MESSAGE = `shared media not found at ${SHARED_MEDIA_DIR} (set DOPPEL_SHARED_MEDIA)`;

export function sharedMedia(relativePath: string): string {
  return path.join(SHARED_MEDIA_DIR, relativePath);
}

const QUIET = ['-hide_banner', '-nostdin', '-v', 'error', '-y'];
const TEST_VIDEO = 'testsrc=size=160x120:rate=25:duration=1';
/** A known amplitude (0.5) so peaks can be checked against it. */
const TEST_TONE = 'aevalsrc=0.5*sin(2*PI*440*t):s=44100:d=1';
/** Blue frame with a red square in the top-left corner: shows which way a picture was turned. */
const MARKER_VIDEO = 'color=blue:size=64x32:rate=25:duration=0.2,drawbox=x=0:y=0:w=16:h=16:color=red:t=fill';

/** `fixture` takes a plain string here: typing it as FixtureName would make the table refer to itself. */
type Recipe = (output: string, fixture: (name: string) => Promise<string>) => Promise<void>;

async function ffmpeg(args: string[]): Promise<void> {
  await runProcess(await locateFfmpeg(), [...QUIET, ...args], { label: 'ffmpeg (test fixture)' });
}

const image = (codecArgs: string[]) => (output: string) =>
  ffmpeg(['-f', 'lavfi', '-i', 'testsrc=size=64x48:rate=1', '-frames:v', '1', ...codecArgs, output]);

const recipes = {
  /** 1 s, 160x120, 25 fps MPEG-4 Part 2 + AAC tone (both encoders are built into every ffmpeg). */
  'video.mp4': (output) =>
    ffmpeg([
      ...['-f', 'lavfi', '-i', TEST_VIDEO, '-f', 'lavfi', '-i', TEST_TONE],
      ...['-c:v', 'mpeg4', '-q:v', '5', '-c:a', 'aac', '-shortest', output],
    ]),
  /** MPEG-1 video + MP2 audio in MPEG-PS, like the GRID corpus: the viewer cannot play it. */
  'mpeg1.mpg': (output) =>
    ffmpeg([
      ...['-f', 'lavfi', '-i', TEST_VIDEO, '-f', 'lavfi', '-i', TEST_TONE],
      ...['-c:v', 'mpeg1video', '-q:v', '5', '-c:a', 'mp2', '-shortest', output],
    ]),
  /** H.264 + AAC in MP4: plays in the viewer as it is. */
  'h264.mp4': (output) =>
    ffmpeg([
      ...['-f', 'lavfi', '-i', TEST_VIDEO, '-f', 'lavfi', '-i', TEST_TONE],
      ...[
        '-c:v',
        'libx264',
        '-preset',
        'ultrafast',
        '-pix_fmt',
        'yuv420p',
        '-c:a',
        'aac',
        '-shortest',
        output,
      ],
    ]),
  'video-no-audio.mp4': (output) =>
    ffmpeg(['-f', 'lavfi', '-i', TEST_VIDEO, '-c:v', 'mpeg4', '-q:v', '5', output]),
  'one-frame.mp4': (output) =>
    ffmpeg(['-f', 'lavfi', '-i', TEST_VIDEO, '-frames:v', '1', '-c:v', 'mpeg4', output]),
  'marker.mp4': (output) =>
    ffmpeg(['-f', 'lavfi', '-i', MARKER_VIDEO, '-c:v', 'mpeg4', '-q:v', '2', '-pix_fmt', 'yuv420p', output]),
  /** ffmpeg 5.1 has no -display_rotation; a `rotate` tag on copy becomes the display matrix. */
  'marker-rotated.mp4': async (output, fixture) =>
    ffmpeg(['-i', await fixture('marker.mp4'), '-c', 'copy', '-metadata:s:v', 'rotate=90', output]),
  /** A raw MPEG-4 elementary stream: no container, so no duration. */
  'raw-stream.m4v': (output) =>
    ffmpeg(['-f', 'lavfi', '-i', TEST_VIDEO, '-c:v', 'mpeg4', '-q:v', '5', '-f', 'm4v', output]),
  'tone.wav': (output) => ffmpeg(['-f', 'lavfi', '-i', TEST_TONE, '-c:a', 'pcm_s16le', output]),
  'silence.wav': (output) => ffmpeg(['-f', 'lavfi', '-i', 'anullsrc=r=8000:cl=mono', '-t', '0.5', output]),
  'cover-art.m4a': async (output, fixture) =>
    ffmpeg([
      ...['-i', await fixture('tone.wav'), '-i', await fixture('picture.png')],
      ...['-map', '0', '-map', '1', '-c:a', 'aac', '-c:v', 'png', '-disposition:v', 'attached_pic', output],
    ]),
  'picture.png': image([]),
  'picture.jpg': image([]),
  'picture.bmp': image([]),
  'picture.xbm': image(['-pix_fmt', 'monow']),
  'picture.ppm': image([]),
  'subtitles.srt': (output) => writeFile(output, '1\n00:00:01,000 --> 00:00:02,000\nHello\n'),
  'text-renamed.mp4': (output) => writeFile(output, 'These are meeting notes, not a video.\nSecond line.\n'),
  'empty.mp4': (output) => writeFile(output, ''),
  /** The first 30% of an MP4 whose index ('moov') ffmpeg wrote at the end: the index is gone. */
  'truncated-moov-at-end.mp4': async (output, fixture) => {
    const whole = await readFile(await fixture('video.mp4'));
    await writeFile(output, whole.subarray(0, Math.floor(whole.length * 0.3)));
  },
  /** The first 30% of a fast-start MP4: the index survives, the media data is cut off. */
  'truncated-fast-start.mp4': async (output, fixture) => {
    const fastStart = path.join(path.dirname(output), 'fast-start-whole.mp4');
    await ffmpeg(['-i', await fixture('video.mp4'), '-c', 'copy', '-movflags', '+faststart', fastStart]);
    const whole = await readFile(fastStart);
    await writeFile(output, whole.subarray(0, Math.floor(whole.length * 0.3)));
  },
} satisfies Record<string, Recipe>;

export type FixtureName = keyof typeof recipes;

export interface FixtureFolder {
  readonly dir: string;
  /** Absolute path of the fixture, generated on first request. */
  fixture(name: FixtureName): Promise<string>;
  cleanup(): Promise<void>;
}

export async function createFixtureFolder(prefix = 'doppel-media-test-'): Promise<FixtureFolder> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  const made = new Map<FixtureName, Promise<string>>();
  const fixture = (name: FixtureName): Promise<string> => {
    let pending = made.get(name);
    if (!pending) {
      const output = path.join(dir, name);
      const recipe: Recipe = recipes[name];
      const dependency = (other: string) => {
        if (!(other in recipes)) throw new Error(`no fixture recipe named ${other}`);
        return fixture(other as FixtureName);
      };
      pending = recipe(output, dependency).then(() => output);
      made.set(name, pending);
    }
    return pending;
  };
  return { dir, fixture, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
