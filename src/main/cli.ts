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
import { voiceCommand } from './cli/voiceCommand';
import { lipsyncCommand } from './cli/lipsyncCommand';
import { modelsCommand } from './cli/modelsCommand';
import { swapCommand } from './cli/swapCommand';

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
  doppel voice --ref REF.wav [--ref …] (--in SPEECH.wav | --text "…") -o OUT.wav [--engine dsp|rvc] [--json]
                                               speech (or text) moved towards a reference voice (with consent)
  doppel lipsync --video IN --audio SPEECH -o OUT [--engine classical|wav2lip] [--model W2L.onnx] [--json]
                                               make the face in a video say new speech (its length is kept)
  doppel swap --face PHOTO --video IN -o OUT --consent-subject NAME [--engine classical|inswapper] [--json]
                                               put the face of PHOTO (whose subject agreed) onto the faces of IN
  doppel identity list|add FILE.doppel …       face and voice identities ("doppel identity" for options)
  doppel consent grant|revoke|list|check …     consent records ("doppel consent" for options)
  doppel models list|install PACK|import PACK FILE PATH|uninstall PACK [--json]
                                               neural model packs: licences, sizes, install with progress ("doppel models" for options)

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
    // voice parses its own options (--ref, --text "…"): hand it the raw arguments.
    if (command === 'voice') return await voiceCommand(studio, full, argv.slice(argv.indexOf('voice') + 1));
    // lipsync parses its own options (--video IN): hand it the raw arguments.
    if (command === 'lipsync')
      return await lipsyncCommand(studio, full, argv.slice(argv.indexOf('lipsync') + 1));
    // swap parses its own options (--consent-subject "Ann Lee"): hand it the raw arguments.
    if (command === 'swap') return await swapCommand(studio, full, argv.slice(argv.indexOf('swap') + 1));
    // models parses its own options (--accept-licence): hand it the raw arguments.
    if (command === 'models')
      return await modelsCommand(studio, full, argv.slice(argv.indexOf('models') + 1));
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
