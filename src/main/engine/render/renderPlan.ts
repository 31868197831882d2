// Pure: timeline + assets + effects + output size -> what to decode, where, and what to run on it.
// Video: at every output frame the top-most visible video track with a clip there wins (hidden
// tracks are skipped); runs of frames with the same winner become segments, each decoded by its own
// ffmpeg; gaps are black. A segment whose clip has enabled effects lists them as processors (and
// only those segments pass through JS). Audio: every clip on an audible track (not muted; only
// soloed tracks when any is soloed) is placed at its sample position in one mix.
// Time: output frame i is timeline frame `startFrame + i`; a clip covers frame k when the frame's
// start lies inside it. Sample positions are rounded to the nearest sample.
// A render always has an audio track, silent where nothing is audible (a timeline of silent
// videos included): players, editors and concatenation all behave better with one.
import { StudioError } from '../../../shared/errors';
import type { Clip, MediaKind, Timeline, Track } from '../../../shared/model/schemas';
import { clipEnd, timelineDuration } from '../../../shared/timeline/edits';
import {
  frameIndexAt,
  frameStart,
  US_PER_SECOND,
  type Microseconds,
  type Rational,
} from '../../../shared/time';
import type { AudioPlacement, Rotation, SegmentSource } from '../../media/renderArguments';
import { lipSyncAudioRouting } from '../lipsync/lipSyncAudioRouting';
import { isSoundOnlyEffectKind } from '../../../shared/model/voiceCloneParams';
import { convertedPlacementSource, voiceCloneAudioRouting } from '../voice/voiceCloneAudioRouting';

export interface PlanAsset {
  id: string;
  name: string;
  path: string;
  kind: MediaKind;
  status: 'ok' | 'missing';
  hasVideo: boolean;
  hasAudio: boolean;
  /** EXIF rotation of stills (videos are turned upright by ffmpeg itself). */
  rotation: number;
  videoStreamIndex: number | null;
  audioStreamIndex: number | null;
}

export interface PlanEffect {
  id: string;
  clipId: string;
  kind: string;
  params: unknown;
  order: number;
  enabled: boolean;
}

export interface RenderPlanInput {
  timeline: Timeline;
  assets: ReadonlyMap<string, PlanAsset>;
  effects: readonly PlanEffect[];
  width: number;
  height: number;
  range: { startUs: Microseconds; endUs: Microseconds } | null;
  audioSampleRate: number;
}

export interface PlannedProcessor {
  effectId: string;
  /** The effect's kind, which is the id of the frame processor that runs it. */
  kind: string;
  params: unknown;
}

export interface VideoSegmentPlan {
  /** Output frame index of the segment's first frame. */
  firstFrame: number;
  frameCount: number;
  source: SegmentSource;
  clipId: string | null;
  assetId: string | null;
  processors: PlannedProcessor[];
}

export interface AudioPlacementPlan extends AudioPlacement {
  clipId: string;
  assetId: string;
}

export interface RenderPlan {
  width: number;
  height: number;
  fps: Rational;
  /** Timeline frame index of output frame 0. */
  startFrame: number;
  totalFrames: number;
  /** Timeline time of output frame 0 and of the end of the last frame. */
  startUs: Microseconds;
  endUs: Microseconds;
  durationUs: Microseconds;
  segments: VideoSegmentPlan[];
  audio: { sampleRate: number; totalSamples: number; placements: AudioPlacementPlan[] };
}

/** First frame whose start is at or after `us` (half a microsecond of slack: frame starts are rounded). */
function firstFrameAtOrAfter(us: Microseconds, fps: Rational): number {
  return Math.ceil(((us - 0.5) * fps.num) / (fps.den * US_PER_SECOND));
}

function sortedTracks(timeline: Timeline, kind: Track['kind']): Track[] {
  return timeline.tracks.filter((track) => track.kind === kind).sort((a, b) => a.order - b.order);
}

function usableAsset(assets: ReadonlyMap<string, PlanAsset>, clip: Clip): PlanAsset {
  const asset = assets.get(clip.assetId);
  if (!asset) {
    throw new StudioError(
      'NOT_FOUND',
      `Clip ${clip.id} uses asset ${clip.assetId}, which is not in the project.`,
    );
  }
  if (asset.status === 'missing') {
    throw new StudioError(
      'FILE_NOT_FOUND',
      `"${asset.name}" is missing (expected at ${asset.path}); relink it before rendering.`,
    );
  }
  return asset;
}

function toRotation(degrees: number): Rotation {
  const quarter = ((Math.round(degrees / 90) % 4) + 4) % 4;
  return (quarter * 90) as Rotation;
}

function frameRange(input: RenderPlanInput): { startFrame: number; endFrame: number } {
  const { timeline, range } = input;
  if (range) {
    if (!Number.isInteger(range.startUs) || !Number.isInteger(range.endUs) || range.endUs <= range.startUs) {
      throw new StudioError('INVALID_ARGUMENT', 'The render range must end after it starts.');
    }
    return {
      startFrame: frameIndexAt(range.startUs, timeline.fps),
      endFrame: firstFrameAtOrAfter(range.endUs, timeline.fps),
    };
  }
  const duration = timelineDuration(timeline);
  if (duration <= 0)
    throw new StudioError('INVALID_ARGUMENT', 'The timeline is empty: there is nothing to render.');
  return { startFrame: 0, endFrame: firstFrameAtOrAfter(duration, timeline.fps) };
}

interface CoveringClip {
  clip: Clip;
  trackRank: number;
  firstFrame: number;
  endFrame: number;
}

function planVideo(input: RenderPlanInput, startFrame: number, endFrame: number): VideoSegmentPlan[] {
  const { timeline, assets } = input;
  const fps = timeline.fps;
  const tracks = sortedTracks(timeline, 'video').filter((track) => !track.hidden);
  const rankByTrack = new Map(tracks.map((track, rank) => [track.id, rank]));
  const covering: CoveringClip[] = [];
  for (const clip of timeline.clips) {
    const trackRank = rankByTrack.get(clip.trackId);
    if (trackRank === undefined) continue;
    const firstFrame = Math.max(startFrame, firstFrameAtOrAfter(clip.startUs, fps));
    const lastFrame = Math.min(endFrame, firstFrameAtOrAfter(clipEnd(clip), fps));
    if (lastFrame > firstFrame) covering.push({ clip, trackRank, firstFrame, endFrame: lastFrame });
  }
  const boundaries = new Set<number>([startFrame, endFrame]);
  for (const entry of covering) boundaries.add(entry.firstFrame).add(entry.endFrame);
  const cuts = [...boundaries].sort((a, b) => a - b);

  const segments: VideoSegmentPlan[] = [];
  for (let index = 0; index + 1 < cuts.length; index += 1) {
    const from = cuts[index]!;
    const to = cuts[index + 1]!;
    let winner: CoveringClip | undefined;
    for (const entry of covering) {
      if (entry.firstFrame > from || entry.endFrame <= from) continue;
      if (!winner || entry.trackRank < winner.trackRank) winner = entry;
    }
    const previous = segments.at(-1);
    const winnerClipId = winner?.clip.id ?? null;
    if (previous && previous.clipId === winnerClipId) {
      previous.frameCount += to - from;
      continue;
    }
    segments.push(segmentFor(winner?.clip ?? null, from, to - from, startFrame, input, assets));
  }
  return segments;
}

function segmentFor(
  clip: Clip | null,
  from: number,
  frameCount: number,
  startFrame: number,
  input: RenderPlanInput,
  assets: ReadonlyMap<string, PlanAsset>,
): VideoSegmentPlan {
  const firstFrame = from - startFrame;
  if (!clip)
    return { firstFrame, frameCount, source: { kind: 'gap' }, clipId: null, assetId: null, processors: [] };
  const asset = usableAsset(assets, clip);
  const source: SegmentSource =
    asset.kind === 'image'
      ? { kind: 'image', path: asset.path, rotation: toRotation(asset.rotation) }
      : {
          kind: 'video',
          path: asset.path,
          streamIndex: asset.videoStreamIndex,
          startUs: clip.inUs + Math.max(0, frameStart(from, input.timeline.fps) - clip.startUs),
        };
  const processors = input.effects
    // Sound-only effects (Voice clone) act in the mix, not on frames.
    .filter((effect) => effect.clipId === clip.id && effect.enabled && !isSoundOnlyEffectKind(effect.kind))
    .sort((a, b) => a.order - b.order || a.id.localeCompare(b.id))
    .map((effect) => ({ effectId: effect.id, kind: effect.kind, params: effect.params }));
  return { firstFrame, frameCount, source, clipId: clip.id, assetId: asset.id, processors };
}

function planAudio(input: RenderPlanInput, startUs: Microseconds, endUs: Microseconds): RenderPlan['audio'] {
  const { timeline, assets, audioSampleRate: sampleRate } = input;
  const tracks = sortedTracks(timeline, 'audio');
  const anySolo = tracks.some((track) => track.solo);
  const audible = new Set(
    tracks.filter((track) => !track.muted && (!anySolo || track.solo)).map((track) => track.id),
  );
  const toSamples = (us: Microseconds): number => Math.round((us * sampleRate) / US_PER_SECOND);
  const placements: AudioPlacementPlan[] = [];
  // A Lip sync effect replaces its video clip's sound with the speech it follows (lipSyncAudioRouting.ts).
  const lipSync = lipSyncAudioRouting(timeline, input.effects);
  const clips = [
    ...timeline.clips.filter((clip) => audible.has(clip.trackId) && !lipSync.mutedClipIds.has(clip.id)),
    ...lipSync.addedClips,
  ].sort((a, b) => a.startUs - b.startUs || a.id.localeCompare(b.id));
  // A Voice clone effect plays its clips' converted sound instead (voiceCloneAudioRouting.ts).
  const voiceClone = voiceCloneAudioRouting(input.effects);
  for (const clip of clips) {
    const from = Math.max(clip.startUs, startUs);
    const to = Math.min(clipEnd(clip), endUs);
    if (to <= from) continue;
    const asset = usableAsset(assets, clip);
    if (!asset.hasAudio) continue;
    const outputStartSample = toSamples(from - startUs);
    const sampleCount = toSamples(to - startUs) - outputStartSample;
    if (sampleCount <= 0) continue;
    const sourceStartUs = clip.inUs + (from - clip.startUs);
    const converted = voiceClone.get(clip.id);
    placements.push({
      clipId: clip.id,
      assetId: asset.id,
      path: asset.path,
      streamIndex: asset.audioStreamIndex,
      sourceStartUs,
      outputStartSample,
      sampleCount,
      ...(converted ? convertedPlacementSource(converted, sourceStartUs) : {}),
    });
  }
  return { sampleRate, totalSamples: toSamples(endUs - startUs), placements };
}

export function buildRenderPlan(input: RenderPlanInput): RenderPlan {
  const fps = input.timeline.fps;
  const { startFrame, endFrame } = frameRange(input);
  if (endFrame <= startFrame) {
    throw new StudioError('INVALID_ARGUMENT', 'The render range is shorter than one frame.');
  }
  const startUs = frameStart(startFrame, fps);
  const endUs = frameStart(endFrame, fps);
  return {
    width: input.width,
    height: input.height,
    fps,
    startFrame,
    totalFrames: endFrame - startFrame,
    startUs,
    endUs,
    durationUs: endUs - startUs,
    segments: planVideo(input, startFrame, endFrame),
    audio: planAudio(input, startUs, endUs),
  };
}
