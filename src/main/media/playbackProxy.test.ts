// Which videos need a playback proxy, and the exact ffmpeg arguments that make one.
import { describe, expect, test } from 'vitest';
import { playbackProxyArguments, playbackProxyReason, type ProxySubject } from './playbackProxy';

const h264: ProxySubject = {
  kind: 'video',
  path: '/media/clip.mp4',
  width: 1280,
  height: 720,
  fps: { num: 25, den: 1 },
  videoCodec: 'h264',
  audioCodec: 'aac',
  hasVideo: true,
  hasAudio: true,
};

describe('playbackProxyReason', () => {
  test('H.264/AAC MP4 up to 1080p60 plays as it is; audio and stills never need one', () => {
    expect(playbackProxyReason(h264)).toBeNull();
    expect(
      playbackProxyReason({ ...h264, width: 1920, height: 1080, fps: { num: 60000, den: 1001 } }),
    ).toBeNull();
    expect(playbackProxyReason({ ...h264, kind: 'audio', hasVideo: false, videoCodec: null })).toBeNull();
    expect(playbackProxyReason({ ...h264, kind: 'image', videoCodec: 'png' })).toBeNull();
  });

  test('names what the viewer cannot play or cannot play in real time', () => {
    expect(
      playbackProxyReason({ ...h264, path: '/g.mpg', videoCodec: 'mpeg1video', audioCodec: 'mp2' }),
    ).toBe('its mpeg1video video does not play in the viewer');
    expect(playbackProxyReason({ ...h264, audioCodec: 'mp2' })).toBe(
      'its mp2 audio does not play in the viewer',
    );
    expect(playbackProxyReason({ ...h264, audioCodec: null, hasAudio: false, path: '/c.avi' })).toBe(
      'its .avi container does not play in the viewer',
    );
    expect(playbackProxyReason({ ...h264, width: 3840, height: 2160 })).toBe(
      '3840×2160 is too heavy to play in real time',
    );
    expect(playbackProxyReason({ ...h264, fps: { num: 120, den: 1 } })).toBe(
      '120 fps is too heavy to play in real time',
    );
  });
});

describe('playbackProxyArguments', () => {
  test('540p H.264 with a short GOP, AAC audio, fast start, progress on stdout', () => {
    expect(playbackProxyArguments({ inputPath: '/in.mpg', outputPath: '/out.tmp', hasAudio: true })).toEqual([
      ...['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', '-i', '/in.mpg'],
      ...['-map', '0:v:0', '-map', '0:a:0'],
      ...['-vf', "scale=-2:'min(540,ih)':flags=bilinear,format=yuv420p"],
      ...['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-g', '12'],
      ...['-c:a', 'aac', '-b:a', '128k'],
      ...['-movflags', '+faststart', '-progress', 'pipe:1', '-nostats', '-f', 'mp4', '/out.tmp'],
    ]);
  });

  test('no audio mapping or codec for a silent video', () => {
    const args = playbackProxyArguments({ inputPath: '/in.mov', outputPath: '/out.tmp', hasAudio: false });
    expect(args).not.toContain('0:a:0');
    expect(args).not.toContain('aac');
  });
});
