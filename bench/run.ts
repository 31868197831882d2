// `npm run bench -- <name> [...]`: benchmarks print figures and ratios against a baseline measured
// in the same process. Never part of `npm test` (machines are noisy).
const benches: Record<string, () => Promise<unknown>> = {
  import: async () => (await import('./importBench')).runImportBench(),
  faces: async () => (await import('./faceModels')).runFaceModelsBench(),
  provenance: async () => (await import('./provenanceBench')).runProvenanceBench(),
  timeline: async () => (await import('./timelineBench')).runTimelineBench(),
  render: async () => (await import('./renderBench')).runRenderBench(),
  'render-swap': async () => (await import('./renderSwapBench')).runRenderSwapStandalone(),
  voice: async () => (await import('./voiceBench')).runVoiceBench(),
  safety: async () => (await import('./safetyBench')).runSafetyBench(),
  inspector: async () => (await import('./inspectorBench')).runInspectorBench(),
  'render-gate': async () => (await import('./renderGateBench')).runRenderGateBench(),
  models: async () => (await import('./modelsBench')).runModelsBench(),
  lipsync: async () => (await import('./lipsyncBench')).runLipsyncBench(),
};

async function main(): Promise<void> {
  const names = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
  const selected = names.length > 0 ? names : Object.keys(benches);
  for (const name of selected) {
    const bench = benches[name];
    if (!bench) {
      console.error(`Unknown bench "${name}". Available: ${Object.keys(benches).join(', ')}`);
      process.exitCode = 2;
      return;
    }
    console.log(`\n=== bench: ${name} ===`);
    await bench();
  }
}

void main();
