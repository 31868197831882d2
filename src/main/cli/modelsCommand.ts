// doppel models list [--json]
// doppel models install PACK [--optional] --accept-licence [--json]
// doppel models import PACK FILE PATH [--name NAME] --accept-licence [--json]
// doppel models uninstall PACK [FILE] [--json]
// Model packs (neural face swap, lip sync, voice): what they hold, their licences, and install
// status; install downloads from the public URLs (or DOPPEL_MODEL_MIRROR) with a progress bar,
// resuming earlier partial downloads; Ctrl-C cancels and keeps what arrived for next time.
// Licences are printed first and must be accepted with --accept-licence.
import {
  packSizeText,
  type ModelPack,
  type ModelPackFile,
  type ModelPackList,
} from '../../shared/contracts/modelsContract';
import type { Studio } from '../services/createStudio';
import { parseCommandArguments } from './cliArguments';
import { EXIT_USAGE, printResult, UsageError, type CliContext } from './cliOutput';
import { createProgressReporter } from './progressBar';

const USAGE = `usage:
  doppel models list [--json]
  doppel models install PACK [--optional] --accept-licence [--json]
  doppel models import PACK FILE PATH [--name NAME] --accept-licence [--json]
  doppel models uninstall PACK [FILE] [--json]
FILE is a file id of the pack (see "doppel models list"), or a kind of file you bring (e.g. rvc-v2-voice, with --name).
Set DOPPEL_MODEL_MIRROR=URL to download every file from <URL>/<pack>/<file> instead of the public hosts.`;

function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GiB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KiB`;
}

function fileSize(file: ModelPackFile): string {
  if (file.bytes !== null) return formatBytes(file.bytes);
  if (file.approximateBytes !== null) return `about ${formatBytes(file.approximateBytes)}`;
  return 'size unknown';
}

const COMMERCIAL = { yes: 'commercial use allowed', no: 'NON-COMMERCIAL', unknown: 'commercial use unknown' };
const INTEGRITY = {
  'sha256-verified': 'sha256 verified',
  'crc32-verified': 'CRC32 verified, own sha256 recorded',
  unverified: 'unverified source hash',
};

function describeFile(file: ModelPackFile): string[] {
  const status = file.installed
    ? `installed (${INTEGRITY[file.installed.integrity]}${file.installed.differsFromPublishedSha256 ? ', differs from the published sha256' : ''})`
    : file.partialBytes > 0
      ? `partly downloaded (${formatBytes(file.partialBytes)}, resumes on install)`
      : 'not installed';
  return [
    `  ${file.id}${file.optional ? ' (optional)' : ''}: ${file.fileName}, ${fileSize(file)} — ${status}`,
    `    licence: ${file.licence.name} — ${COMMERCIAL[file.licence.commercialUse]} (${file.licence.url})`,
    `    hash: ${file.publishedSha256 ? `sha256 ${file.publishedSha256}` : file.integrityKind === 'crc32-sidecar' ? 'CRC32 sidecar only' : 'none published'}`,
  ];
}

function describePack(pack: ModelPack): string {
  const lines = [
    `${pack.id} — ${pack.name} [${pack.status}]${pack.nonCommercial ? ' NON-COMMERCIAL' : ''}`,
    `  download: ${packSizeText(pack, formatBytes)}; used by: ${pack.usedBy}`,
    ...pack.files.flatMap(describeFile),
  ];
  for (const kind of pack.userFileKinds) {
    lines.push(
      `  ${kind.kind} (files you import): ${kind.installed.map((file) => file.label).join(', ') || 'none yet'}`,
    );
  }
  return lines.join('\n');
}

function licenceNotice(pack: ModelPack, includeOptional: boolean): string {
  const files = pack.files.filter((file) => includeOptional || !file.optional);
  return [
    `Licences of "${pack.name}":`,
    ...files.map(
      (file) =>
        `  ${file.fileName}: ${file.licence.name} — ${COMMERCIAL[file.licence.commercialUse]} (${file.licence.url})${file.licence.note ? `\n    ${file.licence.note}` : ''}`,
    ),
  ].join('\n');
}

function findPack(list: ModelPackList, packId: string): ModelPack {
  const pack = list.packs.find((candidate) => candidate.id === packId);
  if (!pack)
    throw new UsageError(
      `there is no model pack "${packId}" (known: ${list.packs.map((known) => known.id).join(', ')}).`,
    );
  return pack;
}

export async function modelsCommand(studio: Studio, context: CliContext, args: string[]): Promise<number> {
  const parsed = parseCommandArguments(
    {
      args,
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean' },
        optional: { type: 'boolean' },
        'accept-licence': { type: 'boolean' },
        name: { type: 'string' },
      },
    },
    USAGE,
  );
  const { values, positionals } = parsed;
  const [action, packId, ...rest] = positionals;
  if (action === undefined) {
    context.stdout(USAGE);
    return EXIT_USAGE;
  }
  const models = studio.services.models;
  const list = await models.listPacks({});
  if (action === 'list') {
    printResult(
      context,
      list,
      [
        ...list.packs.map(describePack),
        ...(list.mirror ? [`(downloads come from the mirror ${list.mirror})`] : []),
      ].join('\n\n'),
    );
    return 0;
  }
  if (packId === undefined) throw new UsageError(`give the pack.\n${USAGE}`);
  const pack = findPack(list, packId);
  if (action === 'uninstall') {
    await models.uninstall({ packId, ...(rest[0] ? { fileId: rest[0] } : {}) });
    printResult(
      context,
      { packId, fileId: rest[0] ?? null, uninstalled: true },
      `Uninstalled ${rest[0] ?? pack.name}.`,
    );
    return 0;
  }
  if (action !== 'install' && action !== 'import')
    throw new UsageError(`unknown action "${action}".\n${USAGE}`);
  const includeOptional = values.optional === true;
  if (values['accept-licence'] !== true) {
    context.stderr(licenceNotice(pack, includeOptional));
    throw new UsageError('read the licences above; to go ahead, run the same command with --accept-licence.');
  }
  if (action === 'import') {
    const [fileId, path] = rest;
    if (fileId === undefined || path === undefined)
      throw new UsageError(`give the file id and the path.\n${USAGE}`);
    const installed = await models.importFile({
      packId,
      fileId,
      path,
      name: values.name,
      acceptLicences: true,
    });
    printResult(
      context,
      installed,
      `Imported ${path} as ${installed.fileId} (${INTEGRITY[installed.integrity]}; sha256 ${installed.sha256}).`,
    );
    return 0;
  }
  if (!context.json) context.stderr(licenceNotice(pack, includeOptional));
  const progress = createProgressReporter(context, `Installing ${pack.id}`);
  const subscription = models.onDidInstallProgress((event) => {
    if (event.packId !== packId || event.phase !== 'downloading') return;
    const total = event.totalBytes ?? event.receivedBytes;
    progress.update(
      Math.round(event.receivedBytes / 1024 ** 2),
      Math.max(1, Math.round(total / 1024 ** 2)),
      `MiB ${event.fileName} (${event.fileIndex + 1}/${event.fileCount})`,
    );
  });
  const cancelOnInterrupt = () => void models.cancelInstall({ packId });
  process.once('SIGINT', cancelOnInterrupt);
  try {
    const result = await models.install({ packId, includeOptional, acceptLicences: true });
    progress.stop(); // before the summary line
    printResult(
      context,
      result,
      result.installed.length === 0
        ? `Nothing to do: ${result.alreadyInstalled.join(', ')} already installed.`
        : `Installed ${result.installed.join(', ')} into ${list.folder}/${packId}.`,
    );
    return 0;
  } finally {
    progress.stop();
    subscription.dispose();
    process.off('SIGINT', cancelOnInterrupt);
  }
}
