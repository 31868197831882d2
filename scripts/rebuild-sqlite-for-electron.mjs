// Builds better-sqlite3 for the installed Electron's ABI into native/electron/better_sqlite3.node,
// leaving the Node build in node_modules untouched (the CLI, browser mode and tests use that one).
// Needs Electron's headers (downloaded by node-gyp from electronjs.org) and a C++ toolchain.
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const electronVersion = require('electron/package.json').version;
const sqliteDir = dirname(require.resolve('better-sqlite3/package.json'));
const work = mkdtempSync(join(tmpdir(), 'doppel-sqlite-electron-'));
cpSync(sqliteDir, work, { recursive: true, filter: (path) => !path.includes(`${sqliteDir}/build`) });

// npm ships node-gyp and tells scripts where it is (npm_config_node_gyp); fall back to a local one.
function findNodeGyp() {
  if (process.env.npm_config_node_gyp) return process.env.npm_config_node_gyp;
  try {
    return require.resolve('node-gyp/bin/node-gyp.js');
  } catch {
    console.error('node-gyp not found: run this through npm (npm start) or install node-gyp.');
    process.exit(1);
  }
}
const nodeGyp = findNodeGyp();
console.log(`Building better-sqlite3 for Electron ${electronVersion}…`);
const result = spawnSync(
  process.execPath,
  [
    nodeGyp,
    'rebuild',
    '--release',
    `--target=${electronVersion}`,
    '--dist-url=https://electronjs.org/headers',
    '--runtime=electron',
  ],
  { cwd: work, stdio: 'inherit' },
);
if (result.status !== 0) {
  rmSync(work, { recursive: true, force: true });
  console.error(
    'Could not build better-sqlite3 for Electron (see above). Browser mode still works: npm start -- --browser',
  );
  process.exit(1);
}
const target = join(root, 'native', 'electron', 'better_sqlite3.node');
mkdirSync(dirname(target), { recursive: true });
copyFileSync(join(work, 'build', 'Release', 'better_sqlite3.node'), target);
rmSync(work, { recursive: true, force: true });
console.log(`Wrote ${target}`);
