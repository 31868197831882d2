// Opens a candidate model file in a real onnxruntime session and checks its declared inputs and
// outputs against the pack manifest, before the file is named as installed. The session is created
// from the bytes that hash to `sha256` (the pool re-hashes them), so what was checked is what
// was downloaded or copied.
import { basename } from 'node:path';
import { StudioError } from '../../../shared/errors';
import type { InferenceSessionPool } from '../inference/sessionPool';
import type { PackSignature } from './modelPackManifest';
import type { SignatureMatch } from './packSignatureCheck';
import { matchAnySignature } from './packSignatureCheck';

export interface InspectModelFileRequest {
  path: string;
  sha256: string;
  /** The file as the user knows it, e.g. "inswapper_128.onnx (inswapper-128)". */
  label: string;
  /** What the model should be, e.g. "face swapper". */
  role: string;
  candidates: readonly PackSignature[];
}

export async function inspectModelFile(
  pool: InferenceSessionPool,
  request: InspectModelFileRequest,
): Promise<SignatureMatch> {
  let lease;
  try {
    lease = await pool.acquire({
      modelId: `model-pack-check:${request.label}`,
      modelPath: request.path,
      expectedSha256: request.sha256,
      provider: 'cpu',
    });
  } catch (error) {
    if (error instanceof StudioError && error.code === 'MODEL_CORRUPT') {
      throw new StudioError(
        'MODEL_CORRUPT',
        `${request.label} is not an ONNX model onnxruntime can load (${basename(request.path)}): ${error.message.replace(/^Model "[^"]*": /, '')}`,
        { cause: error },
      );
    }
    throw error;
  }
  try {
    const result = matchAnySignature(request.candidates, {
      inputs: lease.inputMetadata,
      outputs: lease.outputMetadata,
    });
    if (!result.ok) {
      throw new StudioError(
        'MODEL_SIGNATURE_MISMATCH',
        `${request.label} is not the expected ${request.role}: ${result.explanation}.`,
      );
    }
    return result.match;
  } finally {
    lease.release();
  }
}
