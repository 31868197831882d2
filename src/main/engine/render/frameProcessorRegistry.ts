// Processors by id. The render pipeline asks the registry for the processor of each effect kind;
// an unknown kind stops the render before it starts, naming the effect and its clip.
import { StudioError } from '../../../shared/errors';
import type {
  FrameProcessor,
  FrameProcessorFactory,
  ProcessorPixelFormat,
  ProcessorPreCheckContext,
} from './frameProcessor';
import { modelsUsedBy } from './frameProcessor';

export interface FrameProcessorDescription {
  id: string;
  displayName: string;
  requiredModels: { id: string; purpose: string }[];
}

export class FrameProcessorRegistry {
  private readonly processors = new Map<string, FrameProcessor>();

  register(factory: FrameProcessorFactory): this {
    const processor = factory();
    if (!/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/.test(processor.id)) {
      throw new StudioError('INVALID_ARGUMENT', `"${processor.id}" is not a valid frame processor id.`);
    }
    if (this.processors.has(processor.id)) {
      throw new StudioError(
        'INVALID_ARGUMENT',
        `A frame processor with id "${processor.id}" is already registered.`,
      );
    }
    this.processors.set(processor.id, processor);
    return this;
  }

  has(id: string): boolean {
    return this.processors.has(id);
  }

  /** The processor for an effect kind, or NOT_FOUND naming the effect and its clip. */
  require(id: string, usedBy?: { effectId: string; clipId: string }): FrameProcessor {
    const processor = this.processors.get(id);
    if (processor) return processor;
    const where = usedBy ? ` (effect ${usedBy.effectId} on clip ${usedBy.clipId})` : '';
    const known = [...this.processors.keys()].sort().join(', ');
    throw new StudioError(
      'NOT_FOUND',
      `This version of the studio has no "${id}" effect${where}. Known effects: ${known || 'none'}.`,
    );
  }

  /**
   * The frame format a chain of processors (one clip's effects, in order) runs in: the first
   * format of the first processor's preferences that every processor accepts.
   */
  chainPixelFormat(kinds: readonly string[]): ProcessorPixelFormat {
    const processors = kinds.map((kind) => this.require(kind));
    const [first] = processors;
    if (!first) throw new StudioError('INTERNAL', 'An empty processor chain has no pixel format.');
    const shared = first.pixelFormats.find((format) =>
      processors.every((processor) => processor.pixelFormats.includes(format)),
    );
    if (!shared) {
      throw new StudioError(
        'INVALID_ARGUMENT',
        `The effects ${processors.map((processor) => `"${processor.displayName}"`).join(', ')} cannot be applied to the same clip: they work on different frame formats.`,
      );
    }
    return shared;
  }

  list(): FrameProcessorDescription[] {
    return [...this.processors.values()].map((processor) => ({
      id: processor.id,
      displayName: processor.displayName,
      requiredModels: processor.requiredModels.map((model) => ({ ...model })),
    }));
  }

  /**
   * Main side, before any work: every effect must have a processor and valid params, every model
   * they need must be installed (all missing ones listed in one message), then each processor's
   * own check runs.
   */
  async preCheckEffects(
    effects: readonly { effectId: string; clipId: string; kind: string; params: unknown }[],
    isModelInstalled: ProcessorPreCheckContext['isModelInstalled'],
  ): Promise<void> {
    const checked = effects.map((effect) => {
      const processor = this.require(effect.kind, effect);
      return { effect, processor, params: processor.parseParams(effect.params) };
    });
    const missing = new Map<string, string>();
    for (const { processor, params } of checked) {
      for (const model of modelsUsedBy(processor, params)) {
        if (!missing.has(model.id) && !(await isModelInstalled(model.id))) {
          missing.set(model.id, `${model.id} (${model.purpose}, for "${processor.displayName}")`);
        }
      }
    }
    if (missing.size > 0) {
      throw new StudioError(
        'MODEL_NOT_INSTALLED',
        `This render needs models that are not installed: ${[...missing.values()].join(', ')}. Install them from the Models panel.`,
      );
    }
    for (const { effect, processor, params } of checked) {
      await processor.preCheck(params, {
        effectId: effect.effectId,
        clipId: effect.clipId,
        isModelInstalled,
      });
    }
  }
}
