import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// Three builds, as electron-vite splits them. The main build has three entries that share the same
// services: the Electron composition root (index), the browser-mode host (serve) and the CLI (cli).
export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rolldownOptions: {
        input: {
          index: resolve(import.meta.dirname, 'src/main/index.ts'),
          serve: resolve(import.meta.dirname, 'src/main/serve.ts'),
          cli: resolve(import.meta.dirname, 'src/main/cli.ts'),
          // Worker thread entry of the render pipeline, found at run time beside the chunks
          // (src/main/engine/render/frameWorkerEntry.ts).
          frameProcessorWorker: resolve(
            import.meta.dirname,
            'src/main/engine/render/frameProcessorWorker.ts',
          ),
          // Worker thread of the faces service (src/main/engine/face/faceAnalysisWorkerClient.ts).
          faceAnalysisWorker: resolve(import.meta.dirname, 'src/main/engine/face/faceAnalysisWorker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      externalizeDeps: true,
      rolldownOptions: {
        input: { index: resolve(import.meta.dirname, 'src/preload/index.ts') },
        // Sandboxed preloads must be CommonJS (Electron cannot load ESM preloads with sandbox: true).
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src/renderer'),
    build: {
      rolldownOptions: {
        input: {
          index: resolve(import.meta.dirname, 'src/renderer/index.html'),
          // Browser mode's stand-in for the preload; served (and injected) only by src/main/serve.ts.
          browserBridge: resolve(import.meta.dirname, 'src/preload/browserBridge.ts'),
        },
        output: {
          entryFileNames: (chunk) =>
            chunk.name === 'browserBridge' ? 'browser-bridge.js' : 'assets/[name]-[hash].js',
        },
      },
    },
    plugins: [react()],
  },
});
