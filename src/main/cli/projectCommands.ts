// doppel project new FILE | doppel project info FILE | doppel import FILE.doppel MEDIA...
import { basename } from 'node:path';
import { formatTimecode } from '../../shared/time';
import type { Studio } from '../services/createStudio';
import { printResult, UsageError, type CliContext } from './cliOutput';
import { createProgressReporter } from './progressBar';

export async function projectNewCommand(
  studio: Studio,
  context: CliContext,
  args: string[],
): Promise<number> {
  const [file] = args;
  if (!file) throw new UsageError('usage: doppel project new FILE.doppel [--json]');
  const summary = await studio.services.project.create({ path: file });
  printResult(context, summary, `Created ${summary.path}`);
  return 0;
}

export async function projectInfoCommand(
  studio: Studio,
  context: CliContext,
  args: string[],
): Promise<number> {
  const [file] = args;
  if (!file) throw new UsageError('usage: doppel project info FILE.doppel [--json]');
  const summary = await studio.services.project.open({ path: file });
  const assets = await studio.services.media.list({});
  const timeline = await studio.services.timeline.get({});
  const lines = [
    `${summary.name} (${summary.path})`,
    `schema ${summary.schemaVersion}, ${summary.width}x${summary.height} @ ${summary.fps.num}/${summary.fps.den} fps`,
    `${assets.length} assets (${summary.missingAssetCount} missing), ${timeline.tracks.length} tracks, ${timeline.clips.length} clips`,
    ...assets.map(
      (asset) =>
        `  ${asset.status === 'missing' ? '!' : ' '} ${asset.kind.padEnd(5)} ${asset.durationUs === null ? '      -' : formatTimecode(asset.durationUs).padStart(7)}  ${asset.name}`,
    ),
  ];
  printResult(context, { ...summary, assets, timeline }, lines.join('\n'));
  return 0;
}

export async function importCommand(studio: Studio, context: CliContext, args: string[]): Promise<number> {
  const [file, ...media] = args;
  if (!file || media.length === 0) throw new UsageError('usage: doppel import FILE.doppel MEDIA... [--json]');
  await studio.services.project.open({ path: file });
  const progress = createProgressReporter(context, 'Importing');
  const subscription = studio.services.media.onDidImportProgress((event) =>
    progress.update(
      event.completed + event.failed,
      event.total,
      event.currentPath ? basename(event.currentPath) : '',
    ),
  );
  try {
    const result = await studio.services.media.import({ paths: media });
    progress.stop();
    const lines = [
      ...result.imported.map(
        (entry) => `${entry.duplicate ? 'already in project' : 'imported'}: ${entry.path}`,
      ),
      ...result.failed.map((entry) => `FAILED: ${entry.path}: ${entry.message}`),
    ];
    printResult(context, result, lines.join('\n'));
    return result.failed.length > 0 ? 1 : 0;
  } finally {
    subscription.dispose();
    progress.stop();
  }
}
