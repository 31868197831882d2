// doppel inspect FILE [--json]: the media inspector on the command line. With --json it prints
// exactly the inspector's report: {"c2pa": {present, valid, …}, "watermark": {found, renderId,
// bitAccuracy, …}, "cues": […], "contentSafety": {status, summary, …}}. Inspecting a tampered or unsigned file is a successful
// inspection (exit 0); only a file that cannot be read fails.
import { CUES_ARE_HINTS, type InspectionReport } from '../../shared/model/provenanceSchemas';
import type { Studio } from '../services/createStudio';
import { printResult, UsageError, type CliContext } from './cliOutput';

function percent(value: number | null): string {
  return value === null ? '-' : `${Math.round(value * 1000) / 10}%`;
}

export function formatInspection(path: string, report: InspectionReport): string {
  const { c2pa, watermark, cues } = report;
  const lines = [`Inspection of ${path}`, '', `C2PA manifest: ${c2pa.summary}`];
  for (const action of c2pa.actions) {
    const ai = action.digitalSourceType?.toLowerCase().endsWith('trainedalgorithmicmedia')
      ? ' [AI-generated]'
      : '';
    lines.push(`  - ${action.action}${ai}${action.description ? `: ${action.description}` : ''}`);
  }
  for (const model of c2pa.render?.models ?? [])
    lines.push(`  model: ${model.name} (licence: ${model.licence})`);
  for (const consent of c2pa.render?.consents ?? []) {
    lines.push(
      `  consent: ${consent.identityKind} identity, "${consent.scope}", granted ${consent.grantedAt} (record ${consent.consentId})`,
    );
  }
  for (const failure of c2pa.failures) lines.push(`  ! ${failure.code}: ${failure.explanation}`);
  lines.push('', `Watermark: ${watermark.summary}`);
  if (watermark.found) {
    lines.push(
      `  render ${watermark.renderId}, bit accuracy ${percent(watermark.bitAccuracy)}, confidence ${percent(watermark.confidence)}`,
    );
  }
  const safety = report.contentSafety;
  lines.push('', `Content safety: ${safety.summary}`);
  for (const classifier of safety.classifiers)
    lines.push(
      `  ${classifier.modelId}: highest sexual-content score ${classifier.highestSexualScore.toFixed(3)}`,
    );
  lines.push('', `Deepfake cues. ${CUES_ARE_HINTS}`);
  for (const cue of cues) {
    const value = cue.value === null ? '' : ` ${cue.value}${cue.unit ? ` ${cue.unit}` : ''} (${cue.level})`;
    lines.push(`  ${cue.name}:${value} ${cue.finding}`, `    ${cue.explanation}`);
  }
  return lines.join('\n');
}

export async function inspectCommand(studio: Studio, context: CliContext, args: string[]): Promise<number> {
  const [file, extra] = args;
  if (!file || extra !== undefined) throw new UsageError('usage: doppel inspect FILE [--json]');
  const report = await studio.services.inspector.inspect({ path: file });
  printResult(context, report, formatInspection(file, report));
  return 0;
}
