#!/usr/bin/env node
// The `doppel` command. Runs the built CLI (out/main/cli.js); in a source checkout that has not
// been built yet, runs the TypeScript source through tsx instead.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const built = join(root, 'out', 'main', 'cli.js');
process.env.DOPPEL_CLI_MAIN = '1';
if (existsSync(built)) {
  await import(pathToFileURL(built).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(join(root, 'src', 'main', 'cli.ts')).href);
}
