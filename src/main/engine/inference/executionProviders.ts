// Which onnxruntime execution providers can run here, and in what order to try them.
// onnxruntime-node 1.30 reports its backends with listSupportedBackends(): cpu and webgpu are
// bundled on every platform, DirectML on Windows, CoreML on macOS; cuda/tensorrt are listed on
// Linux but their provider libraries only exist after `npm install --onnxruntime-node-install=cuda12`.
// "Available" here means "worth trying": webgpu can still fail at session creation (no adapter),
// which the session pool turns into a CPU fallback with the reason.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';

export const executionProviderNames = ['cuda', 'tensorrt', 'dml', 'coreml', 'webgpu', 'cpu'] as const;
export type ExecutionProviderName = (typeof executionProviderNames)[number];
/** 'auto' = the best available provider, falling back to CPU. */
export type ExecutionProviderChoice = ExecutionProviderName | 'auto';

/** Best first. TensorRT is left out of 'auto': it compiles engines for minutes on first use. */
export const automaticProviderOrder: readonly ExecutionProviderName[] = [
  'cuda',
  'dml',
  'coreml',
  'webgpu',
  'cpu',
];

export interface ExecutionProviderStatus {
  name: ExecutionProviderName;
  available: boolean;
  /** Why it is unavailable, in words a user can act on. */
  reason: string | undefined;
}

export interface ProviderDetectionInputs {
  platform: NodeJS.Platform;
  arch: string;
  /** ort.listSupportedBackends() */
  supportedBackends: readonly { name: string; bundled: boolean }[];
  /** Whether a provider shared library sits next to the onnxruntime binding. */
  providerLibraryExists: (fileName: string) => boolean;
}

export function isExecutionProviderName(value: string): value is ExecutionProviderName {
  return (executionProviderNames as readonly string[]).includes(value);
}

function bindingDirectory(platform: NodeJS.Platform, arch: string): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    const packageRoot = dirname(require.resolve('onnxruntime-node/package.json'));
    return join(packageRoot, 'bin', 'napi-v6', platform, arch);
  } catch {
    return undefined;
  }
}

function cudaLibraryName(platform: NodeJS.Platform, provider: 'cuda' | 'tensorrt'): string {
  return platform === 'win32'
    ? `onnxruntime_providers_${provider}.dll`
    : `libonnxruntime_providers_${provider}.so`;
}

export function currentProviderDetectionInputs(): ProviderDetectionInputs {
  const folder = bindingDirectory(process.platform, process.arch);
  let supportedBackends: readonly { name: string; bundled: boolean }[] = [{ name: 'cpu', bundled: true }];
  try {
    supportedBackends = ort.listSupportedBackends();
  } catch {
    // Older bindings lack listSupportedBackends; CPU is always there.
  }
  return {
    platform: process.platform,
    arch: process.arch,
    supportedBackends,
    providerLibraryExists: (fileName) => folder !== undefined && existsSync(join(folder, fileName)),
  };
}

/** Pure: decides availability from the inputs (tests pass fake platforms). */
export function detectExecutionProviders(
  inputs: ProviderDetectionInputs = currentProviderDetectionInputs(),
): ExecutionProviderStatus[] {
  const listed = new Map(inputs.supportedBackends.map((backend) => [backend.name, backend]));
  return executionProviderNames.map((name): ExecutionProviderStatus => {
    if (name === 'cpu') return { name, available: true, reason: undefined };
    const backend = listed.get(name);
    if (name === 'dml' && inputs.platform !== 'win32') {
      return { name, available: false, reason: 'DirectML exists only on Windows' };
    }
    if (name === 'coreml' && inputs.platform !== 'darwin') {
      return { name, available: false, reason: 'CoreML exists only on macOS' };
    }
    if (backend === undefined) {
      return { name, available: false, reason: `this onnxruntime-node build has no ${name} provider` };
    }
    if ((name === 'cuda' || name === 'tensorrt') && !backend.bundled) {
      const library = cudaLibraryName(inputs.platform, name);
      if (!inputs.providerLibraryExists(library)) {
        return {
          name,
          available: false,
          reason:
            `the ${name} provider library (${library}) is not installed; ` +
            'reinstall with `npm install --onnxruntime-node-install=cuda12` on a machine with CUDA 12',
        };
      }
    }
    return { name, available: true, reason: undefined };
  });
}

export interface ProviderPlan {
  /** Providers to try, in order; always ends with cpu. */
  candidates: ExecutionProviderName[];
  /** Providers passed over before trying anything, with the reason (shown to the user). */
  skipped: { name: ExecutionProviderName; reason: string }[];
}

/** Turns a choice into the ordered list of providers to try. */
export function planExecutionProviders(
  statuses: readonly ExecutionProviderStatus[],
  choice: ExecutionProviderChoice,
): ProviderPlan {
  const statusOf = (name: ExecutionProviderName) => statuses.find((status) => status.name === name);
  const wanted = choice === 'auto' ? automaticProviderOrder : [choice, 'cpu' as const];
  const candidates: ExecutionProviderName[] = [];
  const skipped: ProviderPlan['skipped'] = [];
  for (const name of wanted) {
    if (candidates.includes(name)) continue;
    const status = statusOf(name);
    if (name === 'cpu' || status?.available) candidates.push(name);
    // Unavailable providers in 'auto' are expected (no CUDA on a Mac); only an explicit request
    // that cannot be honoured is worth a visible reason.
    else if (choice !== 'auto') skipped.push({ name, reason: status?.reason ?? `${name} is unknown` });
  }
  return { candidates, skipped };
}
