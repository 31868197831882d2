// Thumbnails for the media bin and the timeline: a filmstrip sprite (N evenly spaced frames in one
// row of one JPEG, so a clip draws with a single image request) and a larger poster frame, cached
// as `<cacheDir>/<sha256>/filmstrip.jpg` + `poster.jpg`, with the sprite geometry in
// `filmstrip.json`. Videos go through ffmpeg, sprite and poster from one decode (process start-up
// is a large part of the cost for short clips); still images through sharp, which is faster and
// honours EXIF orientation, with ffmpeg as the fallback for what sharp cannot open (BMP).
import { readFile, stat } from 'node:fs/promises';
import sharp from 'sharp';
import { StudioError } from '../../shared/errors';
import type { Microseconds } from '../../shared/time';
import {
  assetCachePath,
  commitTemporaryFile,
  discardTemporaryFile,
  ensureAssetCacheDirectory,
  temporaryPathFor,
  writeFileAtomically,
} from './assetCache';
import { filmstripSpriteArguments, posterFrameArguments } from './ffmpegArguments';
import { locateFfmpeg } from './ffmpegLocator';
import { fileSystemError } from './fileErrors';
import type { MediaProbe } from './probeInterpretation';
import { runProcess } from './runProcess';

export const DEFAULT_TILE_HEIGHT = 90;
export const DEFAULT_POSTER_MAX_HEIGHT = 360;
const MAX_THUMBNAILS = 60;
/**
 * Past this length the sprite decodes keyframes only (see filmstripSpriteArguments): a full decode
 * costs about 2 s per minute of 720p on 2 cores, several times that for 1080p/HEVC.
 */
const KEYFRAMES_ONLY_AFTER_US = 30_000_000;
/** Poster frame: 10% in, but never later than this (the opening shot is the recognisable one). */
const POSTER_MAX_SEEK_US = 1_000_000;
/** Fallback spacing for a video whose duration is unknown: one frame at 25 fps. */
const ONE_FRAME_US = 40_000;

export interface ThumbnailOptions {
  signal?: AbortSignal;
  /** Height of one filmstrip tile in pixels (width follows the display aspect ratio). */
  tileHeight?: number;
  /** Number of tiles; defaults to chooseThumbnailCount(duration). */
  count?: number;
  posterMaxHeight?: number;
}

export interface FilmstripInfo {
  version: 1;
  /** Tiles in the sprite, left to right, evenly spaced over the clip (0 for audio). */
  count: number;
  tileWidth: number;
  tileHeight: number;
  hasPoster: boolean;
}

export interface ThumbnailResult extends FilmstripInfo {
  filmstripPath: string | null;
  posterPath: string | null;
}

/** One tile per second of video, at least 1 and at most 60 (a 9600 px wide sprite at 16:9). */
export function chooseThumbnailCount(durationUs: Microseconds | null): number {
  if (durationUs === null || durationUs <= 0) return 1;
  return Math.min(MAX_THUMBNAILS, Math.max(1, Math.ceil(durationUs / 1_000_000)));
}

function even(value: number): number {
  return Math.max(2, Math.round(value / 2) * 2);
}

/** Size of a picture scaled to `height` (never enlarged when `noUpscale`), with even sides for JPEG. */
export function scaledSize(
  displayWidth: number,
  displayHeight: number,
  height: number,
  noUpscale = false,
): { width: number; height: number } {
  const targetHeight = noUpscale ? Math.min(height, displayHeight) : height;
  // Very wide panoramas would make absurd tiles: cap the aspect ratio at 8:1.
  const aspect = Math.min(8, displayWidth / displayHeight);
  return { width: even(targetHeight * aspect), height: even(targetHeight) };
}

async function isNonEmptyFile(filePath: string): Promise<boolean> {
  try {
    return (await stat(filePath)).size > 0;
  } catch {
    return false;
  }
}

/**
 * Runs one ffmpeg command that writes JPEGs to temporary paths, then moves each into place. Returns,
 * per output, whether it was written: ffmpeg exits 0 without writing when no frame was selected.
 */
async function writeJpegsWithFfmpeg(
  finalPaths: readonly string[],
  buildArguments: (temporaryPaths: readonly string[]) => string[],
  label: string,
  signal: AbortSignal | undefined,
): Promise<boolean[]> {
  const ffmpeg = await locateFfmpeg();
  const temporaryPaths = finalPaths.map(temporaryPathFor);
  const written: boolean[] = [];
  try {
    await runProcess(ffmpeg, buildArguments(temporaryPaths), { signal, label });
    for (const temporaryPath of temporaryPaths) written.push(await isNonEmptyFile(temporaryPath));
  } catch (error) {
    await Promise.all(temporaryPaths.map(discardTemporaryFile));
    throw error;
  }
  for (const [index, temporaryPath] of temporaryPaths.entries()) {
    if (written[index]) await commitTemporaryFile(temporaryPath, finalPaths[index] as string);
    else await discardTemporaryFile(temporaryPath);
  }
  return written;
}

async function writeJpegWithFfmpeg(
  finalPath: string,
  buildArguments: (outputPath: string) => string[],
  label: string,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  const [written] = await writeJpegsWithFfmpeg(
    [finalPath],
    ([outputPath]) => buildArguments(outputPath as string),
    label,
    signal,
  );
  return written === true;
}

function requireVideoStream(
  probe: MediaProbe,
  inputPath: string,
): { index: number; width: number; height: number } {
  if (probe.videoStreamIndex === null || !probe.displayWidth || !probe.displayHeight) {
    throw new StudioError('MEDIA_UNREADABLE', `"${inputPath}" has no picture to make thumbnails from.`);
  }
  return { index: probe.videoStreamIndex, width: probe.displayWidth, height: probe.displayHeight };
}

async function createVideoThumbnails(
  inputPath: string,
  probe: MediaProbe,
  cacheDir: string,
  sha256: string,
  options: ThumbnailOptions,
): Promise<ThumbnailResult> {
  const stream = requireVideoStream(probe, inputPath);
  const durationUs = probe.videoDurationUs ?? probe.durationUs ?? ONE_FRAME_US;
  const count = options.count ?? chooseThumbnailCount(durationUs);
  const keyframesOnly = durationUs > KEYFRAMES_ONLY_AFTER_US;
  const tile = scaledSize(stream.width, stream.height, options.tileHeight ?? DEFAULT_TILE_HEIGHT);
  const poster = scaledSize(
    stream.width,
    stream.height,
    options.posterMaxHeight ?? DEFAULT_POSTER_MAX_HEIGHT,
    true,
  );
  const filmstripPath = assetCachePath(cacheDir, sha256, 'filmstrip');
  const posterPath = assetCachePath(cacheDir, sha256, 'poster');
  // Poster 10% in (at most 1 s), as a frame index for the select filter of the same decode. With
  // keyframes only, frame numbers are keyframe numbers: take the first.
  const posterSeekUs = Math.min(POSTER_MAX_SEEK_US, Math.floor(durationUs / 10));
  const frameIndex =
    probe.fps && !keyframesOnly
      ? Math.floor((posterSeekUs * probe.fps.num) / (probe.fps.den * 1_000_000))
      : 0;

  const [wroteSprite, wrotePosterInPass] = await writeJpegsWithFfmpeg(
    [filmstripPath, posterPath],
    ([spriteOutput, posterOutput]) =>
      filmstripSpriteArguments({
        inputPath,
        outputPath: spriteOutput as string,
        streamIndex: stream.index,
        durationUs,
        count,
        tileWidth: tile.width,
        tileHeight: tile.height,
        keyframesOnly,
        poster: { outputPath: posterOutput as string, frameIndex, ...poster },
      }),
    `ffmpeg (filmstrip) on "${inputPath}"`,
    options.signal,
  );
  if (!wroteSprite) {
    throw new StudioError('MEDIA_UNREADABLE', `No video frame could be decoded from "${inputPath}".`);
  }
  // The frame index lies past the end when the stream has fewer frames than its rate suggests.
  const wrotePoster =
    wrotePosterInPass ||
    (frameIndex > 0 &&
      (await writeJpegWithFfmpeg(
        posterPath,
        (outputPath) =>
          posterFrameArguments({ inputPath, outputPath, streamIndex: stream.index, seekUs: 0, ...poster }),
        `ffmpeg (poster) on "${inputPath}"`,
        options.signal,
      )));

  return {
    version: 1,
    count,
    tileWidth: tile.width,
    tileHeight: tile.height,
    hasPoster: wrotePoster,
    filmstripPath,
    posterPath: wrotePoster ? posterPath : null,
  };
}

async function writeJpegWithSharp(
  inputPath: string,
  finalPath: string,
  width: number,
  height: number,
): Promise<void> {
  // autoOrient applies EXIF orientation, matching the rotation probeMedia reported.
  const jpeg = await sharp(inputPath, { animated: false })
    .autoOrient()
    .resize(width, height, { fit: 'fill' })
    .jpeg({ quality: 82 })
    .toBuffer();
  await writeFileAtomically(finalPath, jpeg);
}

async function createImageThumbnails(
  inputPath: string,
  probe: MediaProbe,
  cacheDir: string,
  sha256: string,
  options: ThumbnailOptions,
): Promise<ThumbnailResult> {
  const stream = requireVideoStream(probe, inputPath);
  const tile = scaledSize(stream.width, stream.height, options.tileHeight ?? DEFAULT_TILE_HEIGHT);
  const poster = scaledSize(
    stream.width,
    stream.height,
    options.posterMaxHeight ?? DEFAULT_POSTER_MAX_HEIGHT,
    true,
  );
  const filmstripPath = assetCachePath(cacheDir, sha256, 'filmstrip');
  const posterPath = assetCachePath(cacheDir, sha256, 'poster');
  try {
    await writeJpegWithSharp(inputPath, filmstripPath, tile.width, tile.height);
    await writeJpegWithSharp(inputPath, posterPath, poster.width, poster.height);
  } catch (error) {
    if (error instanceof StudioError) throw error;
    // sharp (libvips) has no BMP loader; ffmpeg decodes every format probeMedia accepts.
    // A still is a one-frame video to ffmpeg: the filmstrip command writes tile and poster at once.
    const [wroteTile, wrotePoster] = await writeJpegsWithFfmpeg(
      [filmstripPath, posterPath],
      ([tileOutput, posterOutput]) =>
        filmstripSpriteArguments({
          inputPath,
          outputPath: tileOutput as string,
          streamIndex: stream.index,
          durationUs: ONE_FRAME_US,
          count: 1,
          tileWidth: tile.width,
          tileHeight: tile.height,
          keyframesOnly: false,
          poster: { outputPath: posterOutput as string, frameIndex: 0, ...poster },
        }),
      `ffmpeg (image thumbnail) on "${inputPath}"`,
      options.signal,
    );
    if (!wroteTile || !wrotePoster) {
      throw new StudioError('MEDIA_UNREADABLE', `The image "${inputPath}" could not be decoded.`, {
        cause: error,
      });
    }
  }
  return {
    version: 1,
    count: 1,
    tileWidth: tile.width,
    tileHeight: tile.height,
    hasPoster: true,
    filmstripPath,
    posterPath,
  };
}

/**
 * Writes the filmstrip sprite, poster and filmstrip.json for an asset. Audio files get none
 * (count 0). Throws MEDIA_UNREADABLE when no frame decodes, CANCELLED, DISK_FULL or FFMPEG_FAILED.
 */
export async function createThumbnails(
  inputPath: string,
  probe: MediaProbe,
  cacheDir: string,
  sha256: string,
  options: ThumbnailOptions = {},
): Promise<ThumbnailResult> {
  if (probe.kind === 'audio') {
    return {
      version: 1,
      count: 0,
      tileWidth: 0,
      tileHeight: 0,
      hasPoster: false,
      filmstripPath: null,
      posterPath: null,
    };
  }
  await ensureAssetCacheDirectory(cacheDir, sha256);
  const result =
    probe.kind === 'image'
      ? await createImageThumbnails(inputPath, probe, cacheDir, sha256, options)
      : await createVideoThumbnails(inputPath, probe, cacheDir, sha256, options);
  const info: FilmstripInfo = {
    version: 1,
    count: result.count,
    tileWidth: result.tileWidth,
    tileHeight: result.tileHeight,
    hasPoster: result.hasPoster,
  };
  await writeFileAtomically(assetCachePath(cacheDir, sha256, 'filmstripInfo'), JSON.stringify(info));
  return result;
}

/** The sprite geometry written by createThumbnails, or null when it was never made (or is unreadable). */
export async function readFilmstripInfo(cacheDir: string, sha256: string): Promise<FilmstripInfo | null> {
  const infoPath = assetCachePath(cacheDir, sha256, 'filmstripInfo');
  let text: string;
  try {
    text = await readFile(infoPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw fileSystemError(error, infoPath);
  }
  try {
    const info = JSON.parse(text) as Partial<FilmstripInfo>;
    const valid =
      info.version === 1 &&
      Number.isInteger(info.count) &&
      Number.isInteger(info.tileWidth) &&
      Number.isInteger(info.tileHeight) &&
      typeof info.hasPoster === 'boolean';
    return valid ? (info as FilmstripInfo) : null;
  } catch {
    return null; // a damaged cache file is just a missing one: it can be rebuilt
  }
}
