// Smoke test of the real Electron app. It runs only where the Electron runtime is installed: the
// electron npm module's index throws when its binary was not downloaded (as here, where
// ELECTRON_SKIP_BINARY_DOWNLOAD=1 is needed to install at all).
import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repoRoot = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

function electronBinary(): { path: string | null; reason: string } {
  try {
    const path = require('electron') as unknown as string;
    if (typeof path === 'string' && existsSync(path)) return { path, reason: '' };
    return { path: null, reason: `the electron module points at ${String(path)}, which does not exist` };
  } catch (error) {
    return { path: null, reason: error instanceof Error ? error.message : String(error) };
  }
}

test('the Electron app opens the project picker', async () => {
  const binary = electronBinary();
  test.skip(
    binary.path === null,
    `Electron runtime not installed (ELECTRON_SKIP_BINARY_DOWNLOAD=1): ${binary.reason}. Browser mode covers the UI.`,
  );
  test.skip(
    !existsSync(join(repoRoot, 'out/main/index.js')),
    'out/main/index.js is missing: run `npm run build` first.',
  );
  const home = await mkdtemp(join(tmpdir(), 'doppel-electron-'));
  const runningAsRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const app = await electron.launch({
    args: [...(runningAsRoot ? ['--no-sandbox'] : []), 'out/main/index.js'],
    cwd: repoRoot,
    env: { ...process.env, DOPPEL_HOME: home },
  });
  try {
    const window = await app.firstWindow();
    await expect(window.getByTestId('project-picker')).toBeVisible({ timeout: 30_000 });
    expect(await window.evaluate(() => typeof (window as unknown as { studio?: unknown }).studio)).toBe(
      'object',
    );
    expect(
      await window.evaluate(
        () => (window as unknown as { studio: { platform: { mode: string } } }).studio.platform.mode,
      ),
    ).toBe('electron');
  } finally {
    await app.close();
    await rm(home, { recursive: true, force: true });
  }
});
