// Browser-mode composition root: `node out/main/serve.js [--port N]`. Serves the built renderer and
// the studio's services on 127.0.0.1 and prints the URL with its access token.
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startBrowserHost } from './browserHost/browserHost';
import { workerThreadsStopped } from './engine/render/workerThreadStop';
import { createStudio } from './services/createStudio';
import { resolveDataDir } from './userData/dataDir';

export const DEFAULT_BROWSER_PORT = 5817;

function rendererDirNextToThisFile(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return resolve(here, '../renderer');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      'renderer-dir': { type: 'string' },
    },
  });
  const rendererDir = values['renderer-dir'] ?? rendererDirNextToThisFile();
  if (!existsSync(resolve(rendererDir, 'index.html'))) {
    console.error(
      `The renderer is not built (${rendererDir}/index.html is missing). Run \`npm run build\` first.`,
    );
    process.exit(1);
  }
  const studio = createStudio({ mode: 'browser', dataDir: resolveDataDir() });
  const wantedPort = values.port !== undefined ? Number(values.port) : DEFAULT_BROWSER_PORT;
  let host;
  try {
    host = await startBrowserHost({ studio, rendererDir, port: wantedPort });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || values.port !== undefined) throw error;
    host = await startBrowserHost({ studio, rendererDir, port: 0 }); // default port busy: any free one
  }
  console.log(`Doppel Studio is running in browser mode: ${host.url}`);
  console.log('Open that URL in Chromium, Chrome, Edge or Firefox. Press Ctrl+C to stop.');
  const stop = async () => {
    await host.close();
    studio.dispose(); // closes the project, checkpointing its WAL
    await workerThreadsStopped(); // a model thread must not be mid-inference when the process exits
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
