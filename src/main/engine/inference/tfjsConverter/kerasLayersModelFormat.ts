// The TF.js *layers* model format (model.json with a Keras `model_config` instead of a TF graph):
// the schema of the parts the translation reads, and the readers for Keras' loosely typed config
// values (an int or a pair, padding as one int, a pair or a pair of pairs, null for "unset").
import { z } from 'zod';
import { StudioError } from '../../../../shared/errors';
import { weightGroupSchema } from './tfjsGraphModelFormat';

/** One call site of a layer: [layer name, node index, tensor index, kwargs]. */
const inboundTensorSchema = z.tuple([z.string(), z.number(), z.number()]).rest(z.unknown());

const kerasLayerSchema = z
  .object({
    name: z.string().min(1),
    class_name: z.string().min(1),
    config: z.record(z.string(), z.unknown()),
    inbound_nodes: z.array(z.array(inboundTensorSchema)).nullish(),
  })
  .loose();

const layerReferenceSchema = z.tuple([z.string(), z.number(), z.number()]);

const modelConfigSchema = z
  .object({
    class_name: z.string(),
    config: z
      .object({
        name: z.string().optional(),
        layers: z.array(kerasLayerSchema).min(1),
        input_layers: z.array(layerReferenceSchema).min(1),
        output_layers: z.array(layerReferenceSchema).min(1),
      })
      .loose(),
  })
  .loose();

const kerasLayersModelSchema = z
  .object({
    format: z.string().optional(),
    // Keras' model.json wraps the config in model_config; TF.js's own save() writes it directly.
    // TF.js's loader accepts both, and so does this.
    modelTopology: z.preprocess(
      (topology) =>
        typeof topology === 'object' && topology !== null && 'model_config' in topology
          ? (topology as { model_config: unknown }).model_config
          : topology,
      modelConfigSchema,
    ),
    weightsManifest: z.array(weightGroupSchema),
  })
  .loose();

export type KerasLayer = z.infer<typeof kerasLayerSchema>;
export type KerasLayersModelJson = z.infer<typeof kerasLayersModelSchema>;

export function parseKerasLayersModel(modelId: string, json: unknown): KerasLayersModelJson {
  const parsed = kerasLayersModelSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.join('.')}: ${issue.message}` : 'unknown problem';
    throw new StudioError(
      'MODEL_CORRUPT',
      `Model "${modelId}": model.json is not a TF.js layers model (${where}).`,
    );
  }
  const className = parsed.data.modelTopology.class_name;
  if (className !== 'Model' && className !== 'Functional') {
    throw new StudioError(
      'UNSUPPORTED_OP',
      `Model "${modelId}": Keras "${className}" models are not supported (only functional "Model" graphs).`,
    );
  }
  return parsed.data;
}

/** Reads one layer's config values, naming the layer in every error. */
export class LayerConfigReader {
  constructor(
    private readonly modelId: string,
    readonly layer: KerasLayer,
  ) {}

  unsupported(detail: string): never {
    throw new StudioError(
      'UNSUPPORTED_OP',
      `Model "${this.modelId}": Keras layer "${this.layer.name}" (${this.layer.class_name}) is not supported: ${detail}.`,
    );
  }

  corrupt(detail: string): never {
    throw new StudioError(
      'MODEL_CORRUPT',
      `Model "${this.modelId}": Keras layer "${this.layer.name}" (${this.layer.class_name}) ${detail}.`,
    );
  }

  raw(key: string): unknown {
    return this.layer.config[key];
  }

  number(key: string, fallback?: number): number {
    const value = this.raw(key) ?? fallback;
    if (typeof value !== 'number' || !Number.isFinite(value)) this.corrupt(`has no numeric "${key}"`);
    return value;
  }

  optionalNumber(key: string): number | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return undefined;
    return this.number(key);
  }

  string(key: string, fallback?: string): string {
    const value = this.raw(key) ?? fallback;
    if (typeof value !== 'string') this.corrupt(`has no text "${key}"`);
    return value;
  }

  boolean(key: string, fallback: boolean): boolean {
    const value = this.raw(key) ?? fallback;
    if (typeof value !== 'boolean') this.corrupt(`has a non-boolean "${key}"`);
    return value;
  }

  /** An int or [int, int] (kernel sizes, strides, dilations) as [rows, columns]. */
  pair(key: string, fallback?: [number, number]): [number, number] {
    const value = this.raw(key) ?? fallback;
    if (typeof value === 'number' && Number.isInteger(value)) return [value, value];
    if (Array.isArray(value) && value.length === 2 && value.every((item) => Number.isInteger(item))) {
      return [value[0] as number, value[1] as number];
    }
    return this.corrupt(`has a malformed "${key}" (${JSON.stringify(value)})`);
  }

  /** ZeroPadding2D's padding: n, [rows, columns] or [[top, bottom], [left, right]]. */
  padding2d(): [[number, number], [number, number]] {
    const value = this.raw('padding');
    if (typeof value === 'number' && Number.isInteger(value)) {
      return [
        [value, value],
        [value, value],
      ];
    }
    if (Array.isArray(value) && value.length === 2) {
      const [rows, columns] = value as unknown[];
      if (Number.isInteger(rows) && Number.isInteger(columns)) {
        return [
          [rows as number, rows as number],
          [columns as number, columns as number],
        ];
      }
      const isPair = (item: unknown): item is [number, number] =>
        Array.isArray(item) && item.length === 2 && item.every((entry) => Number.isInteger(entry));
      if (isPair(rows) && isPair(columns)) return [rows, columns];
    }
    return this.corrupt(`has a malformed "padding" (${JSON.stringify(value)})`);
  }

  /** Layers that take images must use channels_last (NHWC), the layout TF.js layers run in. */
  requireChannelsLast(): void {
    const format = this.raw('data_format') ?? 'channels_last';
    if (format !== 'channels_last') this.unsupported(`data_format ${String(format)}`);
  }

  /** Keras "same" / "valid" as TF's SAME / VALID. */
  tfPadding(): 'SAME' | 'VALID' {
    const padding = this.string('padding', 'valid');
    if (padding === 'same') return 'SAME';
    if (padding === 'valid') return 'VALID';
    return this.unsupported(`padding "${padding}"`);
  }
}
