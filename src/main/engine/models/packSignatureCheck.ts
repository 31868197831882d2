// Checks what an ONNX session really declares against a pack manifest's signature. Unlike the
// embedded models (whose every name is known), pack models come from third parties: a null name in
// the manifest is matched by position; a fixed size in the manifest accepts a model that leaves
// that axis dynamic (most exports have a dynamic batch axis); a named size accepts anything. The
// result keeps the real names in manifest order, so engines feed and read tensors by them.
import type { SessionValueMetadata } from '../inference/sessionSignature';
import type { PackSignature, PackTensor } from './modelPackManifest';
import type { RecordedTensor } from './modelStore';

export interface SignatureMatch {
  label: string;
  /** The model's real tensors, in the manifest's order. */
  inputs: RecordedTensor[];
  outputs: RecordedTensor[];
}

export type SignatureCheck = { ok: true; match: SignatureMatch } | { ok: false; differences: string[] };

interface ActualSignature {
  inputs: readonly SessionValueMetadata[];
  outputs: readonly SessionValueMetadata[];
}

function formatShape(shape: ReadonlyArray<number | string>): string {
  return `[${shape.join(',')}]`;
}

function describeActual(values: readonly SessionValueMetadata[]): string {
  if (values.length === 0) return 'none';
  return values
    .map((value) => `"${value.name}" ${value.type ?? '?'} ${formatShape(value.shape ?? [])}`)
    .join(', ');
}

function describeExpected(tensors: readonly PackTensor[]): string {
  return tensors
    .map(
      (tensor) =>
        `${tensor.name === null ? '(any name)' : `"${tensor.name}"`} ${tensor.dtype} ${formatShape(tensor.shape)}`,
    )
    .join(', ');
}

function dimensionsAgree(expected: number | string, actual: number | string | undefined): boolean {
  if (typeof expected === 'string') return true;
  if (typeof actual !== 'number' || actual < 0) return true; // dynamic in the model
  return expected === actual;
}

function compareSide(
  side: 'input' | 'output',
  expected: readonly PackTensor[],
  actual: readonly SessionValueMetadata[],
): { differences: string[]; matched: RecordedTensor[] } {
  const differences: string[] = [];
  const matched: RecordedTensor[] = [];
  if (expected.length !== actual.length) {
    differences.push(
      `the model has ${actual.length} ${side}${actual.length === 1 ? '' : 's'} (${describeActual(actual)}), expected ${expected.length} (${describeExpected(expected)})`,
    );
    return { differences, matched };
  }
  expected.forEach((tensor, index) => {
    const value =
      tensor.name === null ? actual[index] : actual.find((candidate) => candidate.name === tensor.name);
    const what = tensor.name === null ? `${side} ${index}` : `${side} "${tensor.name}"`;
    if (value === undefined) {
      differences.push(`${what} is missing (the model's ${side}s: ${describeActual(actual)})`);
      return;
    }
    const named = tensor.name === null ? `${what} ("${value.name}")` : what;
    if (!value.isTensor) {
      differences.push(`${named} is not a tensor`);
      return;
    }
    if (value.type !== undefined && value.type !== tensor.dtype) {
      differences.push(`${named} is ${value.type}, expected ${tensor.dtype}`);
    }
    const shape = value.shape ?? [];
    // onnxruntime reports [] when a model declares no shape (and for scalars): nothing to compare.
    if (shape.length > 0) {
      const agrees =
        shape.length === tensor.shape.length &&
        tensor.shape.every((dimension, axis) => dimensionsAgree(dimension, shape[axis]));
      if (!agrees)
        differences.push(`${named} has shape ${formatShape(shape)}, expected ${formatShape(tensor.shape)}`);
    }
    matched.push({
      name: value.name,
      dtype: value.type ?? tensor.dtype,
      shape: shape.length > 0 ? [...shape] : [...tensor.shape],
    });
  });
  return { differences, matched };
}

export function checkSignature(expected: PackSignature, actual: ActualSignature): SignatureCheck {
  const inputs = compareSide('input', expected.inputs, actual.inputs);
  const outputs = compareSide('output', expected.outputs, actual.outputs);
  const differences = [...inputs.differences, ...outputs.differences];
  if (differences.length > 0) return { ok: false, differences };
  return { ok: true, match: { label: expected.label, inputs: inputs.matched, outputs: outputs.matched } };
}

/**
 * The first accepted signature the model matches, or the differences from each (the main
 * signature's first) in one sentence that names what differs.
 */
export function matchAnySignature(
  candidates: readonly PackSignature[],
  actual: ActualSignature,
): { ok: true; match: SignatureMatch } | { ok: false; explanation: string } {
  const failures: string[] = [];
  for (const candidate of candidates) {
    const result = checkSignature(candidate, actual);
    if (result.ok) return result;
    failures.push(
      candidates.length === 1
        ? result.differences.join('; ')
        : `as ${candidate.label}: ${result.differences.join('; ')}`,
    );
  }
  return { ok: false, explanation: failures.join('. Nor ') };
}
