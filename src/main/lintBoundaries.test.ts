// Proves the architecture rules of DESIGN.md §1 are enforced by ESLint: each snippet below breaks a
// boundary and must be reported by `no-restricted-imports` for that folder.
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

async function restrictedImportMessages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

const violations: [string, string, RegExp][] = [
  [
    'src/shared/timeline/bad.ts',
    "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
    /src\/shared is pure/,
  ],
  ['src/shared/bad.ts', "import { app } from 'electron';\nexport const x = app;\n", /src\/shared is pure/],
  [
    'src/renderer/src/bad.tsx',
    "import { readFileSync } from 'fs';\nexport const x = readFileSync;\n",
    /renderer never imports Node/,
  ],
  [
    'src/renderer/src/bad.ts',
    "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n",
    /renderer never imports electron/,
  ],
  [
    'src/renderer/src/bad.ts',
    "import { ProjectStore } from '../../main/store/projectStore';\nexport const x = ProjectStore;\n",
    /only knows window.studio/,
  ],
  [
    'src/main/engine/face/bad.ts',
    "import { app } from 'electron';\nexport const x = app;\n",
    /never imports electron/,
  ],
  [
    'src/main/engine/face/bad.ts',
    "import Database from 'better-sqlite3';\nexport const x = Database;\n",
    /Only src\/main\/store/,
  ],
  [
    'src/main/services/bad.ts',
    "import * as ort from 'onnxruntime-node';\nexport const x = ort;\n",
    /Only src\/main\/engine\/inference/,
  ],
  [
    'src/main/services/bad.ts',
    "import { spawn } from 'node:child_process';\nexport const x = spawn;\n",
    /Only src\/main\/media spawns/,
  ],
  [
    'src/main/services/bad.ts',
    "import { app } from 'electron';\nexport const x = app;\n",
    /Only the Electron composition root/,
  ],
  [
    'src/main/store/bad.ts',
    "import { spawn } from 'child_process';\nexport const x = spawn;\n",
    /Only src\/main\/media spawns/,
  ],
];

describe('layer boundaries (eslint no-restricted-imports)', () => {
  it.each(violations)('%s: %s is refused', async (filePath, code, expected) => {
    const messages = await restrictedImportMessages(filePath, code);
    expect(
      messages.some((message) => expected.test(message)),
      messages.join('\n'),
    ).toBe(true);
  });

  it('allows the owners of each dependency', async () => {
    expect(
      await restrictedImportMessages(
        'src/main/store/ok.ts',
        "import Database from 'better-sqlite3';\nexport const x = Database;\n",
      ),
    ).toEqual([]);
    expect(
      await restrictedImportMessages(
        'src/main/media/ok.ts',
        "import { spawn } from 'node:child_process';\nexport const x = spawn;\n",
      ),
    ).toEqual([]);
    expect(
      await restrictedImportMessages(
        'src/main/engine/inference/ok.ts',
        "import * as ort from 'onnxruntime-node';\nexport const x = ort;\n",
      ),
    ).toEqual([]);
    expect(
      await restrictedImportMessages(
        'src/main/index.ts',
        "import { app } from 'electron';\nexport const x = app;\n",
      ),
    ).toEqual([]);
  });
});
