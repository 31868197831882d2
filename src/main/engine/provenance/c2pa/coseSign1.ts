// The C2PA claim signature is a COSE_Sign1 structure (RFC 9052). c2pa-wasm hands our signer
// callback the claim bytes and expects the whole COSE_Sign1 back, padded to the size it reserved
// in the file (DESIGN.md §5), so we build it here:
//   18([ protected: bstr{1: alg, 33: x5chain}, unprotected: {"pad": bstr}, payload: nil, signature ])
// with the detached payload signed as Sig_structure ["Signature1", protected, h'', claim].
// x5chain sits in the protected header, as C2PA 2.x requires. ECDSA signatures are raw r||s
// (ieee-p1363), which is what COSE specifies (not DER).
import { constants, sign, type KeyObject } from 'node:crypto';
import { Encoder, Tag } from 'cbor-x';
import { StudioError } from '../../../../shared/errors';

export type C2paSigningAlgorithm = 'es256' | 'es384' | 'es512' | 'ps256' | 'ps384' | 'ps512' | 'ed25519';

const COSE_ALGORITHM_IDS: Record<C2paSigningAlgorithm, number> = {
  es256: -7,
  es384: -35,
  es512: -36,
  ps256: -37,
  ps384: -38,
  ps512: -39,
  ed25519: -8,
};
const COSE_SIGN1_TAG = 18;
const HEADER_ALGORITHM = 1;
const HEADER_X5CHAIN = 33;

// Plain CBOR: byte strings untagged, maps as maps, no cbor-x record extensions.
const cbor = new Encoder({
  useRecords: false,
  mapsAsObjects: false,
  tagUint8Array: false,
  variableMapSize: true,
});

function hashOf(algorithm: C2paSigningAlgorithm): string | null {
  if (algorithm === 'ed25519') return null;
  return `sha${algorithm.slice(2)}`;
}

/** Signs `data` the way COSE wants for `algorithm`. */
export function coseSignature(
  algorithm: C2paSigningAlgorithm,
  privateKey: KeyObject,
  data: Uint8Array,
): Buffer {
  const hash = hashOf(algorithm);
  if (algorithm.startsWith('es')) return sign(hash, data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
  if (algorithm.startsWith('ps')) {
    return sign(hash, data, {
      key: privateKey,
      padding: constants.RSA_PKCS1_PSS_PADDING,
      saltLength: Number(algorithm.slice(2)) / 8,
    });
  }
  return sign(null, data, privateKey);
}

export interface CoseSign1Request {
  algorithm: C2paSigningAlgorithm;
  privateKey: KeyObject;
  /** DER certificates, the signer's first. */
  certificateChain: readonly Uint8Array[];
  /** The claim bytes c2pa asks us to sign. */
  payload: Uint8Array;
  /** Exact size the result must have (c2pa reserved this much space in the file). */
  reserveSize: number;
}

export function buildCoseSign1(request: CoseSign1Request): Uint8Array {
  const chain = request.certificateChain.map((der) => Buffer.from(der));
  const protectedHeader = Buffer.from(
    cbor.encode(
      new Map<number, unknown>([
        [HEADER_ALGORITHM, COSE_ALGORITHM_IDS[request.algorithm]],
        [HEADER_X5CHAIN, chain.length === 1 ? chain[0] : chain],
      ]),
    ),
  );
  const toBeSigned = cbor.encode([
    'Signature1',
    protectedHeader,
    Buffer.alloc(0),
    Buffer.from(request.payload),
  ]);
  const signature = coseSignature(request.algorithm, request.privateKey, toBeSigned);
  const encode = (padLength: number): Buffer =>
    Buffer.from(
      cbor.encode(
        new Tag(
          [protectedHeader, new Map<string, unknown>([['pad', Buffer.alloc(padLength)]]), null, signature],
          COSE_SIGN1_TAG,
        ),
      ),
    );
  // The pad's own length prefix grows at 24, 256 and 65536 bytes: converge in a few steps.
  let padLength = 0;
  let encoded = encode(padLength);
  for (let attempt = 0; attempt < 8 && encoded.length !== request.reserveSize; attempt++) {
    padLength += request.reserveSize - encoded.length;
    if (padLength < 0) break;
    encoded = encode(padLength);
  }
  if (encoded.length !== request.reserveSize) {
    throw new StudioError(
      'INTERNAL',
      `The C2PA signature does not fit the ${request.reserveSize} bytes reserved for it (needs ${encode(0).length}).`,
    );
  }
  return new Uint8Array(encoded);
}

/** Bytes to reserve for a signature with this chain: the certificates plus room for the rest. */
export function reserveSizeFor(certificateChain: readonly Uint8Array[]): number {
  return certificateChain.reduce((sum, der) => sum + der.length, 0) + 2048;
}
