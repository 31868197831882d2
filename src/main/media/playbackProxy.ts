// Playback proxies: a light H.264/AAC copy of a video the viewer cannot play, or cannot play in
// real time. Chromium (and so Electron) decodes H.264, VP8/VP9 and AV1 video and AAC, MP3, Opus,
// Vorbis, FLAC and PCM audio; everything else (MPEG-1/2 as in the GRID corpus, ProRes, HEVC on
// most builds, MP2 audio) shows a black frame. Sources above 1080p or 60 fps decode too slowly on
// the CPUs this studio targets. Renders always read the original; the proxy is for the viewer.
import { StudioError } from '../../shared/errors';
import type { Asset } from '../../shared/model/schemas';
import {
  assetCacheDirectory,
  commitTemporaryFile,
  discardTemporaryFile,
  ensureAssetCacheDirectory,
  temporaryPathFor,
} from './assetCache';
import { locateFfmpeg } from './ffmpegLocator';
import { FfmpegProgressParser } from './ffmpegProgress';
import { spawnProcess } from './runProcess';
import path from 'node:path';

export const PLAYBACK_PROXY_FILE_NAME = 'proxy.mp4';
/** Proxies are at most this tall: enough to judge a face swap, light enough to play anywhere. */
export const PLAYBACK_PROXY_MAX_HEIGHT = 540;
/** A keyframe every 12 frames so scrubbing (a seek per frame) stays quick. */
export const PLAYBACK_PROXY_KEYFRAME_INTERVAL = 12;

const PLAYABLE_VIDEO_CODECS = new Set(['h264', 'vp8', 'vp9', 'av1']);
const PLAYABLE_AUDIO_CODECS = new Set([
  'aac',
  'mp3',
  'opus',
  'vorbis',
  'flac',
  'pcm_s16le',
  'pcm_s24le',
  'pcm_f32le',
  'pcm_u8',
]);
const PLAYABLE_CONTAINERS = new Set(['.mp4', '.m4v', '.mov', '.webm', '.mkv', '.ogg', '.ogv']);
const HEAVY_PIXELS = 1920 * 1088;
const HEAVY_FPS = 61;

export type ProxySubject = Pick<
  Asset,
  'kind' | 'path' | 'width' | 'height' | 'fps' | 'videoCodec' | 'audioCodec' | 'hasVideo' | 'hasAudio'
>;

/** Why `asset` needs a proxy for the viewer, in words for the UI; null when it plays as it is. */
export function playbackProxyReason(asset: ProxySubject): string | null {
  if (asset.kind !== 'video' || !asset.hasVideo) return null;
  const codec = asset.videoCodec ?? 'unknown';
  if (!PLAYABLE_VIDEO_CODECS.has(codec)) return `its ${codec} video does not play in the viewer`;
  if (asset.hasAudio && !PLAYABLE_AUDIO_CODECS.has(asset.audioCodec ?? 'unknown')) {
    return `its ${asset.audioCodec ?? 'unknown'} audio does not play in the viewer`;
  }
  const container = path.extname(asset.path).toLowerCase();
  if (!PLAYABLE_CONTAINERS.has(container))
    return `its ${container || 'unnamed'} container does not play in the viewer`;
  if ((asset.width ?? 0) * (asset.height ?? 0) > HEAVY_PIXELS) {
    return `${asset.width}×${asset.height} is too heavy to play in real time`;
  }
  if (asset.fps && asset.fps.num / asset.fps.den > HEAVY_FPS) {
    return `${(asset.fps.num / asset.fps.den).toFixed(0)} fps is too heavy to play in real time`;
  }
  return null;
}

export interface PlaybackProxyArgumentsInput {
  inputPath: string;
  outputPath: string;
  hasAudio: boolean;
}

/** ffmpeg arguments for a proxy. Rotation metadata is applied by the decoder, so proxies are upright. */
export function playbackProxyArguments(input: PlaybackProxyArgumentsInput): string[] {
  return [
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    'error',
    '-y',
    '-i',
    input.inputPath,
    '-map',
    '0:v:0',
    ...(input.hasAudio ? ['-map', '0:a:0'] : []),
    '-vf',
    `scale=-2:'min(${PLAYBACK_PROXY_MAX_HEIGHT},ih)':flags=bilinear,format=yuv420p`,
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-crf',
    '23',
    '-g',
    String(PLAYBACK_PROXY_KEYFRAME_INTERVAL),
    ...(input.hasAudio ? ['-c:a', 'aac', '-b:a', '128k'] : []),
    '-movflags',
    '+faststart',
    '-progress',
    'pipe:1',
    '-nostats',
    '-f',
    'mp4',
    input.outputPath,
  ];
}

export function playbackProxyPath(cacheDir: string, sha256: string): string {
  return path.join(assetCacheDirectory(cacheDir, sha256), PLAYBACK_PROXY_FILE_NAME);
}

export interface MakePlaybackProxyOptions {
  signal?: AbortSignal;
  /** 0..1, from the frames ffmpeg has encoded against the asset's expected frame count. */
  onProgress?: (fraction: number) => void;
}

/** Writes `<cache>/<sha256>/proxy.mp4` (temp file + rename) and returns its path. */
export async function makePlaybackProxy(
  asset: ProxySubject & Pick<Asset, 'sha256' | 'durationUs'>,
  cacheDir: string,
  options: MakePlaybackProxyOptions = {},
): Promise<string> {
  if (asset.kind !== 'video' || !asset.hasVideo) {
    throw new StudioError('INVALID_ARGUMENT', `"${asset.path}" has no video to make a playback proxy of.`);
  }
  await ensureAssetCacheDirectory(cacheDir, asset.sha256);
  const finalPath = playbackProxyPath(cacheDir, asset.sha256);
  const temporaryPath = temporaryPathFor(finalPath);
  const fps = asset.fps ? asset.fps.num / asset.fps.den : 25;
  const expectedFrames = Math.max(1, Math.round(((asset.durationUs ?? 0) / 1_000_000) * fps));
  const running = spawnProcess(
    await locateFfmpeg(),
    playbackProxyArguments({ inputPath: asset.path, outputPath: temporaryPath, hasAudio: asset.hasAudio }),
    { signal: options.signal, label: `ffmpeg (playback proxy) on "${asset.path}"` },
  );
  const parser = new FfmpegProgressParser();
  running.stdout.setEncoding('utf8');
  running.stdout.on('data', (text: string) => {
    for (const update of parser.push(text)) {
      options.onProgress?.(update.ended ? 1 : Math.min(0.99, update.frame / expectedFrames));
    }
  });
  // The stream errors with CANCELLED on abort; the failure itself is reported by `exited`.
  running.stdout.on('error', () => undefined);
  try {
    await running.exited;
  } catch (error) {
    await discardTemporaryFile(temporaryPath);
    throw error;
  }
  await commitTemporaryFile(temporaryPath, finalPath);
  return finalPath;
}
