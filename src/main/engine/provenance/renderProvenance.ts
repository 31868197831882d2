// The integration API the render pipeline calls (issue 8): consent, watermarks, visible label and
// C2PA signing for one render, with no provenance logic inside the pipeline itself.
//
//   const provenance = await beginRenderProvenance({ ...facts, ledger, dataDir, workDir });
//     -> throws CONSENT_MISSING (naming the identities) before any work, CERTIFICATE_INVALID if
//        the signing key is unusable, UNSUPPORTED_FORMAT for containers C2PA cannot sign
//   const extension = await provenance.encodeExtension();
//     -> one object shaped like engine/render's EncodeStageExtension (return it from an
//        EncodeStageContributor):
//        inputs + videoFilter: the visible label (if asked for) laid over the picture, then the
//          watermark pattern added by ffmpeg (frames never enter JS), which also covers the label
//        transformAudio: the audio watermark on the mixed PCM
//        afterEncode: signs the C2PA manifest into the temporary file; returns the summary to
//        store as the render's manifest
//   provenance.videoOffsets / addVideoWatermarkToYuvFrame: for frames that are in JS anyway.
import { basename, extname } from 'node:path';
import { StudioError } from '../../../shared/errors';
import { signMediaFile } from './c2pa/c2paSigner';
import {
  buildRenderManifestDefinition,
  type AiOperation,
  type ConsentReference,
  type ModelUse,
  type SourceMedia,
} from './c2pa/renderManifest';
import {
  loadSigningCredentials,
  summarizeCredentials,
  type SigningCredentials,
} from './c2pa/signingCredentials';
import type { ConsentLedger } from './consent/consentLedger';
import {
  visibleLabelInputArguments,
  visibleLabelOverlayFragment,
  writeVisibleLabelPng,
} from './labels/visibleLabel';
import { AudioWatermarkEmbedder } from './watermark/audioWatermarkEmbedder';
import { videoWatermarkLumaOffsets } from './watermark/videoWatermarkLayout';
import {
  videoWatermarkFilterFragment,
  videoWatermarkPatternInputArguments,
  writeVideoWatermarkPattern,
} from './watermark/videoWatermarkFilter';
import { encodeWatermarkCodeword, watermarkIdForRender } from './watermark/watermarkPayload';

/** Output containers a C2PA manifest can be embedded in (ISO BMFF). */
const SIGNABLE_EXTENSIONS = new Set(['.mp4', '.m4v', '.mov']);

export interface RenderProvenanceRequest {
  renderId: string;
  /** Every face and voice identity the render uses (face swaps, cloned voices, lip-sync targets). */
  identityIds: readonly string[];
  ledger: Pick<ConsentLedger, 'assertConsentForRender'>;
  /** The user data folder: the signing key lives there. */
  dataDir: string;
  /** A folder of the render's own for the pattern and label files (the caller deletes it). */
  workDir: string;
  /** The final output path (its name becomes the manifest's title). */
  outputPath: string;
  video: { width: number; height: number };
  /** The mixed audio the encoder receives (interleaved float32); null for renders without sound. */
  audio: { sampleRate: number; channels: number } | null;
  application: { name: string; version: string };
  operations: AiOperation[];
  models: ModelUse[];
  sources: SourceMedia[];
  /** Burn a visible "AI-GENERATED" label (or this text) into the corner. */
  visibleLabel?: boolean | { text: string };
  now?: () => Date;
}

/** Structurally an engine/render EncodeStageExtension (kept local so neither side imports the other). */
export interface ProvenanceEncodeExtension {
  name: string;
  inputs?: readonly (readonly string[])[];
  videoFilter?(labels: { input: string; output: string; inputIndexes: number[] }): string;
  transformAudio?(samples: Float32Array, firstSampleFrame: number): Float32Array;
  afterEncode?(temporaryPath: string): Promise<SignedRenderSummary>;
}

/** What the render stores as its manifest (JSON-safe). */
export interface SignedRenderSummary {
  renderId: string;
  signedAt: string;
  c2pa: { format: string; signer: ReturnType<typeof summarizeCredentials>; milliseconds: number };
  watermark: { id: string; video: boolean; audio: boolean };
  consents: ConsentReference[];
  models: ModelUse[];
  visibleLabel: boolean;
}

export interface RenderProvenance {
  readonly renderId: string;
  /** The 64-bit tag both watermarks carry (the start of the render id). */
  readonly watermarkId: string;
  readonly consents: ConsentReference[];
  encodeExtension(): Promise<ProvenanceEncodeExtension>;
  /** Luma offsets for frames watermarked in JS (see videoWatermarkFrameEmbedder.ts). */
  videoOffsets(): Int8Array;
  /** Signs a finished file in place (what the watermark extension's afterEncode does). */
  sign(filePath: string): Promise<SignedRenderSummary>;
}

function labelText(option: RenderProvenanceRequest['visibleLabel']): string | null {
  if (!option) return null;
  return option === true ? 'AI-GENERATED' : option.text;
}

export async function beginRenderProvenance(request: RenderProvenanceRequest): Promise<RenderProvenance> {
  // Consent first: a refused render must not have touched anything.
  const consents = request.ledger.assertConsentForRender(request.identityIds);
  const extension = extname(request.outputPath).toLowerCase();
  if (!SIGNABLE_EXTENSIONS.has(extension)) {
    throw new StudioError(
      'UNSUPPORTED_FORMAT',
      `${request.outputPath}: every render carries a signed C2PA manifest, which can be embedded in MP4 and MOV files only. Choose .mp4 or .mov.`,
    );
  }
  const credentials: SigningCredentials = await loadSigningCredentials(request.dataDir);
  const now = request.now ?? (() => new Date());
  const watermarkId = watermarkIdForRender(request.renderId);
  const codeword = encodeWatermarkCodeword(watermarkId);
  const label = labelText(request.visibleLabel);
  let offsets: Int8Array | null = null;

  const sign = async (filePath: string): Promise<SignedRenderSummary> => {
    const signedAt = now().toISOString();
    const definition = buildRenderManifestDefinition({
      renderId: request.renderId,
      title: basename(request.outputPath),
      format: extension === '.mov' ? 'video/quicktime' : 'video/mp4',
      createdAt: signedAt,
      application: request.application,
      operations: request.operations,
      models: request.models,
      consents,
      sources: request.sources,
      watermark: { id: watermarkId, video: true, audio: request.audio !== null },
      visibleLabel: label !== null,
    });
    const signed = await signMediaFile({ inputPath: filePath, definition, credentials });
    return {
      renderId: request.renderId,
      signedAt,
      c2pa: {
        format: signed.format,
        signer: summarizeCredentials(credentials),
        milliseconds: Math.round(signed.milliseconds),
      },
      watermark: { id: watermarkId, video: true, audio: request.audio !== null },
      consents,
      models: request.models,
      visibleLabel: label !== null,
    };
  };

  return {
    renderId: request.renderId,
    watermarkId,
    consents,
    videoOffsets() {
      offsets ??= videoWatermarkLumaOffsets(codeword, request.video.width, request.video.height);
      return offsets;
    },
    sign,
    async encodeExtension() {
      const { width, height } = request.video;
      const inputs: string[][] = [];
      let labelMargin = 0;
      if (label !== null) {
        const written = await writeVisibleLabelPng({
          folder: request.workDir,
          frameWidth: width,
          frameHeight: height,
          text: label,
        });
        inputs.push(visibleLabelInputArguments(written.pngPath));
        labelMargin = written.layout.margin;
      }
      const pattern = await writeVideoWatermarkPattern({ codeword, width, height, folder: request.workDir });
      offsets = pattern.offsets;
      inputs.push(videoWatermarkPatternInputArguments(pattern.patternPath, width, height));
      const audioEmbedder = request.audio
        ? new AudioWatermarkEmbedder({
            codeword,
            sampleRate: request.audio.sampleRate,
            channels: request.audio.channels,
          })
        : null;
      return {
        name: 'provenance (label, watermark, C2PA)',
        inputs,
        videoFilter: ({ input, output, inputIndexes }) => {
          const patternInputIndex = inputIndexes[inputIndexes.length - 1] as number;
          if (label === null) return videoWatermarkFilterFragment({ input, output, patternInputIndex });
          const labelled = `${output}_labelled`;
          return (
            visibleLabelOverlayFragment({
              input,
              output: labelled,
              labelInputIndex: inputIndexes[0] as number,
              margin: labelMargin,
            }) +
            ';' +
            videoWatermarkFilterFragment({ input: labelled, output, patternInputIndex })
          );
        },
        ...(audioEmbedder
          ? {
              transformAudio: (samples: Float32Array, first: number) => audioEmbedder.process(samples, first),
            }
          : {}),
        afterEncode: sign,
      };
    },
  };
}
