// What a Lip sync effect does to a render's sound, through the real (pure) render plan: the video
// clip's linked sound is muted, speech bound as an asset plays over the clip's span (trimmed to
// it), speech bound as a clip plays where it sits, and disabled or speechless effects change
// nothing.
import { describe, expect, it } from 'vitest';
import type { Clip, Timeline, Track } from '../../../shared/model/schemas';
import { buildRenderPlan, type PlanAsset, type PlanEffect } from '../render/renderPlan';
import { lipSyncAudioRouting } from './lipSyncAudioRouting';

function track(id: string, kind: Track['kind'], order: number): Track {
  return { id, kind, name: id, order, muted: false, solo: false, locked: false, hidden: false };
}

function clip(
  id: string,
  trackId: string,
  assetId: string,
  startUs: number,
  outUs: number,
  linkGroup: string | null,
): Clip {
  return { id, trackId, assetId, startUs, inUs: 0, outUs, linkGroup };
}

function asset(id: string, kind: PlanAsset['kind']): PlanAsset {
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

// A talking head (video + its own sound, linked) at 1 s, and a speech clip on the second audio track.
const timeline: Timeline = {
  fps: { num: 25, den: 1 },
  tracks: [track('V1', 'video', 0), track('A1', 'audio', 1), track('A2', 'audio', 2)],
  clips: [
    clip('head', 'V1', 'talk', 1_000_000, 3_000_000, 'g1'),
    clip('head-sound', 'A1', 'talk', 1_000_000, 3_000_000, 'g1'),
    clip('speech', 'A2', 'voice', 1_500_000, 2_000_000, null),
  ],
};
const assets = new Map(
  [asset('talk', 'video'), asset('voice', 'audio'), asset('jfk', 'audio')].map((entry) => [entry.id, entry]),
);

function lipSync(params: Record<string, unknown>, enabled = true): PlanEffect {
  return {
    id: 'lip',
    clipId: 'head',
    kind: 'lipSync',
    params: { engine: 'classical', ...params },
    order: 0,
    enabled,
  };
}

function placements(effects: PlanEffect[]) {
  const plan = buildRenderPlan({
    timeline,
    assets,
    effects,
    width: 640,
    height: 360,
    range: null,
    audioSampleRate: 48_000,
  });
  return plan.audio.placements.map(({ clipId, assetId, outputStartSample, sampleCount, sourceStartUs }) => ({
    clipId,
    assetId,
    outputStartSample,
    sampleCount,
    sourceStartUs,
  }));
}

describe('lip sync in the audio mix', () => {
  it('plays the video clip and the speech clip as they are without the effect', () => {
    expect(placements([]).map((entry) => entry.clipId)).toEqual(['head-sound', 'speech']);
    expect(placements([lipSync({ audioClipId: 'speech' }, false)]).map((entry) => entry.clipId)).toEqual([
      'head-sound',
      'speech',
    ]);
    expect(placements([lipSync({})]).map((entry) => entry.clipId)).toEqual(['head-sound', 'speech']);
  });

  it('mutes the face clip own sound when it follows a speech clip', () => {
    expect(placements([lipSync({ audioClipId: 'speech' })])).toEqual([
      {
        clipId: 'speech',
        assetId: 'voice',
        outputStartSample: 72_000,
        sampleCount: 96_000,
        sourceStartUs: 0,
      },
    ]);
  });

  it('plays speech bound as an asset over the face clip, trimmed to it', () => {
    expect(placements([lipSync({ audioAssetId: 'jfk' })])).toEqual([
      // From the clip's start (1 s = 48000 samples) for its whole span (3 s), not the speech's 11 s.
      {
        clipId: 'lip-speech',
        assetId: 'jfk',
        outputStartSample: 48_000,
        sampleCount: 144_000,
        sourceStartUs: 0,
      },
      {
        clipId: 'speech',
        assetId: 'voice',
        outputStartSample: 72_000,
        sampleCount: 96_000,
        sourceStartUs: 0,
      },
    ]);
  });

  it('names what it mutes and adds', () => {
    const routing = lipSyncAudioRouting(timeline, [lipSync({ audioAssetId: 'jfk' })]);
    expect([...routing.mutedClipIds]).toEqual(['head-sound']);
    expect(routing.addedClips).toEqual([
      {
        id: 'lip-speech',
        trackId: 'V1',
        assetId: 'jfk',
        startUs: 1_000_000,
        inUs: 0,
        outUs: 3_000_000,
        linkGroup: null,
      },
    ]);
  });
});
