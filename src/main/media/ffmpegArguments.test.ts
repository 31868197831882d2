import { describe, expect, it } from 'vitest';
import {
  audioPcmDecodeArguments,
  ffprobeJsonArguments,
  ffprobePacketCountArguments,
  filmstripSpriteArguments,
  microsecondsToSecondsText,
  posterFrameArguments,
  toFfmpegFileUrl,
} from './ffmpegArguments';

const INPUT = '/media/My Clip (final).mp4';

describe('ffmpeg argument builders', () => {
  it('prefixes paths with file: so names that look like options or URLs stay local files', () => {
    expect(toFfmpegFileUrl('-y.mp4')).toBe('file:-y.mp4');
    expect(toFfmpegFileUrl('/a/http:evil.mp4')).toBe('file:/a/http:evil.mp4');
  });

  it('formats microseconds as exact decimal seconds', () => {
    expect(microsecondsToSecondsText(0)).toBe('0.000000');
    expect(microsecondsToSecondsText(1_500_000)).toBe('1.500000');
    expect(microsecondsToSecondsText(3_600_000_001)).toBe('3600.000001');
    expect(() => microsecondsToSecondsText(1.5)).toThrow(/whole number/);
  });

  it('builds the ffprobe JSON probe', () => {
    expect(ffprobeJsonArguments(INPUT)).toEqual([
      '-hide_banner',
      '-v',
      'error',
      '-print_format',
      'json',
      '-show_format',
      '-show_streams',
      '-protocol_whitelist',
      'file',
      '-i',
      'file:/media/My Clip (final).mp4',
    ]);
  });

  it('builds the packet count used when a raw stream has no duration', () => {
    expect(ffprobePacketCountArguments(INPUT, 0)).toEqual([
      '-hide_banner',
      '-v',
      'error',
      '-select_streams',
      '0',
      '-count_packets',
      '-show_entries',
      'stream=nb_read_packets',
      '-print_format',
      'json',
      '-protocol_whitelist',
      'file',
      '-i',
      'file:/media/My Clip (final).mp4',
    ]);
  });

  it('builds a filmstrip sprite with an exact frame rate for N frames over the duration', () => {
    expect(
      filmstripSpriteArguments({
        inputPath: INPUT,
        outputPath: '/cache/abc/filmstrip.jpg.tmp',
        streamIndex: 0,
        durationUs: 3_000_000,
        count: 3,
        tileWidth: 112,
        tileHeight: 90,
        keyframesOnly: false,
        poster: null,
      }),
    ).toEqual([
      '-hide_banner',
      '-nostdin',
      '-v',
      'error',
      '-y',
      '-protocol_whitelist',
      'file',
      '-i',
      'file:/media/My Clip (final).mp4',
      '-map',
      '0:0',
      '-vf',
      'fps=fps=1/1,scale=112:90,setsar=1,tile=3x1',
      '-frames:v',
      '1',
      '-f',
      'image2',
      '-c:v',
      'mjpeg',
      '-q:v',
      '5',
      '-update',
      '1',
      'file:/cache/abc/filmstrip.jpg.tmp',
    ]);
  });

  it('builds sprite and poster from one decode, keyframes only for long videos', () => {
    expect(
      filmstripSpriteArguments({
        inputPath: INPUT,
        outputPath: '/c/s.tmp',
        streamIndex: 1,
        // 29.97 fps-ish duration: the rate stays an exact reduced fraction.
        durationUs: 1_234_567,
        count: 10,
        tileWidth: 160,
        tileHeight: 90,
        keyframesOnly: true,
        poster: { outputPath: '/c/p.tmp', frameIndex: 12, width: 640, height: 360 },
      }),
    ).toEqual([
      '-hide_banner',
      '-nostdin',
      '-v',
      'error',
      '-y',
      '-skip_frame',
      'nokey',
      '-protocol_whitelist',
      'file',
      '-i',
      'file:/media/My Clip (final).mp4',
      '-filter_complex',
      '[0:1]split=2[strip][still];' +
        '[strip]fps=fps=10000000/1234567,scale=160:90,setsar=1,tile=10x1[sprite];' +
        '[still]select=eq(n\\,12),scale=640:360,setsar=1[poster]',
      '-map',
      '[sprite]',
      '-frames:v',
      '1',
      '-f',
      'image2',
      '-c:v',
      'mjpeg',
      '-q:v',
      '5',
      '-update',
      '1',
      'file:/c/s.tmp',
      '-map',
      '[poster]',
      '-frames:v',
      '1',
      '-f',
      'image2',
      '-c:v',
      'mjpeg',
      '-q:v',
      '3',
      '-update',
      '1',
      'file:/c/p.tmp',
    ]);
  });

  it('reduces the sprite frame rate for very short clips (more tiles than frames is fine)', () => {
    const args = filmstripSpriteArguments({
      inputPath: INPUT,
      outputPath: '/c/s.tmp',
      streamIndex: 0,
      durationUs: 40_000,
      count: 4,
      tileWidth: 120,
      tileHeight: 90,
      keyframesOnly: false,
      poster: null,
    });
    expect(args[args.indexOf('-vf') + 1]).toBe('fps=fps=100/1,scale=120:90,setsar=1,tile=4x1');
  });

  it('refuses nonsense sprite requests instead of handing them to ffmpeg', () => {
    const base = {
      inputPath: INPUT,
      outputPath: '/c/s.tmp',
      streamIndex: 0,
      durationUs: 1_000_000,
      count: 4,
      tileWidth: 120,
      tileHeight: 90,
      keyframesOnly: false,
      poster: null,
    };
    expect(() => filmstripSpriteArguments({ ...base, count: 0 })).toThrow(/count must be a positive/);
    expect(() => filmstripSpriteArguments({ ...base, durationUs: 0 })).toThrow(/durationUs/);
    expect(() => filmstripSpriteArguments({ ...base, streamIndex: -1 })).toThrow(/streamIndex/);
  });

  it('builds a poster frame with an input seek', () => {
    expect(
      posterFrameArguments({
        inputPath: INPUT,
        outputPath: '/c/poster.tmp',
        streamIndex: 0,
        seekUs: 1_000_000,
        width: 450,
        height: 360,
      }),
    ).toEqual([
      '-hide_banner',
      '-nostdin',
      '-v',
      'error',
      '-y',
      '-ss',
      '1.000000',
      '-protocol_whitelist',
      'file',
      '-i',
      'file:/media/My Clip (final).mp4',
      '-map',
      '0:0',
      '-vf',
      'scale=450:360,setsar=1',
      '-frames:v',
      '1',
      '-f',
      'image2',
      '-c:v',
      'mjpeg',
      '-q:v',
      '3',
      '-update',
      '1',
      'file:/c/poster.tmp',
    ]);
  });

  it('builds a poster of the first frame without a seek', () => {
    const args = posterFrameArguments({
      inputPath: INPUT,
      outputPath: '/c/poster.tmp',
      streamIndex: 2,
      seekUs: 0,
      width: 64,
      height: 48,
    });
    expect(args).not.toContain('-ss');
    expect(args.slice(4, 11)).toEqual([
      '-y',
      '-protocol_whitelist',
      'file',
      '-i',
      'file:/media/My Clip (final).mp4',
      '-map',
      '0:2',
    ]);
  });

  it('builds a mono float PCM decode to stdout for peaks', () => {
    expect(
      audioPcmDecodeArguments({ inputPath: INPUT, streamIndex: 1, sampleRate: 8000, sampleFormat: 'f32le' }),
    ).toEqual([
      '-hide_banner',
      '-nostdin',
      '-v',
      'error',
      '-protocol_whitelist',
      'file',
      '-i',
      'file:/media/My Clip (final).mp4',
      '-map',
      '0:1',
      '-ac',
      '1',
      '-ar',
      '8000',
      '-c:a',
      'pcm_f32le',
      '-f',
      'f32le',
      'pipe:1',
    ]);
  });

  it('builds a mono 16-bit PCM decode', () => {
    expect(
      audioPcmDecodeArguments({ inputPath: INPUT, streamIndex: 0, sampleRate: 16000, sampleFormat: 's16le' }),
    ).toEqual([
      '-hide_banner',
      '-nostdin',
      '-v',
      'error',
      '-protocol_whitelist',
      'file',
      '-i',
      'file:/media/My Clip (final).mp4',
      '-map',
      '0:0',
      '-ac',
      '1',
      '-ar',
      '16000',
      '-c:a',
      'pcm_s16le',
      '-f',
      's16le',
      'pipe:1',
    ]);
  });
});
