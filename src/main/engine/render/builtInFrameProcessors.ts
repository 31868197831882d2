// The processors every render can use. Both the main side (pre-checks) and the worker threads
// (prepare / processFrame) build their registry from this list, so a processor added here is
// available everywhere; the face engine's processors join this list.
import { FrameProcessorRegistry } from './frameProcessorRegistry';
import { createColorBalanceProcessor } from './processors/colorBalanceProcessor';
import { createPassThroughProcessor } from './processors/passThroughProcessor';
import { createFaceSwapProcessor } from './processors/faceSwapProcessor';
import type { FrameProcessorFactory } from './frameProcessor';
import { createLipSyncProcessor } from '../lipsync/lipSyncProcessor';
import { createVoiceCloneEffect } from '../voice/voiceCloneEffect';

export const builtInFrameProcessorFactories: readonly FrameProcessorFactory[] = [
  createPassThroughProcessor,
  createColorBalanceProcessor,
  createFaceSwapProcessor,
  createLipSyncProcessor,
  // Sound only: registered for its kind, params and consent declarations; no frame reaches it.
  createVoiceCloneEffect,
];

export function createBuiltInFrameProcessorRegistry(): FrameProcessorRegistry {
  const registry = new FrameProcessorRegistry();
  for (const factory of builtInFrameProcessorFactories) registry.register(factory);
  return registry;
}
