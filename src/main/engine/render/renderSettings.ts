// Pure: a render request (preset + codec options + output path) and the project's settings ->
// the exact output: size, frame rate, codec, quality, container. Refuses combinations a player
// could not open (ProRes in .mp4, VP9 in .mov) with a message naming the file.
import type { RenderCodecOptions, RenderPreset, VideoCodec } from '../../../shared/contracts/renderContract';
import { StudioError } from '../../../shared/errors';
import type { Rational } from '../../../shared/time';
import type { EncodeContainer, EncodeSpeed } from '../../media/encodeArguments';

export interface ResolvedRenderSettings {
  width: number;
  height: number;
  fps: Rational;
  videoCodec: VideoCodec;
  crf: number;
  speed: EncodeSpeed;
  container: EncodeContainer;
  /** The output's extension with its dot, e.g. ".mp4" (the temporary file keeps it). */
  extension: string;
}

interface PresetDefinition {
  size: { width: number; height: number } | 'project';
  videoCodec: VideoCodec;
}

const PRESETS: Record<RenderPreset, PresetDefinition> = {
  source: { size: 'project', videoCodec: 'h264' },
  '1080p-h264': { size: { width: 1920, height: 1080 }, videoCodec: 'h264' },
  '720p-h264': { size: { width: 1280, height: 720 }, videoCodec: 'h264' },
  '1080p-hevc': { size: { width: 1920, height: 1080 }, videoCodec: 'hevc' },
  '1080p-prores': { size: { width: 1920, height: 1080 }, videoCodec: 'prores' },
  '1080p-webm': { size: { width: 1920, height: 1080 }, videoCodec: 'vp9' },
};

/** Visually transparent defaults for a finished film; ProRes has no CRF. */
const DEFAULT_CRF: Record<VideoCodec, number> = { h264: 20, hevc: 24, prores: 0, vp9: 32 };
const MAX_CRF: Record<VideoCodec, number> = { h264: 51, hevc: 51, prores: 0, vp9: 63 };
/** Fast enough for a CPU-only laptop, much smaller than ultrafast. */
export const DEFAULT_ENCODER_SPEED: EncodeSpeed = 'veryfast';

const CONTAINERS_BY_EXTENSION: Record<string, EncodeContainer> = {
  '.mp4': 'mp4',
  '.m4v': 'mp4',
  '.mov': 'mov',
  '.webm': 'webm',
  '.mkv': 'matroska',
};

const EXTENSIONS_BY_CODEC: Record<VideoCodec, readonly string[]> = {
  h264: ['.mp4', '.m4v', '.mov', '.mkv'],
  hevc: ['.mp4', '.m4v', '.mov', '.mkv'],
  prores: ['.mov'],
  vp9: ['.webm', '.mkv'],
};

export interface ProjectOutputFacts {
  width: number;
  height: number;
  fps: Rational;
}

function extensionOf(outputPath: string): string {
  const name = outputPath.split(/[\\/]/).pop() ?? '';
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot).toLowerCase() : '';
}

/** 4:2:0 and 4:2:2 need even sizes; an odd project size loses its last row/column. */
function even(value: number): number {
  return Math.max(2, value - (value % 2));
}

export function resolveRenderSettings(
  outputPath: string,
  preset: RenderPreset,
  options: RenderCodecOptions,
  project: ProjectOutputFacts,
): ResolvedRenderSettings {
  const definition = PRESETS[preset];
  const videoCodec = options.videoCodec ?? definition.videoCodec;
  const extension = extensionOf(outputPath);
  const allowed = EXTENSIONS_BY_CODEC[videoCodec];
  if (!allowed.includes(extension)) {
    throw new StudioError(
      'INVALID_ARGUMENT',
      `"${outputPath}" cannot hold ${videoCodec} video: name it with ${allowed.join(', ')}.`,
    );
  }
  const container = CONTAINERS_BY_EXTENSION[extension];
  if (!container) throw new StudioError('INVALID_ARGUMENT', `"${outputPath}" has no known video extension.`);
  const crf = options.crf ?? DEFAULT_CRF[videoCodec];
  if (videoCodec !== 'prores' && crf > MAX_CRF[videoCodec]) {
    throw new StudioError(
      'INVALID_ARGUMENT',
      `crf ${crf} is out of range for ${videoCodec} (0-${MAX_CRF[videoCodec]}).`,
    );
  }
  const size = definition.size === 'project' ? project : definition.size;
  return {
    width: even(size.width),
    height: even(size.height),
    fps: project.fps,
    videoCodec,
    crf: videoCodec === 'prores' ? 0 : crf,
    speed: options.encoderSpeed ?? DEFAULT_ENCODER_SPEED,
    container,
    extension,
  };
}
