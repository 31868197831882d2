// Helpers for the property-style tests of the edit functions: a seeded random source (so a
// failure prints a seed that reproduces it) and random, valid timelines with linked pairs.
import type { Clip, Timeline, Track } from '../model/schemas';
import { frameStart } from '../time';
import { clipEnd } from './edits';
import type { EditCommand } from './editCommands';
import type { EditAssetFacts, EditContext, EditState } from './editState';

export const TEST_FPS = { num: 25, den: 1 };
export const FRAME_US = 40_000;

/** mulberry32: tiny, fast, good enough to explore edit cases reproducibly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomInt(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

export function track(id: string, kind: Track['kind'], order: number, changes: Partial<Track> = {}): Track {
  return { id, kind, name: id, order, muted: false, solo: false, locked: false, hidden: false, ...changes };
}

export function clip(
  id: string,
  trackId: string,
  startUs: number,
  lengthUs: number,
  changes: Partial<Clip> = {},
): Clip {
  return {
    id,
    trackId,
    assetId: 'video-10s',
    startUs,
    inUs: 0,
    outUs: lengthUs,
    linkGroup: null,
    ...changes,
  };
}

export const TEST_ASSETS: Record<string, EditAssetFacts> = {
  'video-10s': { id: 'video-10s', kind: 'video', durationUs: 10_000_000, hasVideo: true, hasAudio: true },
  'audio-6s': { id: 'audio-6s', kind: 'audio', durationUs: 6_000_000, hasVideo: false, hasAudio: true },
  still: { id: 'still', kind: 'image', durationUs: null, hasVideo: true, hasAudio: false },
};

export function testContext(
  prefix = 'new',
  effectKinds: readonly string[] = ['blur', 'faceSwap'],
): EditContext {
  let counter = 0;
  return {
    asset: (id) => TEST_ASSETS[id],
    newId: () => `${prefix}-${(counter += 1)}`,
    effectKinds,
    effectDefaults: (kind) => (kind === 'blur' ? { radius: 4 } : {}),
  };
}

export function emptyTimeline(
  tracks: Track[] = [track('V1', 'video', 0), track('A1', 'audio', 1)],
): Timeline {
  return { fps: TEST_FPS, tracks, clips: [] };
}

/**
 * A random valid timeline: 2 video and 2 audio tracks (one sometimes locked), frame-aligned clips
 * with gaps, some video clips with a linked audio clip on an audio track, and a few effects.
 */
export function randomEditState(random: () => number, options: { allowLocked?: boolean } = {}): EditState {
  const tracks = [
    track('V2', 'video', 0),
    track('V1', 'video', 1),
    track('A1', 'audio', 2),
    track('A2', 'audio', 3),
  ];
  if (options.allowLocked && random() < 0.3) tracks[randomInt(random, 0, 3)]!.locked = true;
  const timeline: Timeline = { fps: TEST_FPS, tracks, clips: [] };
  const ends = new Map(tracks.map((candidate) => [candidate.id, 0]));
  let id = 0;
  const count = randomInt(random, 0, 14);
  for (let index = 0; index < count; index += 1) {
    const videoTrack = pick(random, ['V1', 'V2']);
    const gapFrames = randomInt(random, 0, 30);
    const lengthFrames = randomInt(random, 1, 80);
    const inFrames = randomInt(random, 0, 250 - lengthFrames);
    const linked = random() < 0.5;
    const audioTrack = pick(random, ['A1', 'A2']);
    const earliest = linked ? Math.max(ends.get(videoTrack)!, ends.get(audioTrack)!) : ends.get(videoTrack)!;
    const start = earliest + frameStart(gapFrames, TEST_FPS);
    const base = {
      assetId: 'video-10s',
      startUs: start,
      inUs: frameStart(inFrames, TEST_FPS),
      outUs: frameStart(inFrames + lengthFrames, TEST_FPS),
    };
    id += 1;
    const group = linked ? `g${id}` : null;
    const video: Clip = { id: `c${id}`, trackId: videoTrack, linkGroup: group, ...base };
    timeline.clips.push(video);
    ends.set(videoTrack, clipEnd(video));
    if (linked) {
      const audio: Clip = { id: `c${id}a`, trackId: audioTrack, linkGroup: group, ...base };
      timeline.clips.push(audio);
      ends.set(audioTrack, clipEnd(audio));
    }
  }
  const effects = timeline.clips
    .filter(() => random() < 0.25)
    .map((owner, index) => ({
      id: `e${index}`,
      clipId: owner.id,
      kind: 'blur',
      params: { radius: index },
      order: 0,
      enabled: true,
    }));
  return { timeline, effects };
}

/** Rows sorted by id, so two states can be compared regardless of array order. */
export function canonical(state: EditState): EditState {
  const byId = <Row extends { id: string }>(rows: readonly Row[]) =>
    [...rows].sort((a, b) => a.id.localeCompare(b.id));
  return {
    timeline: { ...state.timeline, tracks: byId(state.timeline.tracks), clips: byId(state.timeline.clips) },
    effects: byId(state.effects),
  };
}

export const RANDOM_RUNS = 300;

/** A random command that makes sense for the state (it may still be refused, e.g. a full track). */
export function randomCommand(random: () => number, state: EditState): EditCommand | null {
  const { clips, tracks } = state.timeline;
  const anyClip = clips.length > 0 ? pick(random, clips) : null;
  const time = () => randomInt(random, 0, 12_000_000);
  const choices: (() => EditCommand | null)[] = [
    () => ({
      type: 'insertAsset',
      assetId: pick(random, ['video-10s', 'audio-6s', 'still']),
      trackId: null,
      startUs: time(),
    }),
    () => anyClip && { type: 'moveClip', clipId: anyClip.id, trackId: anyClip.trackId, startUs: time() },
    () =>
      anyClip && { type: 'trimClip', clipId: anyClip.id, edge: random() < 0.5 ? 'in' : 'out', toUs: time() },
    () =>
      anyClip && { type: 'slipClip', clipId: anyClip.id, deltaUs: randomInt(random, -3_000_000, 3_000_000) },
    () =>
      anyClip && {
        type: 'splitClips',
        clipIds: [anyClip.id],
        atUs: Math.round((anyClip.startUs * 2 + anyClip.outUs - anyClip.inUs) / 2),
      },
    () => anyClip && { type: 'rippleDelete', clipIds: [anyClip.id] },
    () => anyClip && { type: 'removeClips', clipIds: [anyClip.id] },
    () => anyClip && { type: 'duplicateClips', clipIds: [anyClip.id] },
    () =>
      anyClip && {
        type: 'moveClips',
        clipIds: [anyClip.id],
        deltaUs: randomInt(random, -2_000_000, 2_000_000),
      },
    () => anyClip && { type: 'unlinkClips', clipIds: [anyClip.id] },
    () => anyClip && { type: 'addEffect', clipId: anyClip.id, kind: 'blur' },
    () =>
      state.effects.length > 0 ? { type: 'removeEffect', effectId: pick(random, state.effects).id } : null,
    () => ({ type: 'setTrackFlags', trackId: pick(random, tracks).id, muted: random() < 0.5 }),
    () => ({ type: 'moveTrack', trackId: pick(random, tracks).id, toIndex: randomInt(random, 0, 2) }),
    () => ({ type: 'addTrack', kind: random() < 0.5 ? 'video' : 'audio', name: null }),
    () => (tracks.length > 2 ? { type: 'removeTrack', trackId: pick(random, tracks).id } : null),
  ];
  return pick(random, choices)();
}

/** A deep copy of plain JSON data (src/shared has no DOM or Node globals such as structuredClone). */
export function deepCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}
