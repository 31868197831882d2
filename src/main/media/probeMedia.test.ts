import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StudioError } from '../../shared/errors';
import { ffprobeJsonArguments } from './ffmpegArguments';
import { locateFfmpeg, locateFfprobe } from './ffmpegLocator';
import { classifyFileStart, inspectIsoMediaStructure } from './isoMediaStructure';
import {
  createFixtureFolder,
  sharedMedia,
  sharedMediaAvailable,
  SHARED_MEDIA_SKIP_MESSAGE,
  type FixtureFolder,
} from './mediaTestFixtures';
import {
  exifOrientationToRotation,
  interpretProbe,
  normaliseRotation,
  requireKnownDuration,
  streamRotation,
} from './probeInterpretation';
import { probeMedia } from './probeMedia';
import { runProcess } from './runProcess';

let fixtures: FixtureFolder;
beforeAll(async () => {
  fixtures = await createFixtureFolder();
});
afterAll(async () => {
  await fixtures.cleanup();
});

async function probeError(filePath: string): Promise<StudioError> {
  try {
    await probeMedia(filePath);
  } catch (error) {
    expect(error).toBeInstanceOf(StudioError);
    return error as StudioError;
  }
  throw new Error(`expected probing ${filePath} to fail`);
}

describe('probeMedia on generated files', () => {
  it('describes a video with audio', async () => {
    const file = await fixtures.fixture('video.mp4');
    const probe = await probeMedia(file);
    expect(probe).toMatchObject({
      kind: 'video',
      durationUs: 1_000_000,
      width: 160,
      height: 120,
      displayWidth: 160,
      displayHeight: 120,
      fps: { num: 25, den: 1 },
      hasVideo: true,
      hasAudio: true,
      videoCodec: 'mpeg4',
      audioCodec: 'aac',
      rotation: 0,
      videoStreamIndex: 0,
      audioStreamIndex: 1,
    });
    expect(probe.formatName).toContain('mp4');
    expect(probe.sizeBytes).toBe((await readFile(file)).length);
    expect(probe.raw.streams).toHaveLength(2);
  });

  it('describes a video without audio', async () => {
    const probe = await probeMedia(await fixtures.fixture('video-no-audio.mp4'));
    expect(probe).toMatchObject({
      kind: 'video',
      hasVideo: true,
      hasAudio: false,
      audioCodec: null,
      audioStreamIndex: null,
    });
  });

  it('describes a WAV as audio', async () => {
    const probe = await probeMedia(await fixtures.fixture('tone.wav'));
    expect(probe).toMatchObject({
      kind: 'audio',
      formatName: 'wav',
      durationUs: 1_000_000,
      width: null,
      height: null,
      fps: null,
      hasVideo: false,
      hasAudio: true,
      audioCodec: 'pcm_s16le',
      audioSampleRate: 44100,
      audioChannels: 1,
    });
  });

  it('does not let cover art turn an audio file into a video', async () => {
    const file = await fixtures.fixture('cover-art.m4a');
    const probe = await probeMedia(file);
    expect(probe.raw.streams.some((stream) => stream.codec_type === 'video')).toBe(true);
    expect(probe).toMatchObject({ kind: 'audio', hasVideo: false, videoCodec: null, videoStreamIndex: null });
  });

  it('describes PNG, JPEG and BMP stills as images without a duration', async () => {
    for (const [name, codec] of [
      ['picture.png', 'png'],
      ['picture.jpg', 'mjpeg'],
      ['picture.bmp', 'bmp'],
    ] as const) {
      const probe = await probeMedia(await fixtures.fixture(name));
      expect(probe, name).toMatchObject({
        kind: 'image',
        durationUs: null,
        fps: null,
        width: 64,
        height: 48,
        videoCodec: codec,
        hasAudio: false,
      });
    }
  });

  it('reports the rotation that ffmpeg applies when it shows the video', async () => {
    const file = await fixtures.fixture('marker-rotated.mp4');
    const probe = await probeMedia(file);
    expect([90, 270]).toContain(probe.rotation);
    expect(probe).toMatchObject({ width: 64, height: 32, displayWidth: 32, displayHeight: 64 });

    // Decode one frame the way every ffmpeg consumer will (autorotate on) and find the red marker,
    // which sits top-left in the coded picture: clockwise 90 moves it top-right, 270 bottom-left.
    const ffmpeg = await locateFfmpeg();
    const { stdout } = await runProcess(ffmpeg, [
      ...['-hide_banner', '-nostdin', '-v', 'error', '-i', file, '-frames:v', '1'],
      ...['-f', 'image2pipe', '-c:v', 'png', 'pipe:1'],
    ]);
    const { data, info } = await sharp(stdout).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([32, 64]);
    const redAt = (x: number, y: number) => (data[(y * info.width + x) * info.channels] ?? 0) > 200;
    const expectedCorner = probe.rotation === 90 ? [info.width - 3, 2] : [2, info.height - 3];
    expect(redAt(expectedCorner[0] as number, expectedCorner[1] as number)).toBe(true);
    expect(redAt(2, 2)).toBe(false);
  });

  it('finds the duration of a raw stream by counting its frames', async () => {
    const probe = await probeMedia(await fixtures.fixture('raw-stream.m4v'));
    expect(probe).toMatchObject({ kind: 'video', formatName: 'm4v', durationUs: 1_000_000 });
  });
});

describe('probeMedia errors name the file and the problem', () => {
  it('path that no longer exists → FILE_NOT_FOUND', async () => {
    const file = path.join(fixtures.dir, 'moved-away.mp4');
    await writeFile(file, 'x');
    await rm(file);
    const error = await probeError(file);
    expect(error.code).toBe('FILE_NOT_FOUND');
    expect(error.message).toBe(`"${file}" no longer exists (moved, renamed or deleted?).`);
  });

  it('zero-byte file → FILE_EMPTY', async () => {
    const file = await fixtures.fixture('empty.mp4');
    const error = await probeError(file);
    expect(error.code).toBe('FILE_EMPTY');
    expect(error.message).toContain(`"${file}" is empty (0 bytes)`);
  });

  it('a text file renamed .mp4 → MEDIA_UNREADABLE, not a media file', async () => {
    const file = await fixtures.fixture('text-renamed.mp4');
    const error = await probeError(file);
    expect(error.code).toBe('MEDIA_UNREADABLE');
    expect(error.message).toBe(`"${file}" is not a media file ffprobe can read: it contains plain text.`);
  });

  it('a truncated MP4 whose index was at the end → MEDIA_UNREADABLE, looks truncated', async () => {
    const file = await fixtures.fixture('truncated-moov-at-end.mp4');
    const error = await probeError(file);
    expect(error.code).toBe('MEDIA_UNREADABLE');
    expect(error.message).toMatch(
      new RegExp(`^"${file}" looks truncated or damaged: its 'mdat' box is declared`),
    );
  });

  it('a truncated fast-start MP4 (index intact, ffprobe happy) → MEDIA_UNREADABLE, looks truncated', async () => {
    const file = await fixtures.fixture('truncated-fast-start.mp4');
    const error = await probeError(file);
    expect(error.code).toBe('MEDIA_UNREADABLE');
    expect(error.message).toContain(`"${file}" looks truncated or damaged`);
  });

  it('an unsupported image format → UNSUPPORTED_FORMAT listing the supported ones', async () => {
    for (const [name, codec] of [
      ['picture.xbm', 'XBM'],
      ['picture.ppm', 'PPM'],
    ] as const) {
      const file = await fixtures.fixture(name);
      const error = await probeError(file);
      expect(error.code, name).toBe('UNSUPPORTED_FORMAT');
      expect(error.message).toContain(`"${file}" is an image in ${codec} format`);
      expect(error.message).toContain('Supported image formats: JPEG, PNG, WebP, BMP, TIFF, GIF.');
    }
  });

  it('a file with no audio or video streams → UNSUPPORTED_FORMAT', async () => {
    const file = await fixtures.fixture('subtitles.srt');
    const error = await probeError(file);
    expect(error.code).toBe('UNSUPPORTED_FORMAT');
    expect(error.message).toBe(
      `"${file}" has no audio or video to import (format srt, only subtitle streams).`,
    );
  });

  it('a binary file that is not media → MEDIA_UNREADABLE', async () => {
    const file = path.join(fixtures.dir, 'random.bin');
    await writeFile(file, Buffer.from(Array.from({ length: 4096 }, (_, index) => (index * 7919) % 251)));
    const error = await probeError(file);
    expect(error.code).toBe('MEDIA_UNREADABLE');
    expect(error.message).toMatch(new RegExp(`^"${file}" is not a media file ffprobe can read`));
  });

  it('a video whose duration cannot be determined → MEDIA_UNREADABLE saying so', async () => {
    // Real ffprobe output for a raw stream, before probeMedia's packet-count fallback.
    const file = await fixtures.fixture('raw-stream.m4v');
    const { stdout } = await runProcess(await locateFfprobe(), ffprobeJsonArguments(file));
    const probe = interpretProbe(JSON.parse(stdout.toString()), { path: file, sizeBytes: 1 });
    expect(probe.durationUs).toBeNull();
    expect(() => requireKnownDuration(probe, file)).toThrow(
      `"${file}" is a video file whose duration cannot be determined (format m4v)`,
    );
  });
});

describe.skipIf(!sharedMediaAvailable)(
  `probeMedia on real media (${SHARED_MEDIA_SKIP_MESSAGE} → skipped)`,
  () => {
    it('reads the GRID H.264/AAC clip', async () => {
      const probe = await probeMedia(sharedMedia('videos/grid_bbaf2n_h264_aac.mp4'));
      expect(probe).toMatchObject({
        kind: 'video',
        durationUs: 3_000_000,
        width: 360,
        height: 288,
        fps: { num: 25, den: 1 },
        videoCodec: 'h264',
        audioCodec: 'aac',
        hasAudio: true,
        rotation: 0,
      });
    });

    it('reads faces as JPEG images and speech as audio', async () => {
      expect(await probeMedia(sharedMedia('faces/grid_bbaf2n.jpg'))).toMatchObject({
        kind: 'image',
        videoCodec: 'mjpeg',
      });
      const speech = await probeMedia(sharedMedia('speech/grid_bbaf2n_male_16k.wav'));
      expect(speech).toMatchObject({ kind: 'audio', audioSampleRate: 16000, hasVideo: false });
      expect(speech.durationUs).toBeGreaterThan(1_000_000);
    });

    it('calls the first 30% of the real MP4 truncated', async () => {
      const whole = await readFile(sharedMedia('videos/grid_bbaf2n_h264_aac.mp4'));
      const file = path.join(fixtures.dir, 'grid-first-30-percent.mp4');
      await writeFile(file, whole.subarray(0, Math.floor(whole.length * 0.3)));
      const error = await probeError(file);
      expect(error.code).toBe('MEDIA_UNREADABLE');
      expect(error.message).toContain('looks truncated or damaged');
    });
  },
);

describe('probe interpretation rules', () => {
  it('normalises rotations to 0/90/180/270 clockwise', () => {
    expect([0, 90, -90, 180, -180, 270, 360, 450, 89.6].map(normaliseRotation)).toEqual([
      0, 90, 270, 180, 180, 270, 0, 90, 90,
    ]);
    // Display-matrix side data is counter-clockwise; the legacy tag is clockwise.
    expect(streamRotation({ index: 0, side_data_list: [{ rotation: -90 }] })).toBe(90);
    expect(streamRotation({ index: 0, tags: { rotate: '90' } })).toBe(90);
    expect(streamRotation({ index: 0 })).toBe(0);
    expect([1, 3, 6, 8, undefined].map(exifOrientationToRotation)).toEqual([0, 180, 90, 270, 0]);
  });

  it('classifies file starts', () => {
    expect(classifyFileStart(Buffer.from('hello\nworld'))).toBe('text');
    expect(classifyFileStart(Buffer.from([0, 0, 0, 0x20, 0x66, 0x74, 0x79, 0x70]))).toBe('iso-media');
    expect(classifyFileStart(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toBe('other');
    expect(classifyFileStart(Buffer.alloc(0))).toBe('empty');
  });

  it('finds a whole MP4 whole', async () => {
    expect(await inspectIsoMediaStructure(await fixtures.fixture('video.mp4'))).toEqual({
      isIsoMedia: true,
      problem: null,
    });
  });
});
