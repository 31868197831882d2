// The `doppel` command line: the same services as the app, on plain files, with progress bars.
// Later issues add render, swap, lipsync, voice, faces and inspect here.
import { parseArgs } from 'node:util';
import { APP_VERSION } from './appVersion';
import { createStudio } from './services/createStudio';
import { resolveDataDir } from './userData/dataDir';
import { EXIT_FAILED, EXIT_USAGE, printError, UsageError, type CliContext } from './cli/cliOutput';
import { importCommand, projectInfoCommand, projectNewCommand } from './cli/projectCommands';
import { renderCommand } from './cli/renderCommand';
import { consentCommands } from './cli/consentCommands';
import { inspectCommand } from './cli/inspectCommand';
import { facesCommand } from './cli/facesCommand';

const HELP = `Doppel Studio ${APP_VERSION} — command line

usage:
  doppel --version
  doppel project new FILE.doppel [--json]      create a project
  doppel project info FILE.doppel [--json]     show a project, its assets and timeline
  doppel import FILE.doppel MEDIA... [--json]  import video, audio and images
  doppel render FILE.doppel -o OUT [--preset P] [--codec C] [--from S] [--to S] [--json]
                                               render the timeline ("doppel render" lists every option)
  doppel inspect FILE [--json]                 C2PA manifest, studio watermark and deepfake cues of any media file
  doppel faces FILE [--every N] [--embeddings] [--json]
                                               faces of a photo or video: boxes, 468-point meshes, tracks
  doppel identity list|add FILE.doppel …       face and voice identities ("doppel identity" for options)
  doppel consent grant|revoke|list|check …     consent records ("doppel consent" for options)

Set DOPPEL_HOME to keep the studio's data (models, keys, recent projects) in another folder.`;

export async function runCli(argv: string[], context: Omit<CliContext, 'json'>): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: false,
    options: {
      json: { type: 'boolean' },
      version: { type: 'boolean', short: 'v' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const full: CliContext = { ...context, json: values.json === true };
  if (values.version) {
    full.stdout(full.json ? JSON.stringify({ version: APP_VERSION }) : `doppel ${APP_VERSION}`);
    return 0;
  }
  const [command, ...rest] = positionals;
  if (values.help || !command || command === 'help') {
    full.stdout(HELP);
    return command || values.help ? 0 : EXIT_USAGE;
  }
  const studio = createStudio({ mode: 'cli', dataDir: resolveDataDir() });
  try {
    if (command === 'project' && rest[0] === 'new')
      return await projectNewCommand(studio, full, rest.slice(1));
    if (command === 'project' && rest[0] === 'info')
      return await projectInfoCommand(studio, full, rest.slice(1));
    if (command === 'import') return await importCommand(studio, full, rest);
    // render parses its own options (-o OUT): hand it the raw arguments after the command.
    if (command === 'render')
      return await renderCommand(studio, full, argv.slice(argv.indexOf('render') + 1));
    if (command === 'inspect') return await inspectCommand(studio, full, rest);
    // faces parses its own options (--every N): hand it the raw arguments.
    if (command === 'faces') return await facesCommand(studio, full, argv.slice(argv.indexOf('faces') + 1));
    // identity/consent parse their own options (--subject "Ann Lee"): hand them the raw arguments.
    if (command === 'identity' || command === 'consent')
      return await consentCommands(studio, full, command, argv.slice(argv.indexOf(command) + 1));
    throw new UsageError(`unknown command "${[command, ...rest.slice(0, 1)].join(' ')}". Try: doppel help`);
  } catch (error) {
    if (error instanceof UsageError) {
      full.stderr(`doppel: ${error.message}`);
      return EXIT_USAGE;
    }
    printError(full, error);
    return EXIT_FAILED;
  } finally {
    studio.dispose();
  }
}

// Run when executed directly (node out/main/cli.js, bin/doppel.js, or tsx src/main/cli.ts).
const invokedDirectly = process.argv[1] !== undefined && /cli\.(ts|js|mjs)$/.test(process.argv[1]);
if (invokedDirectly || process.env.DOPPEL_CLI_MAIN === '1') {
  runCli(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(`${text}\n`),
    stderr: (text) => process.stderr.write(`${text}\n`),
    interactive: process.stderr.isTTY === true,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
