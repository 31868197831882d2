// ESLint flat config. The `no-restricted-imports` blocks below ARE the architecture of DESIGN.md §1:
// breaking a layer boundary fails `npm run lint` (and so `npm test`), and src/main/lintBoundaries.test.ts
// proves each rule fires.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = [
  'node:*',
  'fs',
  'fs/*',
  'path',
  'os',
  'child_process',
  'crypto',
  'http',
  'https',
  'net',
  'url',
  'worker_threads',
  'stream',
  'stream/*',
  'zlib',
  'util',
  'events',
];

/** Restrictions shared by every file under src/main except the modules that own a dependency. */
const ownedDependencies = [
  { group: ['better-sqlite3'], message: 'Only src/main/store imports better-sqlite3 (DESIGN.md §1).' },
  {
    group: ['onnxruntime-node', 'onnxruntime-common'],
    message: 'Only src/main/engine/inference imports onnxruntime-node (DESIGN.md §1).',
  },
  {
    group: ['child_process', 'node:child_process'],
    message: 'Only src/main/media spawns processes (ffmpeg, ffprobe) (DESIGN.md §1).',
  },
];

function restrict(patterns) {
  return { 'no-restricted-imports': ['error', { patterns }] };
}

export default tseslint.config(
  {
    ignores: [
      '.tmp/**',
      'out/**',
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'test-results/**',
      'playwright-report/**',
      'src/main/lintFixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: restrict([
      { group: nodeBuiltins, message: 'src/shared is pure: no Node built-ins (DESIGN.md §1).' },
      {
        group: ['electron', 'electron/*', 'react', 'react-dom', 'react/*'],
        message: 'src/shared is pure: no electron or react (DESIGN.md §1).',
      },
      {
        group: [
          '**/main/**',
          '**/renderer/**',
          '**/preload/**',
          'better-sqlite3',
          'onnxruntime-node',
          'sharp',
          'ws',
        ],
        message: 'src/shared imports only src/shared and pure libraries (DESIGN.md §1).',
      },
    ]),
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict([
        {
          group: nodeBuiltins,
          message: 'The renderer never imports Node built-ins: talk to window.studio (DESIGN.md §1).',
        },
        {
          group: ['electron', 'electron/*'],
          message: 'The renderer never imports electron: talk to window.studio (DESIGN.md §1).',
        },
        {
          group: ['**/main/**', '**/preload/**', 'better-sqlite3', 'onnxruntime-node', 'sharp', 'ws'],
          message: 'The renderer only knows window.studio and src/shared (DESIGN.md §1).',
        },
      ]),
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: restrict([
      {
        group: ['**/main/**', '**/renderer/**', 'better-sqlite3', 'onnxruntime-node'],
        message: 'The preload only bridges contracts from src/shared (DESIGN.md §1).',
      },
    ]),
  },
  {
    files: ['src/main/**/*.ts'],
    ignores: [
      'src/main/store/**',
      'src/main/engine/**',
      'src/main/media/**',
      'src/main/index.ts',
      'src/main/electron/**',
      'src/main/**/*.test.ts',
    ],
    rules: restrict([
      ...ownedDependencies,
      {
        group: ['electron', 'electron/*'],
        message:
          'Only the Electron composition root (src/main/index.ts, src/main/electron/) imports electron.',
      },
    ]),
  },
  {
    files: ['src/main/index.ts', 'src/main/electron/**/*.ts'],
    rules: restrict(ownedDependencies),
  },
  {
    // Tests may spawn ffmpeg to make fixtures and open SQLite files to inspect them; they still
    // never pull electron into code that runs under plain Node.
    files: ['src/main/**/*.test.ts', 'src/main/**/testSupport/**/*.ts'],
    rules: restrict([
      { group: ['electron', 'electron/*'], message: 'Tests run under plain Node: no electron.' },
    ]),
  },
  {
    files: ['src/main/store/**/*.ts'],
    rules: restrict([
      ownedDependencies[1],
      ownedDependencies[2],
      { group: ['electron', 'electron/*'], message: 'The store never imports electron.' },
    ]),
  },
  {
    files: ['src/main/media/**/*.ts'],
    rules: restrict([
      ownedDependencies[0],
      ownedDependencies[1],
      { group: ['electron', 'electron/*'], message: 'Media code never imports electron.' },
    ]),
  },
  {
    files: ['src/main/engine/**/*.ts'],
    ignores: ['src/main/engine/inference/**'],
    rules: restrict([
      ownedDependencies[0],
      ownedDependencies[1],
      ownedDependencies[2],
      {
        group: ['electron', 'electron/*'],
        message:
          'src/main/engine never imports electron, so it can run in a worker or utility process (DESIGN.md §1).',
      },
    ]),
  },
  {
    files: ['src/main/engine/inference/**/*.ts'],
    rules: restrict([
      ownedDependencies[0],
      ownedDependencies[2],
      {
        group: ['electron', 'electron/*'],
        message: 'src/main/engine never imports electron (DESIGN.md §1).',
      },
    ]),
  },
);
