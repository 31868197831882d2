// Compares what an onnxruntime session really exposes (names, element types, shapes) with the
// model's manifest, so a wrong or swapped model fails at load time with a message that says what
// differs, instead of failing later inside pre/post-processing with a shape error.
import { StudioError } from '../../../shared/errors';
import type { ManifestTensor } from './modelManifest';

/** Structural subset of onnxruntime's InferenceSession.ValueMetadata. */
export interface SessionValueMetadata {
  readonly name: string;
  readonly isTensor: boolean;
  readonly type?: string;
  readonly shape?: ReadonlyArray<number | string>;
}

export interface ExpectedSignature {
  inputs: readonly ManifestTensor[];
  outputs: readonly ManifestTensor[];
}

function formatShape(shape: ReadonlyArray<number | string>): string {
  return `[${shape.join(',')}]`;
}

/** A manifest dimension that is -1 or a name accepts any dynamic dimension; numbers must match. */
function shapesAgree(
  expected: ReadonlyArray<number | string>,
  actual: ReadonlyArray<number | string>,
): boolean {
  if (expected.length !== actual.length) return false;
  return expected.every((dimension, axis) => {
    const other = actual[axis];
    const expectedDynamic = typeof dimension === 'string' || dimension < 0;
    const actualDynamic = typeof other === 'string' || other === undefined || other < 0;
    return expectedDynamic ? actualDynamic : dimension === other;
  });
}

function compareSide(
  side: 'input' | 'output',
  expected: readonly ManifestTensor[],
  actual: readonly SessionValueMetadata[],
): string[] {
  const differences: string[] = [];
  const actualByName = new Map(actual.map((value) => [value.name, value]));
  for (const tensor of expected) {
    const value = actualByName.get(tensor.name);
    if (value === undefined) {
      const present = actual.map((entry) => `"${entry.name}"`).join(', ');
      differences.push(`${side} "${tensor.name}" is missing (the model has ${present || 'none'})`);
      continue;
    }
    if (!value.isTensor) {
      differences.push(`${side} "${tensor.name}" is not a tensor`);
      continue;
    }
    if (value.type !== undefined && value.type !== tensor.dtype) {
      differences.push(`${side} "${tensor.name}" is ${value.type}, the manifest says ${tensor.dtype}`);
    }
    // onnxruntime reports [] when a model declares no shape; nothing to compare then.
    if (value.shape !== undefined && value.shape.length > 0 && !shapesAgree(tensor.shape, value.shape)) {
      differences.push(
        `${side} "${tensor.name}" has shape ${formatShape(value.shape)}, the manifest says ${formatShape(tensor.shape)}`,
      );
    }
  }
  const expectedNames = new Set(expected.map((tensor) => tensor.name));
  for (const value of actual) {
    if (!expectedNames.has(value.name))
      differences.push(`the model has an unexpected ${side} "${value.name}"`);
  }
  return differences;
}

export function findSignatureDifferences(
  expected: ExpectedSignature,
  actual: { inputs: readonly SessionValueMetadata[]; outputs: readonly SessionValueMetadata[] },
): string[] {
  return [
    ...compareSide('input', expected.inputs, actual.inputs),
    ...compareSide('output', expected.outputs, actual.outputs),
  ];
}

export function assertSignatureMatches(
  modelId: string,
  expected: ExpectedSignature,
  actual: { inputs: readonly SessionValueMetadata[]; outputs: readonly SessionValueMetadata[] },
): void {
  const differences = findSignatureDifferences(expected, actual);
  if (differences.length > 0) {
    throw new StudioError(
      'MODEL_SIGNATURE_MISMATCH',
      `Model "${modelId}" does not match its manifest: ${differences.join('; ')}.`,
    );
  }
}
