// The pure render plan, checked by exact structures.
import { describe, expect, it } from 'vitest';
import type { Clip, Timeline, Track } from '../../../shared/model/schemas';
import { frameStart } from '../../../shared/time';
import { buildRenderPlan, type PlanAsset, type PlanEffect, type RenderPlanInput } from './renderPlan';

function track(id: string, kind: Track['kind'], order: number, extra: Partial<Track> = {}): Track {
  return { id, kind, name: id, order, muted: false, solo: false, locked: false, hidden: false, ...extra };
}

function clip(
  id: string,
  trackId: string,
  assetId: string,
  startUs: number,
  inUs: number,
  outUs: number,
): Clip {
  return { id, trackId, assetId, startUs, inUs, outUs, linkGroup: null };
}

function asset(id: string, kind: PlanAsset['kind'], extra: Partial<PlanAsset> = {}): PlanAsset {
  return {
    id,
    name: `${id}.${kind === 'image' ? 'jpg' : kind === 'audio' ? 'wav' : 'mp4'}`,
    path: `/media/${id}`,
    kind,
    status: 'ok',
    hasVideo: kind !== 'audio',
    hasAudio: kind !== 'image',
    rotation: 0,
    videoStreamIndex: kind === 'audio' ? null : 0,
    audioStreamIndex: kind === 'image' ? null : kind === 'audio' ? 0 : 1,
    ...extra,
  };
}

const assets = new Map(
  [
    asset('film', 'video'),
    asset('photo', 'image', { rotation: 90 }),
    asset('music', 'audio'),
    asset('silent', 'video', { hasAudio: false }),
  ].map((entry) => [entry.id, entry]),
);

const tracks = [
  track('V2', 'video', 0),
  track('V1', 'video', 1),
  track('V3', 'video', 2, { hidden: true }),
  track('A1', 'audio', 3),
  track('A2', 'audio', 4, { muted: true }),
];

const effects: PlanEffect[] = [
  { id: 'e-grade', clipId: 'c3', kind: 'colorBalance', params: { red: 2 }, order: 1, enabled: true },
  { id: 'e-pass', clipId: 'c3', kind: 'passThrough', params: {}, order: 0, enabled: true },
  { id: 'e-off', clipId: 'c3', kind: 'passThrough', params: {}, order: 2, enabled: false },
  { id: 'e-other', clipId: 'c1', kind: 'colorBalance', params: {}, order: 0, enabled: false },
];

function input(timeline: Timeline, extra: Partial<RenderPlanInput> = {}): RenderPlanInput {
  return {
    timeline,
    assets,
    effects,
    width: 640,
    height: 360,
    range: null,
    audioSampleRate: 48_000,
    ...extra,
  };
}

const timeline: Timeline = {
  fps: { num: 25, den: 1 },
  tracks,
  clips: [
    clip('c1', 'V1', 'film', 0, 1_000_000, 3_000_000),
    clip('c2', 'V2', 'photo', 1_000_000, 0, 500_000),
    clip('c3', 'V1', 'film', 2_500_000, 0, 500_000),
    clip('hidden', 'V3', 'film', 0, 0, 3_000_000),
    clip('a1', 'A1', 'film', 0, 1_000_000, 3_000_000),
    clip('a2', 'A1', 'music', 2_200_000, 500_000, 1_300_000),
    clip('a-muted', 'A2', 'music', 0, 0, 1_000_000),
  ],
};

describe('render plan', () => {
  it('picks the top visible clip per frame, holds stills, fills gaps and lists effects in order', () => {
    const plan = buildRenderPlan(input(timeline));

    expect({ ...plan, segments: undefined, audio: undefined }).toEqual({
      width: 640,
      height: 360,
      fps: { num: 25, den: 1 },
      startFrame: 0,
      totalFrames: 75,
      startUs: 0,
      endUs: 3_000_000,
      durationUs: 3_000_000,
      segments: undefined,
      audio: undefined,
    });
    expect(plan.segments).toEqual([
      {
        firstFrame: 0,
        frameCount: 25,
        source: { kind: 'video', path: '/media/film', streamIndex: 0, startUs: 1_000_000 },
        clipId: 'c1',
        assetId: 'film',
        processors: [],
      },
      {
        // 1.0 s to 1.5 s: frames 25..37 (frame 37 starts at 1.48 s, inside the still).
        firstFrame: 25,
        frameCount: 13,
        source: { kind: 'image', path: '/media/photo', rotation: 90 },
        clipId: 'c2',
        assetId: 'photo',
        processors: [],
      },
      {
        // c1 again, from where the timeline is at frame 38 (1.52 s): source 1.0 + 1.52 s.
        firstFrame: 38,
        frameCount: 12,
        source: { kind: 'video', path: '/media/film', streamIndex: 0, startUs: 2_520_000 },
        clipId: 'c1',
        assetId: 'film',
        processors: [],
      },
      {
        firstFrame: 50,
        frameCount: 13,
        source: { kind: 'gap' },
        clipId: null,
        assetId: null,
        processors: [],
      },
      {
        // c3 starts at 2.5 s, between frames 62 (2.48 s) and 63 (2.52 s): frame 63 shows its 20 ms.
        firstFrame: 63,
        frameCount: 12,
        source: { kind: 'video', path: '/media/film', streamIndex: 0, startUs: 20_000 },
        clipId: 'c3',
        assetId: 'film',
        processors: [
          { effectId: 'e-pass', kind: 'passThrough', params: {} },
          { effectId: 'e-grade', kind: 'colorBalance', params: { red: 2 } },
        ],
      },
    ]);
    expect(plan.audio).toEqual({
      sampleRate: 48_000,
      totalSamples: 144_000,
      placements: [
        {
          clipId: 'a1',
          assetId: 'film',
          path: '/media/film',
          streamIndex: 1,
          sourceStartUs: 1_000_000,
          outputStartSample: 0,
          sampleCount: 96_000,
        },
        {
          // 2.2 s to 3.0 s on the timeline (the clip is cut at the end of the render).
          clipId: 'a2',
          assetId: 'music',
          path: '/media/music',
          streamIndex: 0,
          sourceStartUs: 500_000,
          outputStartSample: 105_600,
          sampleCount: 38_400,
        },
      ],
    });
  });

  it('renders a range from the frame containing its start, shifting video and audio together', () => {
    const plan = buildRenderPlan(input(timeline, { range: { startUs: 2_210_000, endUs: 2_700_000 } }));
    const shifted = buildRenderPlan(input(timeline, { range: { startUs: 400_000, endUs: 1_000_000 } }));
    expect(shifted.audio.placements).toEqual([
      expect.objectContaining({
        clipId: 'a1',
        sourceStartUs: 1_400_000,
        outputStartSample: 0,
        sampleCount: 28_800,
      }),
    ]);
    expect(shifted.segments[0]!.source).toEqual({
      kind: 'video',
      path: '/media/film',
      streamIndex: 0,
      startUs: 1_400_000,
    });

    // Frame 55 starts at 2.2 s and contains 2.21 s; 2.7 s is where frame 67.5 would be, so 55..67.
    expect([plan.startFrame, plan.totalFrames, plan.startUs, plan.endUs]).toEqual([
      55, 13, 2_200_000, 2_720_000,
    ]);
    expect(plan.segments.map((segment) => [segment.firstFrame, segment.frameCount, segment.clipId])).toEqual([
      [0, 8, null],
      [8, 5, 'c3'],
    ]);
    // a1 ended at 2.0 s; a2 (from 2.2 s) starts with the range.
    expect(plan.audio.placements).toEqual([
      expect.objectContaining({
        clipId: 'a2',
        sourceStartUs: 500_000,
        outputStartSample: 0,
        sampleCount: 24_960,
      }),
    ]);
    expect(plan.audio.totalSamples).toBe(24_960);
  });

  it('plays only soloed audio tracks when any is soloed, and skips clips whose asset has no sound', () => {
    const soloed: Timeline = {
      ...timeline,
      tracks: timeline.tracks.map((entry) =>
        entry.id === 'A2' ? { ...entry, solo: true, muted: false } : entry,
      ),
      clips: [...timeline.clips, clip('quiet', 'A2', 'silent', 1_000_000, 0, 500_000)],
    };
    expect(buildRenderPlan(input(soloed)).audio.placements.map((placement) => placement.clipId)).toEqual([
      'a-muted',
    ]);
  });

  it('places clips at 29.97 fps on the frame their snapped start belongs to', () => {
    const fps = { num: 30_000, den: 1001 };
    const start = frameStart(1, fps); // 33 367 µs, rounded up from 33 366.67
    const ntsc: Timeline = {
      fps,
      tracks,
      clips: [clip('late', 'V1', 'film', start, 0, frameStart(3, fps) - start)],
    };
    const plan = buildRenderPlan(input(ntsc));
    expect(plan.totalFrames).toBe(3);
    expect(plan.segments.map((segment) => [segment.firstFrame, segment.frameCount, segment.clipId])).toEqual([
      [0, 1, null],
      [1, 2, 'late'],
    ]);
  });

  it('refuses an empty timeline, an inverted range and a missing source, naming the file', () => {
    expect(() => buildRenderPlan(input({ ...timeline, clips: [] }))).toThrow(/timeline is empty/);
    expect(() =>
      buildRenderPlan(input(timeline, { range: { startUs: 2_000_000, endUs: 1_000_000 } })),
    ).toThrow(/must end after it starts/);
    const missing = new Map(assets);
    missing.set('photo', { ...asset('photo', 'image'), status: 'missing' });
    expect(() => buildRenderPlan(input(timeline, { assets: missing }))).toThrow(
      expect.objectContaining({ code: 'FILE_NOT_FOUND', message: expect.stringContaining('photo.jpg') }),
    );
  });
});
