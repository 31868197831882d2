// sha256 helpers. Model files are hashed from the same bytes that are then handed to onnxruntime,
// so a file swapped between "verify" and "load" cannot slip through.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';

export function sha256OfBytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export async function readFileWithSha256(path: string): Promise<{ bytes: Buffer; sha256: string }> {
  const bytes = await readFile(path);
  return { bytes, sha256: sha256OfBytes(bytes) };
}

/** Hex digests are compared case-insensitively; manifests are written lower-case. */
export function sameSha256(left: string, right: string): boolean {
  return left.toLowerCase() === right.toLowerCase();
}
