// Reads and validates the C2PA manifest of any file: signature, certificate (against the trust
// anchors given: the installation's own certificate), and the hard binding (the hash of the media
// bytes, so one changed byte of the video makes the manifest invalid).
import { stat } from 'node:fs/promises';
import { StudioError } from '../../../../shared/errors';
import { FileBackedBlob, withC2pa } from './c2paRuntime';
import { sniffC2paFormatOfFile } from './c2paFormats';
import { DOPPEL_RENDER_ASSERTION, type DoppelRenderAssertion } from './renderManifest';

export type C2paValidationState = 'Invalid' | 'Valid' | 'Trusted';

export interface C2paStatusEntry {
  code: string;
  explanation: string;
}

export interface C2paActionSummary {
  action: string;
  digitalSourceType: string | null;
  description: string | null;
  when: string | null;
}

export interface C2paManifestSummary {
  label: string;
  title: string | null;
  claimGenerator: string | null;
  signer: { issuer: string | null; commonName: string | null; algorithm: string | null };
  actions: C2paActionSummary[];
  /** Some action declares trainedAlgorithmicMedia (or composite with it). */
  aiGenerated: boolean;
  /** The studio's own assertion, when the file is a Doppel Studio render. */
  doppelRender: DoppelRenderAssertion | null;
}

export interface C2paReport {
  present: boolean;
  /** The manifest's signature and hashes hold (Valid or Trusted); null when there is none. */
  valid: boolean | null;
  /** The signer chains to a trust anchor we were given. */
  trusted: boolean | null;
  validationState: C2paValidationState | null;
  format: string | null;
  manifest: C2paManifestSummary | null;
  /** What failed (empty when valid); "signingCredential.untrusted" alone still counts as valid. */
  failures: C2paStatusEntry[];
  /** Why there is no manifest, in plain words. */
  note: string | null;
}

export interface ReadC2paOptions {
  /** PEM certificates to trust (the installation's own certificate). */
  trustAnchorsPem?: string;
}

function absent(format: string | null, note: string): C2paReport {
  return {
    present: false,
    valid: null,
    trusted: null,
    validationState: null,
    format,
    manifest: null,
    failures: [],
    note,
  };
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function summarizeManifest(label: string, manifest: Record<string, unknown>): C2paManifestSummary {
  const assertions = Array.isArray(manifest.assertions)
    ? (manifest.assertions as Array<Record<string, unknown>>)
    : [];
  const actions: C2paActionSummary[] = assertions
    .filter((assertion) => String(assertion.label).startsWith('c2pa.actions'))
    .flatMap(
      (assertion) =>
        ((assertion.data as { actions?: unknown[] } | undefined)?.actions ?? []) as Array<
          Record<string, unknown>
        >,
    )
    .map((action) => ({
      action: String(action.action),
      digitalSourceType: text(action.digitalSourceType),
      description: text(action.description),
      when: text(action.when),
    }));
  const render = assertions.find((assertion) => assertion.label === DOPPEL_RENDER_ASSERTION)?.data;
  const generator = (manifest.claim_generator_info as Array<Record<string, unknown>> | undefined)?.[0];
  const signature = (manifest.signature_info ?? {}) as Record<string, unknown>;
  return {
    label,
    title: text(manifest.title),
    claimGenerator: generator
      ? [text(generator.name), text(generator.version)].filter(Boolean).join(' ')
      : text(manifest.claim_generator),
    signer: {
      issuer: text(signature.issuer),
      commonName: text(signature.common_name),
      algorithm: text(signature.alg),
    },
    actions,
    aiGenerated: actions.some(
      (action) => action.digitalSourceType?.toLowerCase().endsWith('trainedalgorithmicmedia') ?? false,
    ),
    doppelRender: render && typeof render === 'object' ? (render as DoppelRenderAssertion) : null,
  };
}

export async function readC2paManifest(path: string, options: ReadC2paOptions = {}): Promise<C2paReport> {
  const size = await stat(path).then(
    (info) => info.size,
    (error: unknown) => {
      throw new StudioError('FILE_NOT_FOUND', `${path} cannot be read: ${(error as Error).message}`, {
        cause: error,
      });
    },
  );
  if (size === 0) throw new StudioError('FILE_EMPTY', `${path} is empty.`);
  const format = sniffC2paFormatOfFile(path);
  if (!format) return absent(null, 'This file format cannot carry a C2PA manifest.');
  const settings = JSON.stringify({
    verify: { verify_trust: true, ocsp_fetch: false, remote_manifest_fetch: false },
    ...(options.trustAnchorsPem ? { trust: { user_anchors: options.trustAnchorsPem } } : {}),
  });
  return withC2pa(async (c2pa) => {
    let reader;
    try {
      reader = await c2pa.WasmReader.fromBlob(format, new FileBackedBlob(path, size).asBlob(), settings);
    } catch (error) {
      const reason = String(error);
      if (
        reason.includes('JumbfNotFound') ||
        reason.includes('ManifestNotFound') ||
        reason.includes('ProvenanceMissing')
      ) {
        return absent(format, 'No C2PA manifest found.');
      }
      if (reason.includes('UnsupportedType'))
        return absent(format, 'This file format cannot carry a C2PA manifest.');
      // A manifest is there but so broken c2pa cannot even parse it: that is a failed validation.
      return {
        present: true,
        valid: false,
        trusted: false,
        validationState: 'Invalid',
        format,
        manifest: null,
        failures: [{ code: 'manifest.unreadable', explanation: reason }],
        note: null,
      };
    }
    try {
      const store = JSON.parse(reader.json()) as Record<string, unknown>;
      const label = text(store.active_manifest);
      const manifests = (store.manifests ?? {}) as Record<string, Record<string, unknown>>;
      const active = label ? manifests[label] : undefined;
      const state = text(store.validation_state) as C2paValidationState | null;
      const results = store.validation_results as
        { activeManifest?: { failure?: C2paStatusEntry[] } } | undefined;
      const failures = (
        results?.activeManifest?.failure ??
        (store.validation_status as C2paStatusEntry[] | undefined) ??
        []
      ).map((entry) => ({ code: entry.code, explanation: entry.explanation ?? '' }));
      return {
        present: true,
        valid: state === 'Valid' || state === 'Trusted',
        trusted: state === 'Trusted',
        validationState: state,
        format,
        manifest: label && active ? summarizeManifest(label, active) : null,
        failures,
        note: null,
      };
    } finally {
      reader.free();
    }
  });
}
