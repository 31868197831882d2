// Test support: a frame processor worker whose registry also holds the inswapper test processor.
// The built-in list is extended before the real worker module runs (static imports are evaluated
// first, the dynamic import after the push), so everything else is the studio's own worker.
import { builtInFrameProcessorFactories } from '../../../render/builtInFrameProcessors';
import type { FrameProcessorFactory } from '../../../render/frameProcessor';
import { createInswapperTestProcessor } from './inswapperTestProcessor';

(builtInFrameProcessorFactories as FrameProcessorFactory[]).push(
  createInswapperTestProcessor as FrameProcessorFactory,
);
await import('../../../render/frameProcessorWorker');
