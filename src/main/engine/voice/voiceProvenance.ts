// Provenance for every voice output, like any render's (DESIGN.md §5): the studio's audio watermark
// is embedded in the samples as they are written, and the finished WAV gets a signed C2PA manifest
// (trainedAlgorithmicMedia, the voice operation, the models with their licences, the consent
// references of the voice identity used, the sources' digests). The watermark and manifest code is
// engine/provenance's; this file only wires it to the voice jobs.
// If signing fails the output is removed: a voice file never exists without its manifest.
import { randomUUID, createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { basename } from 'node:path';
import { StudioError } from '../../../shared/errors';
import { APP_VERSION } from '../../appVersion';
import { signMediaFile } from '../provenance/c2pa/c2paSigner';
import {
  buildRenderManifestDefinition,
  type AiOperation,
  type ConsentReference,
  type ModelUse,
  type SourceMedia,
} from '../provenance/c2pa/renderManifest';
import { loadSigningCredentials, summarizeCredentials } from '../provenance/c2pa/signingCredentials';
import { AudioWatermarkEmbedder } from '../provenance/watermark/audioWatermarkEmbedder';
import { encodeWatermarkCodeword, watermarkIdForRender } from '../provenance/watermark/watermarkPayload';

const APPLICATION = { name: 'Doppel Studio', version: APP_VERSION };

/** What a voice job reports about the provenance it wrote (JSON-safe). */
export interface VoiceProvenanceSummary {
  renderId: string;
  watermarkId: string;
  c2paFormat: string;
  /** The signing certificate's subject. */
  signer: string;
  consentIds: string[];
}

export interface VoiceProvenanceRequest {
  /** The user data folder: the signing key lives there. */
  dataDir: string;
  /** Consent references of the voice identity used (ConsentLedger.assertConsentForRender). */
  consents: ConsentReference[];
  operation: AiOperation;
  models: ModelUse[];
  sources: SourceMedia[];
}

/** The studio's own signal processing, named in the manifest like any model. */
export const DSP_VOICE_MATCH_MODEL: ModelUse = {
  name: 'Doppel DSP voice match',
  version: APP_VERSION,
  licence: 'GPL-3.0-or-later',
  purpose: 'voice conversion (pitch mapping, formant warp, long-term spectrum match)',
};

export const ESPEAK_NG_MODEL: ModelUse = {
  name: 'eSpeak NG (wasm)',
  licence: 'GPL-3.0-or-later',
  purpose: 'text to speech before the voice conversion',
};

export class VoiceOutputProvenance {
  readonly renderId = randomUUID();
  readonly watermarkId = watermarkIdForRender(this.renderId);
  private readonly codeword = encodeWatermarkCodeword(this.watermarkId);
  private embedder: AudioWatermarkEmbedder | null = null;
  private embedderRate = 0;
  private nextFrame = 0;

  constructor(private readonly request: VoiceProvenanceRequest) {}

  /**
   * Watermarks the next chunk of mono output (in order, any chunk size) and returns it. The rate is
   * given per call because an RVC model decides its output rate only once it is loaded.
   */
  watermark(samples: Float32Array, sampleRate: number): Float32Array {
    if (this.embedder === null || this.embedderRate !== sampleRate) {
      this.embedder = new AudioWatermarkEmbedder({ codeword: this.codeword, sampleRate, channels: 1 });
      this.embedderRate = sampleRate;
      this.nextFrame = 0;
    }
    // The embedder works in place; the caller's buffer may still be someone else's.
    const marked = this.embedder.process(Float32Array.from(samples), this.nextFrame);
    this.nextFrame += samples.length;
    // The limiter leaves 1 dB of headroom; the watermark (20 dB under the 1-5 kHz band) never needs
    // more, but a 16-bit file must not wrap if it ever did.
    for (let index = 0; index < marked.length; index++) {
      const value = marked[index] as number;
      if (value > 1) marked[index] = 1;
      else if (value < -1) marked[index] = -1;
    }
    return marked;
  }

  /** Signs the finished WAV in place; on failure the WAV is removed and the error rethrown. */
  async sign(outputPath: string): Promise<VoiceProvenanceSummary> {
    try {
      const credentials = await loadSigningCredentials(this.request.dataDir);
      const createdAt = new Date().toISOString();
      const definition = buildRenderManifestDefinition({
        renderId: this.renderId,
        title: basename(outputPath),
        format: 'audio/wav',
        createdAt,
        application: APPLICATION,
        operations: [this.request.operation],
        models: this.request.models,
        consents: this.request.consents,
        sources: this.request.sources,
        watermark: { id: this.watermarkId, video: false, audio: true },
        visibleLabel: false,
      });
      const signed = await signMediaFile({ inputPath: outputPath, definition, credentials });
      return {
        renderId: this.renderId,
        watermarkId: this.watermarkId,
        c2paFormat: signed.format,
        signer: summarizeCredentials(credentials).subject,
        consentIds: this.request.consents.map((consent) => consent.consentId),
      };
    } catch (error) {
      await rm(outputPath, { force: true });
      throw error;
    }
  }
}

/** SHA-256 of a file, streamed (reference recordings and inputs can be long). */
export async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new StudioError(
      missing ? 'FILE_NOT_FOUND' : 'PERMISSION_DENIED',
      `Cannot read ${path}: ${missing ? 'there is no such file' : (error as Error).message}.`,
      { cause: error },
    );
  }
  return hash.digest('hex');
}

/** Sources for the manifest from plain files: their names and digests. */
export async function fileSourcesForManifest(paths: readonly string[]): Promise<SourceMedia[]> {
  return Promise.all(paths.map(async (path) => ({ title: basename(path), sha256: await fileSha256(path) })));
}
