// A project in a folder the user cannot write to must be refused with PROJECT_READ_ONLY (WAL needs
// to create -wal/-shm files beside it). CI runs as root, where chmod alone stops nothing, so as root
// the store runs in a child process that keeps uid 0 but drops the capabilities that bypass file
// permissions (setpriv, util-linux), against a 0555 folder. (Running as nobody instead fails when the
// checkout sits in a 0700 folder such as mktemp's, because nobody cannot reach node_modules.)
// eslint-disable-next-line no-restricted-imports -- the only way to run the store as another user
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, test } from 'vitest';
import { ProjectStore } from './projectStore';
import { sha256OfFile, useTemporaryFolders } from './storeTestSupport';

const temporaryFolder = useTemporaryFolders();
const runningAsRoot = process.getuid?.() === 0;
const dropPermissionBypass = [
  '--inh-caps=-dac_override,-dac_read_search',
  '--bounding-set=-dac_override,-dac_read_search',
  '--',
];
const repositoryRoot = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const storeModuleUrl = new URL('./projectStore.ts', import.meta.url).href;

const childScript = `
const [storeModuleUrl, action, target] = process.argv.slice(2);
const { ProjectStore } = await import(storeModuleUrl);
try {
  const store = action === 'create' ? ProjectStore.create(target) : ProjectStore.open(target);
  store.close();
  console.log(JSON.stringify({ ok: true }));
} catch (error) {
  console.log(JSON.stringify({ code: error.code, message: error.message }));
}
`;

const foldersToUnlock: string[] = [];
afterEach(() => {
  // The folder was chmod-ed read-only; give it back so the temp folder can be removed.
  for (const folder of foldersToUnlock.splice(0)) chmodSync(folder, 0o755);
});

function runStoreInChild(
  scriptPath: string,
  action: 'create' | 'open',
  target: string,
): { code?: string; message?: string } {
  const nodeArguments = ['--import', 'tsx', scriptPath, storeModuleUrl, action, target];
  const result = spawnSync(
    runningAsRoot ? 'setpriv' : process.execPath,
    runningAsRoot ? [...dropPermissionBypass, process.execPath, ...nodeArguments] : nodeArguments,
    {
      cwd: repositoryRoot, // so `--import tsx` resolves from the repository's node_modules
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, HOME: '/tmp' },
    },
  );
  const lastLine = result.stdout.trim().split('\n').at(-1) ?? '';
  if (result.status !== 0 || !lastLine.startsWith('{')) {
    throw new Error(`child failed (${result.status}): ${result.stderr}\n${result.stdout}`);
  }
  return JSON.parse(lastLine) as { code?: string; message?: string };
}

test.skipIf(process.platform === 'win32')(
  'a read-only project folder gives PROJECT_READ_ONLY naming the file',
  () => {
    const root = temporaryFolder();
    const scriptPath = join(root, 'runStore.mjs');
    writeFileSync(scriptPath, childScript, { mode: 0o644 });
    const lockedFolder = join(root, 'locked');
    mkdirSync(lockedFolder, { mode: 0o755 });
    const existingPath = join(lockedFolder, 'Existing.doppel');
    ProjectStore.create(existingPath).close();
    const existingHash = sha256OfFile(existingPath);
    chmodSync(lockedFolder, 0o555);
    foldersToUnlock.push(lockedFolder);

    const newPath = join(lockedFolder, 'New.doppel');
    const created = runStoreInChild(scriptPath, 'create', newPath);
    expect(created.code).toBe('PROJECT_READ_ONLY');
    expect(created.message).toContain(newPath);
    expect(existsSync(newPath)).toBe(false);

    const opened = runStoreInChild(scriptPath, 'open', existingPath);
    expect(opened.code).toBe('PROJECT_READ_ONLY');
    expect(opened.message).toContain(existingPath);
    expect(sha256OfFile(existingPath)).toBe(existingHash);
    expect(existsSync(`${existingPath}-wal`)).toBe(false);
  },
);
