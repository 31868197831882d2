// The Voice clone effect in the pure render plan: the covered audio clip reads its converted file
// (same timing, offset into the converted span), other clips are untouched, and the video clip the
// effect sits on keeps the plain decode path (no frame processor is listed for a sound-only kind).
import { describe, expect, it } from 'vitest';
import type { Timeline, Track } from '../../../shared/model/schemas';
import { VOICE_CLONE_EFFECT_KIND } from '../../../shared/model/voiceCloneParams';
import { buildRenderPlan, type PlanAsset, type PlanEffect } from '../render/renderPlan';

function track(id: string, kind: Track['kind'], order: number): Track {
  return { id, kind, name: id, order, muted: false, solo: false, locked: false, hidden: false };
}

function asset(id: string, kind: 'video' | 'audio'): PlanAsset {
  return {
    id,
    name: id,
    path: `/media/${id}`,
    kind,
    status: 'ok',
    hasVideo: kind === 'video',
    hasAudio: true,
    rotation: 0,
    videoStreamIndex: kind === 'video' ? 0 : null,
    audioStreamIndex: kind === 'video' ? 1 : 0,
  };
}

const timeline: Timeline = {
  fps: { num: 25, den: 1 },
  tracks: [track('V1', 'video', 0), track('A1', 'audio', 1), track('A2', 'audio', 2)],
  clips: [
    {
      id: 'v',
      trackId: 'V1',
      assetId: 'film',
      startUs: 0,
      inUs: 1_000_000,
      outUs: 3_000_000,
      linkGroup: 'g',
    },
    {
      id: 'a',
      trackId: 'A1',
      assetId: 'film',
      startUs: 0,
      inUs: 1_000_000,
      outUs: 3_000_000,
      linkGroup: 'g',
    },
    {
      id: 'm',
      trackId: 'A2',
      assetId: 'music',
      startUs: 500_000,
      inUs: 0,
      outUs: 1_000_000,
      linkGroup: null,
    },
  ],
};

const assets = new Map([asset('film', 'video'), asset('music', 'audio')].map((entry) => [entry.id, entry]));

const voiceClone: PlanEffect = {
  id: 'e-voice',
  clipId: 'v',
  kind: VOICE_CLONE_EFFECT_KIND,
  params: {
    voiceIdentityId: 'orator',
    engine: 'dsp',
    resolved: {
      clips: [
        { clipId: 'a', path: '/cache/voice-clone/k.wav', spanStartUs: 1_000_000, spanEndUs: 3_000_000 },
      ],
    },
  },
  order: 0,
  enabled: true,
};

function plan(effects: PlanEffect[], range: { startUs: number; endUs: number } | null = null) {
  return buildRenderPlan({
    timeline,
    assets,
    effects,
    width: 64,
    height: 48,
    range,
    audioSampleRate: 48_000,
  });
}

describe('Voice clone in the render plan', () => {
  it('mixes the converted file in place of the covered clip, with the same timing', () => {
    const planned = plan([voiceClone]);
    expect(planned.segments.map((segment) => segment.processors)).toEqual([[]]);
    expect(planned.audio.placements).toEqual([
      {
        clipId: 'a',
        assetId: 'film',
        path: '/cache/voice-clone/k.wav',
        streamIndex: 0,
        sourceStartUs: 0,
        outputStartSample: 0,
        sampleCount: 96_000,
      },
      {
        clipId: 'm',
        assetId: 'music',
        path: '/media/music',
        streamIndex: 0,
        sourceStartUs: 0,
        outputStartSample: 24_000,
        sampleCount: 48_000,
      },
    ]);
  });

  it('reads the converted file from the right offset when the render starts inside the clip', () => {
    const [placement] = plan([voiceClone], { startUs: 800_000, endUs: 2_000_000 }).audio.placements;
    expect(placement).toMatchObject({
      clipId: 'a',
      path: '/cache/voice-clone/k.wav',
      sourceStartUs: 800_000,
    });
  });

  it('plays the original sound when the effect is disabled or not resolved', () => {
    for (const effect of [
      { ...voiceClone, enabled: false },
      { ...voiceClone, params: { voiceIdentityId: 'orator', engine: 'dsp' } },
    ]) {
      const [placement] = plan([effect]).audio.placements;
      expect(placement).toMatchObject({
        clipId: 'a',
        path: '/media/film',
        streamIndex: 1,
        sourceStartUs: 1_000_000,
      });
    }
  });
});
