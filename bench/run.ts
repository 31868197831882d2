// `npm run bench -- <name> [...]`: benchmarks print figures and ratios against a baseline measured
// in the same process. Never part of `npm test` (machines are noisy).
const benches: Record<string, () => Promise<unknown>> = {
  import: async () => (await import('./importBench')).runImportBench(),
  faces: async () => (await import('./faceModels')).runFaceModelsBench(),
  provenance: async () => (await import('./provenanceBench')).runProvenanceBench(),
  timeline: async () => (await import('./timelineBench')).runTimelineBench(),
  render: async () => (await import('./renderBench')).runRenderBench(),
  safety: async () => (await import('./safetyBench')).runSafetyBench(),
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
