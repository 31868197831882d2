import { describe, expect, it } from 'vitest';
import { encodeArguments } from './encodeArguments';
import { FfmpegProgressParser } from './ffmpegProgress';
import {
  audioMixArguments,
  rawFrameBytes,
  rawFrameConvertArguments,
  renderedSeekWindow,
  segmentDecodeArguments,
} from './renderArguments';

const yuv = { width: 640, height: 360, fps: { num: 25, den: 1 }, pixelFormat: 'yuv420p' as const };
const fit =
  'scale=w=trunc(iw*sar/2)*2:h=ih,setsar=1,' +
  'scale=w=640:h=360:force_original_aspect_ratio=decrease:force_divisible_by=2,' +
  'pad=w=640:h=360:x=(ow-iw)/2:y=(oh-ih)/2:color=black,setsar=1';
const head = ['-hide_banner', '-nostdin', '-v', 'error'];

describe('render ffmpeg arguments', () => {
  it('sizes raw frames', () => {
    expect(rawFrameBytes({ width: 640, height: 360, pixelFormat: 'yuv420p' })).toBe(345_600);
    expect(rawFrameBytes({ width: 640, height: 360, pixelFormat: 'rgb24' })).toBe(691_200);
    expect(rawFrameBytes({ width: 640, height: 360, pixelFormat: 'yuv422p10le' })).toBe(921_600);
  });

  it('decodes a video segment: seek, stream, resample, fit, pad the end, exact frame count', () => {
    expect(
      segmentDecodeArguments({
        source: { kind: 'video', path: '/in/a b.mp4', streamIndex: 2, startUs: 1_500_000 },
        frameCount: 48,
        output: yuv,
      }),
    ).toEqual([
      ...head,
      // One second earlier on the same output grid, the lead-in trimmed after the fps filter.
      ...['-ss', '0.500000', '-protocol_whitelist', 'file', '-i', 'file:/in/a b.mp4', '-map', '0:2'],
      ...[
        '-vf',
        `fps=25/1:start_time=0,trim=start_frame=25,setpts=PTS-STARTPTS,${fit},tpad=stop_mode=clone:stop=-1`,
      ],
      ...['-frames:v', '48', '-f', 'rawvideo', '-pix_fmt', 'yuv420p', 'pipe:1'],
    ]);
    expect(
      segmentDecodeArguments({
        source: { kind: 'video', path: '/in/b.mov', streamIndex: null, startUs: 0 },
        frameCount: 1,
        output: { ...yuv, fps: { num: 30000, den: 1001 }, pixelFormat: 'rgb24' },
      }),
    ).toEqual([
      ...head,
      ...['-protocol_whitelist', 'file', '-i', 'file:/in/b.mov', '-map', '0:V:0'],
      ...['-vf', `fps=30000/1001,${fit},tpad=stop_mode=clone:stop=-1`],
      ...['-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', 'pipe:1'],
    ]);
  });

  it('starts a mid-clip segment from up to a second earlier on the output grid, never before 0', () => {
    const pal = { num: 25, den: 1 };
    expect(renderedSeekWindow(0, pal)).toEqual({ seekUs: 0, leadInFrames: 0, frameFilters: ['fps=25/1'] });
    expect(renderedSeekWindow(120_000, pal)).toEqual({
      seekUs: 0,
      leadInFrames: 3,
      frameFilters: ['fps=25/1:start_time=0', 'trim=start_frame=3', 'setpts=PTS-STARTPTS'],
    });
    expect(renderedSeekWindow(130_000, pal)).toMatchObject({ seekUs: 10_000, leadInFrames: 3 });
    expect(renderedSeekWindow(10_000, pal)).toEqual({
      seekUs: 10_000,
      leadInFrames: 0,
      frameFilters: ['fps=25/1:start_time=0'],
    });
    expect(renderedSeekWindow(61_000_000, pal)).toMatchObject({ seekUs: 60_000_000, leadInFrames: 25 });
    const ntsc = { num: 30000, den: 1001 };
    expect(renderedSeekWindow(2_002_000, ntsc)).toMatchObject({ seekUs: 1_001_000, leadInFrames: 30 });
  });

  it('decodes a still once and loops it, rotated by hand; a gap is black', () => {
    expect(
      segmentDecodeArguments({
        source: { kind: 'image', path: '/in/p.jpg', rotation: 270 },
        frameCount: 10,
        output: yuv,
      }),
    ).toEqual([
      ...head,
      ...['-noautorotate', '-protocol_whitelist', 'file', '-i', 'file:/in/p.jpg', '-map', '0:V:0'],
      ...['-vf', `transpose=cclock,${fit},loop=loop=-1:size=1,setpts=N*1/(25*TB),fps=25/1`],
      ...['-frames:v', '10', '-f', 'rawvideo', '-pix_fmt', 'yuv420p', 'pipe:1'],
    ]);
    expect(segmentDecodeArguments({ source: { kind: 'gap' }, frameCount: 3, output: yuv })).toEqual([
      ...head,
      ...['-f', 'lavfi', '-i', 'color=c=black:s=640x360:r=25/1'],
      ...['-frames:v', '3', '-f', 'rawvideo', '-pix_fmt', 'yuv420p', 'pipe:1'],
    ]);
  });

  it('refuses odd sizes for subsampled formats and empty segments', () => {
    expect(() => segmentDecodeArguments({ source: { kind: 'gap' }, frameCount: 0, output: yuv })).toThrow(
      /frameCount/,
    );
    expect(() =>
      segmentDecodeArguments({ source: { kind: 'gap' }, frameCount: 1, output: { ...yuv, width: 641 } }),
    ).toThrow(/even size/);
  });

  it('converts processed RGB frames to the encoder format in BT.709, YUV as is, and relays the same format', () => {
    const input = (format: string) => [
      ...[
        '-f',
        'rawvideo',
        '-pix_fmt',
        format,
        '-video_size',
        '640x360',
        '-framerate',
        '25/1',
        '-i',
        'pipe:0',
      ],
    ];
    expect(rawFrameConvertArguments({ ...yuv, pixelFormat: 'rgb24' }, 'yuv420p')).toEqual([
      ...head,
      ...input('rgb24'),
      ...['-vf', 'scale=out_color_matrix=bt709:out_range=tv'],
      ...['-f', 'rawvideo', '-pix_fmt', 'yuv420p', 'pipe:1'],
    ]);
    expect(rawFrameConvertArguments(yuv, 'yuv422p10le')).toEqual([
      ...head,
      ...input('yuv420p'),
      ...['-f', 'rawvideo', '-pix_fmt', 'yuv422p10le', 'pipe:1'],
    ]);
    expect(rawFrameConvertArguments(yuv, 'yuv420p')).toEqual([
      ...head,
      ...input('yuv420p'),
      ...['-c:v', 'copy', '-f', 'rawvideo', '-pix_fmt', 'yuv420p', 'pipe:1'],
    ]);
  });

  it('mixes audio clips at sample positions, padded to the exact length', () => {
    expect(
      audioMixArguments({
        sampleRate: 48_000,
        totalSamples: 96_000,
        placements: [
          {
            path: '/in/a.mp4',
            streamIndex: 1,
            sourceStartUs: 250_000,
            outputStartSample: 0,
            sampleCount: 48_000,
          },
          {
            path: '/in/b.wav',
            streamIndex: null,
            sourceStartUs: 0,
            outputStartSample: 24_000,
            sampleCount: 24_001,
          },
        ],
      }),
    ).toEqual([
      ...head,
      ...['-ss', '0.250000', '-t', '1.000000', '-protocol_whitelist', 'file', '-i', 'file:/in/a.mp4'],
      ...['-t', '0.500021', '-protocol_whitelist', 'file', '-i', 'file:/in/b.wav'],
      '-filter_complex',
      '[0:1]aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo,atrim=end_sample=48000,' +
        'asetpts=PTS-STARTPTS,adelay=delays=0S:all=1[a0];' +
        '[1:a:0]aresample=48000,aformat=sample_fmts=fltp:channel_layouts=stereo,atrim=end_sample=24001,' +
        'asetpts=PTS-STARTPTS,adelay=delays=24000S:all=1[a1];' +
        '[a0][a1]amix=inputs=2:duration=longest:normalize=0,apad=whole_len=96000,atrim=end_sample=96000[mix]',
      ...['-map', '[mix]', '-c:a', 'pcm_f32le', '-ar', '48000', '-ac', '2', '-f', 'f32le', 'pipe:1'],
    ]);
    expect(audioMixArguments({ sampleRate: 48_000, totalSamples: 10, placements: [] })).toEqual([
      ...head,
      ...['-f', 'lavfi', '-i', 'anullsrc=r=48000:cl=stereo'],
      ...['-filter_complex', '[0:a]apad=whole_len=10,atrim=end_sample=10[mix]'],
      ...['-map', '[mix]', '-c:a', 'pcm_f32le', '-ar', '48000', '-ac', '2', '-f', 'f32le', 'pipe:1'],
    ]);
  });

  it('encodes from the two pipes with each codec, and with extension inputs and filters', () => {
    const base = {
      video: yuv,
      audioSampleRate: 48_000,
      extraInputs: [],
      filterComplex: null,
      extraOutputArguments: [],
      outputPath: '/out/film.mp4.partial-1.mp4',
    };
    const inputs = [
      ...['-hide_banner', '-nostdin', '-v', 'error', '-y', '-progress', 'pipe:1', '-stats_period', '0.25'],
      ...[
        '-f',
        'rawvideo',
        '-pix_fmt',
        'yuv420p',
        '-video_size',
        '640x360',
        '-framerate',
        '25/1',
        '-i',
        'pipe:0',
      ],
      ...['-f', 'f32le', '-ar', '48000', '-ac', '2', '-i', 'pipe:3'],
    ];
    const colour = ['-colorspace', 'bt709', '-color_primaries', 'bt709', '-color_trc', 'bt709'];
    expect(
      encodeArguments({
        ...base,
        codec: { videoCodec: 'h264', crf: 20, speed: 'veryfast' },
        container: 'mp4',
      }),
    ).toEqual([
      ...inputs,
      ...['-map', '0:v', '-map', '1:a'],
      ...['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-pix_fmt', 'yuv420p', ...colour],
      ...[
        '-c:a',
        'aac',
        '-b:a',
        '192k',
        '-movflags',
        '+faststart',
        '-f',
        'mp4',
        'file:/out/film.mp4.partial-1.mp4',
      ],
    ]);
    expect(
      encodeArguments({
        ...base,
        video: { ...yuv, pixelFormat: 'yuv422p10le' },
        codec: { videoCodec: 'prores', crf: 0, speed: 'veryfast' },
        container: 'mov',
        extraInputs: [['-loop', '1', '-i', 'file:/mark.png']],
        filterComplex: '[0:v][2:v]overlay[vout]',
        extraOutputArguments: ['-metadata', 'comment=made with Doppel Studio'],
      }).slice(inputs.length),
    ).toEqual([
      ...['-loop', '1', '-i', 'file:/mark.png'],
      ...['-filter_complex', '[0:v][2:v]overlay[vout]', '-map', '[vout]', '-map', '1:a'],
      ...['-c:v', 'prores_ks', '-profile:v', '3', '-vendor', 'apl0', '-pix_fmt', 'yuv422p10le', ...colour],
      ...['-c:a', 'pcm_s16le', '-metadata', 'comment=made with Doppel Studio'],
      ...['-movflags', '+faststart', '-f', 'mov', 'file:/out/film.mp4.partial-1.mp4'],
    ]);
    expect(
      encodeArguments({
        ...base,
        codec: { videoCodec: 'vp9', crf: 32, speed: 'fast' },
        container: 'webm',
      }).slice(inputs.length + 4),
    ).toEqual([
      ...[
        '-c:v',
        'libvpx-vp9',
        '-crf',
        '32',
        '-b:v',
        '0',
        '-deadline',
        'good',
        '-cpu-used',
        '4',
        '-row-mt',
        '1',
      ],
      ...['-pix_fmt', 'yuv420p', ...colour, '-c:a', 'libopus', '-b:a', '160k', '-f', 'webm'],
      'file:/out/film.mp4.partial-1.mp4',
    ]);
    expect(() =>
      encodeArguments({ ...base, codec: { videoCodec: 'prores', crf: 0, speed: 'fast' }, container: 'mov' }),
    ).toThrow(/reads yuv422p10le/);
  });

  it('reads ffmpeg -progress blocks in any chunking', () => {
    const parser = new FfmpegProgressParser();
    expect(parser.push('frame=12\nfps=0.0\nout_time=00:00:00.48\nprogress=cont')).toEqual([]);
    expect(parser.push('inue\nframe=30\nprog')).toEqual([{ frame: 12, ended: false }]);
    expect(parser.push('ress=end\n')).toEqual([{ frame: 30, ended: true }]);
    expect(parser.lastFrame).toBe(30);
  });
});
