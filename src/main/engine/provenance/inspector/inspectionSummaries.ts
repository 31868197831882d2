// Plain-language sentences for the inspector: what the C2PA manifest and the watermark say, for
// people who do not know what a trust anchor or a bit accuracy is.
import type { C2paReport } from '../c2pa/c2paReader';
import type { WatermarkChannel } from '../../../../shared/model/provenanceSchemas';

export function c2paSummary(report: C2paReport): string {
  if (!report.present) return report.note ?? 'No C2PA manifest found.';
  const manifest = report.manifest;
  const signer = manifest?.signer.commonName ?? manifest?.signer.issuer ?? 'an unnamed signer';
  const declared = [
    manifest?.aiGenerated
      ? 'It declares that the content was made with a trained algorithm (AI-generated).'
      : null,
    manifest?.doppelRender ? `It describes Doppel Studio render ${manifest.doppelRender.renderId}.` : null,
  ].filter(Boolean);
  if (report.validationState === 'Trusted') {
    return [
      `Signed by "${signer}", a certificate this installation trusts; the signature and the media hash are intact.`,
      ...declared,
    ].join(' ');
  }
  if (report.validationState === 'Valid') {
    return [
      `Signed by "${signer}"; the signature and the media hash are intact, but this installation does not trust ` +
        'that certificate, so who signed cannot be confirmed.',
      ...declared,
    ].join(' ');
  }
  const reasons = report.failures.map((failure) => failure.explanation || failure.code).join('; ');
  return (
    `A C2PA manifest is present but does not validate${reasons ? ` (${reasons})` : ''}: the file was changed after ` +
    'it was signed, or the manifest is damaged. Do not rely on what it claims.'
  );
}

export function watermarkSummary(
  video: WatermarkChannel | null,
  audio: WatermarkChannel | null,
  matchesManifest: boolean | null,
): string {
  const found = [
    video?.found ? { where: 'the video', channel: video } : null,
    audio?.found ? { where: 'the sound', channel: audio } : null,
  ].filter((entry): entry is { where: string; channel: WatermarkChannel } => entry !== null);
  if (found.length === 0) {
    const looked = [video ? 'video' : null, audio ? 'sound' : null].filter(Boolean).join(' and ');
    return looked
      ? `None found: no Doppel Studio watermark in the ${looked}.`
      : 'None found: the file has no video or sound to look at.';
  }
  const ids = new Set(found.map((entry) => entry.channel.renderId));
  const parts = found.map(
    (entry) =>
      `${entry.where} (${Math.round((entry.channel.bitAccuracy ?? 0) * 1000) / 10}% of the 88 bits agree)`,
  );
  const first = found[0]!.channel.renderId;
  const match =
    matchesManifest === true
      ? ' It matches the render named in the C2PA manifest.'
      : matchesManifest === false
        ? ' It does NOT match the render named in the C2PA manifest: the file was re-labelled or re-used.'
        : '';
  const conflict =
    ids.size > 1
      ? ' The video and the sound name different renders (edited together from two renders?).'
      : '';
  return `The studio's invisible watermark was found in ${parts.join(' and ')}: render ${first} (the start of the render's id).${match}${conflict}`;
}
