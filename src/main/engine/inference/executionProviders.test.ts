// Provider detection is pure given the platform facts, so every platform is tested here.
import { describe, expect, it } from 'vitest';
import type { ProviderDetectionInputs } from './executionProviders';
import { detectExecutionProviders, planExecutionProviders } from './executionProviders';

const ortBackends = {
  linux: [
    { name: 'cpu', bundled: true },
    { name: 'webgpu', bundled: true },
    { name: 'cuda', bundled: false },
    { name: 'tensorrt', bundled: false },
  ],
  win32: [
    { name: 'cpu', bundled: true },
    { name: 'webgpu', bundled: true },
    { name: 'dml', bundled: true },
    { name: 'cuda', bundled: false },
  ],
  darwin: [
    { name: 'cpu', bundled: true },
    { name: 'webgpu', bundled: true },
    { name: 'coreml', bundled: true },
  ],
};

function inputs(platform: 'linux' | 'win32' | 'darwin', libraries: string[] = []): ProviderDetectionInputs {
  return {
    platform,
    arch: 'x64',
    supportedBackends: ortBackends[platform],
    providerLibraryExists: (file) => libraries.includes(file),
  };
}

const availableNames = (platform: 'linux' | 'win32' | 'darwin', libraries: string[] = []) =>
  detectExecutionProviders(inputs(platform, libraries))
    .filter((status) => status.available)
    .map((status) => status.name);

describe('execution providers', () => {
  it('knows what each platform can run', () => {
    expect(availableNames('linux')).toEqual(['webgpu', 'cpu']);
    expect(availableNames('linux', ['libonnxruntime_providers_cuda.so'])).toEqual(['cuda', 'webgpu', 'cpu']);
    expect(availableNames('win32')).toEqual(['dml', 'webgpu', 'cpu']);
    expect(availableNames('darwin')).toEqual(['coreml', 'webgpu', 'cpu']);
  });

  it('says why a provider is missing', () => {
    const linux = detectExecutionProviders(inputs('linux'));
    expect(linux.find((status) => status.name === 'cuda')?.reason).toMatch(
      /libonnxruntime_providers_cuda\.so\) is not installed.*--onnxruntime-node-install=cuda12/,
    );
    expect(linux.find((status) => status.name === 'dml')?.reason).toBe('DirectML exists only on Windows');
    expect(linux.find((status) => status.name === 'coreml')?.reason).toBe('CoreML exists only on macOS');
  });

  it('orders auto best-first and always ends with cpu', () => {
    const linuxWithCuda = detectExecutionProviders(inputs('linux', ['libonnxruntime_providers_cuda.so']));
    expect(planExecutionProviders(linuxWithCuda, 'auto')).toEqual({
      candidates: ['cuda', 'webgpu', 'cpu'],
      skipped: [],
    });
    const windows = detectExecutionProviders(inputs('win32'));
    expect(planExecutionProviders(windows, 'auto').candidates).toEqual(['dml', 'webgpu', 'cpu']);
  });

  it('falls back to cpu for an explicit request it cannot honour, with the reason', () => {
    const plan = planExecutionProviders(detectExecutionProviders(inputs('darwin')), 'dml');
    expect(plan.candidates).toEqual(['cpu']);
    expect(plan.skipped).toEqual([{ name: 'dml', reason: 'DirectML exists only on Windows' }]);
  });

  it('detects this machine without throwing and always offers cpu', () => {
    const statuses = detectExecutionProviders();
    expect(statuses.find((status) => status.name === 'cpu')?.available).toBe(true);
  });
});
