// Finds the ffmpeg and ffprobe executables (DESIGN.md §6). Order for ffmpeg: FFMPEG_PATH, then the
// optional `ffmpeg-static` package (npm drops it where its download fails, as here), then PATH.
// ffprobe: FFPROBE_PATH, then `@ffprobe-installer/ffprobe` (ships the binary inside the registry
// package), then the folder ffmpeg was found in, then PATH. Results are cached per process; a failed
// lookup is not cached, so installing ffmpeg and retrying works without a restart.
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { StudioError } from '../../shared/errors';
import { runProcess } from './runProcess';

export type MediaToolSource =
  'FFMPEG_PATH' | 'FFPROBE_PATH' | 'ffmpeg-static' | '@ffprobe-installer/ffprobe' | 'beside-ffmpeg' | 'PATH';

export interface LocatedTool {
  path: string;
  source: MediaToolSource;
}

export interface LocateOptions {
  /** Defaults to process.env; tests pass their own to exercise each step. */
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  /** false skips ffmpeg-static and @ffprobe-installer, so only env variables and PATH are used. */
  usePackagedBinaries?: boolean;
}

const INSTALL_ADVICE =
  'Install ffmpeg (Debian/Ubuntu: `sudo apt-get install ffmpeg`, macOS: `brew install ffmpeg`, ' +
  'Windows: `winget install ffmpeg`) or set FFMPEG_PATH and FFPROBE_PATH to the executables.';

function executableName(tool: 'ffmpeg' | 'ffprobe', platform: NodeJS.Platform): string {
  return platform === 'win32' ? `${tool}.exe` : tool;
}

/** Packaged Electron apps keep native binaries outside the asar archive, which cannot be executed. */
function outsideAsar(binaryPath: string): string {
  return binaryPath.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

async function isExecutableFile(candidate: string, platform: NodeJS.Platform): Promise<boolean> {
  try {
    const info = await stat(candidate);
    if (!info.isFile()) return false;
    // Windows has no execute bit; existence is all we can check there.
    if (platform !== 'win32') await access(candidate, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function findOnPath(
  tool: 'ffmpeg' | 'ffprobe',
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform,
): Promise<string | null> {
  const separator = platform === 'win32' ? ';' : ':';
  const folders = (env.PATH ?? env.Path ?? '').split(separator).filter((folder) => folder.length > 0);
  for (const folder of folders) {
    const candidate = path.join(folder, executableName(tool, platform));
    if (await isExecutableFile(candidate, platform)) return candidate;
  }
  return null;
}

/** An explicit env variable is a promise from the user: if it is wrong, say so instead of guessing. */
async function fromEnvVariable(
  variable: 'FFMPEG_PATH' | 'FFPROBE_PATH',
  env: NodeJS.ProcessEnv,
  platform: NodeJS.Platform,
): Promise<LocatedTool | null> {
  const value = env[variable];
  if (!value) return null;
  if (await isExecutableFile(value, platform)) return { path: value, source: variable };
  throw new StudioError(
    'FFMPEG_NOT_FOUND',
    `${variable} is set to "${value}", which is not an executable file. Fix or unset ${variable}.`,
  );
}

async function fromFfmpegStatic(platform: NodeJS.Platform): Promise<string | null> {
  // A variable specifier keeps TypeScript and the bundler from requiring this optional package.
  const moduleName = 'ffmpeg-static';
  try {
    const loaded = (await import(/* @vite-ignore */ moduleName)) as { default?: unknown };
    const candidate = typeof loaded.default === 'string' ? outsideAsar(loaded.default) : null;
    return candidate && (await isExecutableFile(candidate, platform)) ? candidate : null;
  } catch {
    return null;
  }
}

async function fromFfprobeInstaller(platform: NodeJS.Platform): Promise<string | null> {
  try {
    // Its index.js throws on platforms it has no binary for, hence the dynamic import.
    const loaded = await import('@ffprobe-installer/ffprobe');
    const candidate = outsideAsar(loaded.default.path);
    return (await isExecutableFile(candidate, platform)) ? candidate : null;
  } catch {
    return null;
  }
}

/** Resolves ffmpeg without caching. */
export async function resolveFfmpeg(options: LocateOptions = {}): Promise<LocatedTool> {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const fromEnv = await fromEnvVariable('FFMPEG_PATH', env, platform);
  if (fromEnv) return fromEnv;
  if (options.usePackagedBinaries !== false) {
    const packaged = await fromFfmpegStatic(platform);
    if (packaged) return { path: packaged, source: 'ffmpeg-static' };
  }
  const onPath = await findOnPath('ffmpeg', env, platform);
  if (onPath) return { path: onPath, source: 'PATH' };
  throw new StudioError(
    'FFMPEG_NOT_FOUND',
    `ffmpeg was not found (looked at FFMPEG_PATH, the ffmpeg-static package and PATH). ${INSTALL_ADVICE}`,
  );
}

/** Resolves ffprobe without caching; `ffmpegPath` enables the "next to ffmpeg" step. */
export async function resolveFfprobe(
  options: LocateOptions = {},
  ffmpegPath: string | null = null,
): Promise<LocatedTool> {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const fromEnv = await fromEnvVariable('FFPROBE_PATH', env, platform);
  if (fromEnv) return fromEnv;
  if (options.usePackagedBinaries !== false) {
    const packaged = await fromFfprobeInstaller(platform);
    if (packaged) return { path: packaged, source: '@ffprobe-installer/ffprobe' };
  }
  if (ffmpegPath) {
    const beside = path.join(path.dirname(ffmpegPath), executableName('ffprobe', platform));
    if (await isExecutableFile(beside, platform)) return { path: beside, source: 'beside-ffmpeg' };
  }
  const onPath = await findOnPath('ffprobe', env, platform);
  if (onPath) return { path: onPath, source: 'PATH' };
  throw new StudioError(
    'FFMPEG_NOT_FOUND',
    'ffprobe was not found (looked at FFPROBE_PATH, the @ffprobe-installer/ffprobe package, ' +
      `beside ffmpeg and PATH). ${INSTALL_ADVICE}`,
  );
}

let ffmpegLookup: Promise<LocatedTool> | null = null;
let ffprobeLookup: Promise<LocatedTool> | null = null;
const versionLookups = new Map<string, Promise<string>>();

function remembered<T>(lookup: Promise<T>, forget: () => void): Promise<T> {
  lookup.catch(() => forget());
  return lookup;
}

/** The ffmpeg executable, resolved once per process. */
export function locateFfmpegTool(): Promise<LocatedTool> {
  ffmpegLookup ??= remembered(resolveFfmpeg(), () => (ffmpegLookup = null));
  return ffmpegLookup;
}

/** The ffprobe executable, resolved once per process. */
export function locateFfprobeTool(): Promise<LocatedTool> {
  ffprobeLookup ??= remembered(
    (async () => {
      const ffmpeg = await locateFfmpegTool().catch(() => null);
      return resolveFfprobe({}, ffmpeg?.path ?? null);
    })(),
    () => (ffprobeLookup = null),
  );
  return ffprobeLookup;
}

export async function locateFfmpeg(): Promise<string> {
  return (await locateFfmpegTool()).path;
}

export async function locateFfprobe(): Promise<string> {
  return (await locateFfprobeTool()).path;
}

/** Forgets cached lookups (after the user changes FFMPEG_PATH in settings, and in tests). */
export function resetMediaToolCache(): void {
  ffmpegLookup = null;
  ffprobeLookup = null;
  versionLookups.clear();
}

/** "5.1.9-0+deb12u1" from the first line of `-version` ("ffmpeg version 5.1.9-0+deb12u1 Copyright …"). */
export function parseVersionLine(output: string): string | null {
  const match = /version\s+(\S+)/.exec(output.split(/\r?\n/, 1)[0] ?? '');
  return match?.[1] ?? null;
}

async function toolVersion(toolPath: string): Promise<string> {
  const { stdout } = await runProcess(toolPath, ['-hide_banner', '-version'], {
    label: `${path.basename(toolPath)} -version`,
  });
  const text = stdout.toString('utf8');
  const version = parseVersionLine(text);
  if (!version)
    throw new StudioError('FFMPEG_FAILED', `Could not read a version from "${toolPath} -version".`);
  return version;
}

function cachedVersion(toolPath: string): Promise<string> {
  let lookup = versionLookups.get(toolPath);
  if (!lookup) {
    lookup = remembered(toolVersion(toolPath), () => versionLookups.delete(toolPath));
    versionLookups.set(toolPath, lookup);
  }
  return lookup;
}

/** The version of the ffmpeg that will be used, e.g. "5.1.9-0+deb12u1" (for the about box and logs). */
export async function ffmpegVersion(): Promise<string> {
  return cachedVersion(await locateFfmpeg());
}

export async function ffprobeVersion(): Promise<string> {
  return cachedVersion(await locateFfprobe());
}

export interface FfmpegDescription {
  ffmpegPath: string | null;
  ffprobePath: string | null;
  version: string | null;
}

/** What the about box shows; never throws (a missing tool is reported as null). */
export async function describeFfmpeg(): Promise<FfmpegDescription> {
  const [ffmpegPath, ffprobePath] = await Promise.all([
    locateFfmpeg().catch(() => null),
    locateFfprobe().catch(() => null),
  ]);
  const version = ffmpegPath ? await cachedVersion(ffmpegPath).catch(() => null) : null;
  return { ffmpegPath, ffprobePath, version };
}
