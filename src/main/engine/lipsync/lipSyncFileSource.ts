// The one-clip "project" `doppel lipsync` renders: the video on a video track, the Lip sync effect
// bound to the speech as an asset (it plays from the clip's start; cut at its end, silence after
// its own end), and the face analysis and model already resolved (lipSyncParams.ts `resolved`).
import type { Timeline } from '../../../shared/model/schemas';
import type { MediaProbe } from '../../media/probeMedia';
import type { PlanAsset } from '../render/renderPlan';
import type { RenderSource } from '../render/renderJob';
import {
  LIP_SYNC_PROCESSOR_ID,
  type LipSyncEngine,
  type LipSyncParams,
  type ResolvedLipSync,
} from './lipSyncParams';

export interface LipSyncFileInputs {
  videoPath: string;
  audioPath: string;
  video: MediaProbe;
  audio: MediaProbe;
  durationUs: number;
  fps: { num: number; den: number };
}

function planAsset(id: string, path: string, probe: MediaProbe): PlanAsset {
  return {
    id,
    name: path,
    path,
    kind: probe.kind,
    status: 'ok',
    hasVideo: probe.hasVideo,
    hasAudio: probe.hasAudio,
    rotation: probe.rotation,
    videoStreamIndex: probe.videoStreamIndex,
    audioStreamIndex: probe.audioStreamIndex,
  };
}

export function lipSyncFileSource(
  inputs: LipSyncFileInputs,
  effect: {
    engine: LipSyncEngine;
    strength: number;
    trackId: number | null;
    facesPath: string;
    wav2lip: ResolvedLipSync['wav2lip'];
  },
  projectPath: string,
): RenderSource {
  const params: LipSyncParams = {
    audioClipId: '',
    audioAssetId: 'speech',
    engine: effect.engine,
    strength: effect.strength,
    trackId: effect.trackId,
    resolved: {
      video: { path: inputs.videoPath, streamIndex: inputs.video.videoStreamIndex },
      facesPath: effect.facesPath,
      audio: {
        path: inputs.audioPath,
        streamIndex: inputs.audio.audioStreamIndex,
        startUs: 0,
        inUs: 0,
        endUs: inputs.durationUs,
      },
      ...(effect.wav2lip ? { wav2lip: effect.wav2lip } : {}),
    },
  };
  const timeline: Timeline = {
    fps: inputs.fps,
    tracks: [
      {
        id: 'video',
        kind: 'video',
        name: 'Video',
        order: 0,
        muted: false,
        solo: false,
        locked: false,
        hidden: false,
      },
    ],
    clips: [
      {
        id: 'clip',
        trackId: 'video',
        assetId: 'video',
        startUs: 0,
        inUs: 0,
        outUs: inputs.durationUs,
        linkGroup: null,
      },
    ],
  };
  return {
    projectPath,
    project: { width: inputs.video.displayWidth!, height: inputs.video.displayHeight!, fps: inputs.fps },
    timeline,
    assets: [
      planAsset('video', inputs.videoPath, inputs.video),
      planAsset('speech', inputs.audioPath, inputs.audio),
    ],
    effects: [
      { id: 'lipsync', clipId: 'clip', kind: LIP_SYNC_PROCESSOR_ID, params, order: 0, enabled: true },
    ],
  };
}
