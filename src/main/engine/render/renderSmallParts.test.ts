// The small pure parts of the render engine: settings resolution, progress arithmetic, encode
// stage composition, the colour balance maths and the processor registry.
import { describe, expect, it } from 'vitest';
import { composeEncodeStage } from './encodeStage';
import { createBuiltInFrameProcessorRegistry } from './builtInFrameProcessors';
import { applyColorBalance } from './processors/colorBalanceProcessor';
import { RenderRateTracker, Throttle } from './renderProgress';
import { resolveRenderSettings } from './renderSettings';

const project = { width: 1279, height: 721, fps: { num: 30000, den: 1001 } };

describe('render settings', () => {
  it('resolves presets, overrides and containers, and refuses what a player could not open', () => {
    expect(resolveRenderSettings('/o/film.mp4', 'source', {}, project)).toEqual({
      width: 1278,
      height: 720,
      fps: { num: 30000, den: 1001 },
      videoCodec: 'h264',
      crf: 20,
      speed: 'veryfast',
      container: 'mp4',
      extension: '.mp4',
    });
    expect(resolveRenderSettings('/o/FILM.MOV', '1080p-prores', { crf: 10 }, project)).toMatchObject({
      width: 1920,
      height: 1080,
      videoCodec: 'prores',
      crf: 0,
      container: 'mov',
      extension: '.mov',
    });
    expect(
      resolveRenderSettings(
        '/o/a.mkv',
        '720p-h264',
        { videoCodec: 'vp9', crf: 40, encoderSpeed: 'slow' },
        project,
      ),
    ).toMatchObject({
      width: 1280,
      height: 720,
      videoCodec: 'vp9',
      crf: 40,
      speed: 'slow',
      container: 'matroska',
    });
    expect(() => resolveRenderSettings('/o/a.mp4', '1080p-webm', {}, project)).toThrow(
      '"/o/a.mp4" cannot hold vp9 video: name it with .webm, .mkv.',
    );
    expect(() => resolveRenderSettings('/o/a', 'source', {}, project)).toThrow(/cannot hold h264/);
    expect(() => resolveRenderSettings('/o/a.mp4', 'source', { crf: 60 }, project)).toThrow(
      'crf 60 is out of range for h264 (0-51).',
    );
  });
});

describe('render progress', () => {
  it('averages the rate over the last few seconds and estimates the time left', () => {
    let now = 0;
    const tracker = new RenderRateTracker(1000, () => now);
    now = 1000;
    expect(tracker.update(50)).toEqual({
      frame: 50,
      totalFrames: 1000,
      progress: 0.05,
      fps: 50,
      etaSeconds: 19,
    });
    now = 2000;
    tracker.update(100);
    now = 4000;
    // The window keeps samples from the last 3 s: from t=1 s (50 frames) to t=4 s (400 frames).
    expect(tracker.update(400)).toMatchObject({ fps: 350 / 3, etaSeconds: 600 / (350 / 3) });
    now = 5000;
    expect(tracker.update(1000)).toMatchObject({ progress: 1, etaSeconds: 0 });
    expect(tracker.overallFps(1000)).toBe(200);
  });

  it('throttles to one call per interval unless urgent', () => {
    let now = 0;
    const throttle = new Throttle(250, () => now);
    expect(throttle.ready()).toBe(true);
    now = 100;
    expect(throttle.ready()).toBe(false);
    expect(throttle.ready(true)).toBe(true);
    now = 349;
    expect(throttle.ready()).toBe(false);
    now = 350;
    expect(throttle.ready()).toBe(true);
  });
});

describe('encode stage', () => {
  it('numbers extension inputs after the two pipes and chains filters to [vout] and [aout]', () => {
    const stage = composeEncodeStage([
      {
        name: 'mark',
        inputs: [['-loop', '1', '-i', 'file:/mark.png']],
        videoFilter: ({ input, output, inputIndexes }) =>
          `[${input}][${inputIndexes[0]}:v]overlay[${output}]`,
        outputArguments: ['-metadata', 'comment=a'],
      },
      {
        name: 'tint',
        videoFilter: ({ input, output }) => `[${input}]hue=s=0[${output}]`,
        audioFilter: ({ input, output }) => `[${input}]volume=0.5[${output}]`,
      },
    ]);
    expect(stage.extraInputs).toEqual([['-loop', '1', '-i', 'file:/mark.png']]);
    expect(stage.filterComplex).toBe('[0:v][2:v]overlay[vx1];[vx1]hue=s=0[vout];[1:a]volume=0.5[aout]');
    expect(stage.outputArguments).toEqual(['-metadata', 'comment=a']);
    expect(composeEncodeStage([]).filterComplex).toBeNull();
    expect(() => composeEncodeStage([{ name: 'bad', videoFilter: () => '[0:v]null[elsewhere]' }])).toThrow(
      "The bad encode extension's filter does not write [vout].",
    );
  });
});

describe('colour balance', () => {
  it('applies gains and brightness through tables, then saturation around luma, clamped', () => {
    const data = new Uint8Array([100, 100, 100, 200, 50, 0]);
    applyColorBalance(
      { width: 2, height: 1, pixelFormat: 'rgb24', data },
      {
        red: 1.5,
        green: 1,
        blue: 0.5,
        brightness: 0.1,
        saturation: 1,
      },
    );
    expect([...data]).toEqual([176, 126, 76, 255, 76, 26]);
    const grey = new Uint8Array([200, 100, 50]);
    applyColorBalance(
      { width: 1, height: 1, pixelFormat: 'rgb24', data: grey },
      {
        red: 1,
        green: 1,
        blue: 1,
        brightness: 0,
        saturation: 0,
      },
    );
    const luma = Math.round(0.2126 * 200 + 0.7152 * 100 + 0.0722 * 50);
    expect([...grey]).toEqual([luma, luma, luma]);
  });
});

describe('frame processor registry', () => {
  it('lists the built-in processors and names unknown effects with their clip', () => {
    const registry = createBuiltInFrameProcessorRegistry();
    expect(registry.list().map((processor) => processor.id)).toEqual([
      'passThrough',
      'colorBalance',
      'faceSwap',
      'lipSync',
      'voiceClone',
    ]);
    expect(() => registry.require('hairColour', { effectId: 'e1', clipId: 'c1' })).toThrow(
      'This version of the studio has no "hairColour" effect (effect e1 on clip c1). Known effects: colorBalance, faceSwap, lipSync, passThrough, voiceClone.',
    );
    expect(() => registry.register(() => registry.require('passThrough'))).toThrow(/already registered/);
  });

  it('runs a chain in the first preferred format every processor accepts', () => {
    const registry = createBuiltInFrameProcessorRegistry();
    const passThrough = registry.require('passThrough');
    registry.register(() => ({
      ...passThrough,
      id: 'yuvOnly',
      displayName: 'YUV only',
      pixelFormats: ['yuv420p'],
    }));
    expect(registry.chainPixelFormat(['passThrough'])).toBe('yuv420p');
    expect(registry.chainPixelFormat(['passThrough', 'colorBalance'])).toBe('rgb24');
    expect(registry.chainPixelFormat(['yuvOnly', 'passThrough'])).toBe('yuv420p');
    expect(() => registry.chainPixelFormat(['colorBalance', 'yuvOnly'])).toThrow(
      'The effects "Colour balance", "YUV only" cannot be applied to the same clip: they work on different frame formats.',
    );
  });
});
