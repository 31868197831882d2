// Signs a finished media file: builds the manifest with c2pa-wasm, signs the claim with the
// installation's (or the user's) key through our COSE_Sign1 callback, and writes the signed file.
// The file is replaced atomically (written beside it, then renamed), so a failure leaves the
// unsigned file as it was.
import { rename, rm, stat, writeFile } from 'node:fs/promises';
import { StudioError } from '../../../../shared/errors';
import { FileBackedBlob, withC2pa } from './c2paRuntime';
import { sniffC2paFormatOfFile } from './c2paFormats';
import { buildCoseSign1, reserveSizeFor } from './coseSign1';
import type { SigningCredentials } from './signingCredentials';

/** No thumbnails (they would need image tooling here) and no network (the studio is offline). */
const BUILDER_SETTINGS = JSON.stringify({
  builder: { thumbnail: { enabled: false } },
  verify: { ocsp_fetch: false, remote_manifest_fetch: false },
});

export interface SignMediaRequest {
  inputPath: string;
  /** Defaults to `inputPath` (signed in place). */
  outputPath?: string;
  /** A c2pa-rs ManifestDefinition (see renderManifest.ts). */
  definition: Record<string, unknown>;
  credentials: SigningCredentials;
}

export interface SignedMedia {
  outputPath: string;
  format: string;
  sizeBytes: number;
  milliseconds: number;
}

export async function signMediaFile(request: SignMediaRequest): Promise<SignedMedia> {
  const started = performance.now();
  const { inputPath, credentials } = request;
  const outputPath = request.outputPath ?? inputPath;
  const size = await stat(inputPath).then(
    (info) => info.size,
    (error: unknown) => {
      throw new StudioError('FILE_NOT_FOUND', `Cannot sign ${inputPath}: ${(error as Error).message}`, {
        cause: error,
      });
    },
  );
  const format = sniffC2paFormatOfFile(inputPath);
  if (!format) {
    throw new StudioError(
      'UNSUPPORTED_FORMAT',
      `${inputPath} cannot carry a C2PA manifest: it is not MP4/MOV, JPEG, PNG, WebP, WAV, AVI, MP3, GIF or TIFF.`,
    );
  }
  const reserveSize = reserveSizeFor(credentials.certificateChain);
  const signer = {
    alg: credentials.algorithm,
    reserveSize,
    sign: async (claim: Uint8Array): Promise<Uint8Array<ArrayBuffer>> =>
      buildCoseSign1({
        algorithm: credentials.algorithm,
        privateKey: credentials.privateKey,
        certificateChain: credentials.certificateChain,
        payload: claim,
        reserveSize,
      }) as Uint8Array<ArrayBuffer>,
  };
  const signed = await withC2pa(async (c2pa) => {
    const builder = c2pa.WasmBuilder.fromJson(
      JSON.stringify({ ...request.definition, format }),
      BUILDER_SETTINGS,
    );
    try {
      return await builder.sign(signer, [], format, new FileBackedBlob(inputPath, size).asBlob());
    } catch (error) {
      throw new StudioError(
        'SIGNING_FAILED',
        `The C2PA manifest could not be signed into ${inputPath}: ${String(error)}`,
        {
          cause: error,
        },
      );
    } finally {
      builder.free();
    }
  });
  const temporary = `${outputPath}.c2pa-signing`;
  try {
    await writeFile(temporary, signed);
    await rename(temporary, outputPath);
  } catch (error) {
    await rm(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    throw new StudioError(
      code === 'ENOSPC' ? 'DISK_FULL' : 'PERMISSION_DENIED',
      `The signed file could not be written to ${outputPath}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  return { outputPath, format, sizeBytes: signed.length, milliseconds: performance.now() - started };
}
