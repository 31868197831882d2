// TF.js layers model (Keras functional config) -> TF.js graph model computing the same function,
// so the one graph converter (layouts, padding, fusions — all already verified against TF.js) also
// converts Keras models. Each Keras layer becomes the TF ops Keras itself runs at inference time
// (Conv2D + BiasAdd + activation, FusedBatchNormV3, Dropout as Identity, ...). The layer's own name
// is the name of its output (an Identity, free in the converter), so graph outputs keep the Keras
// names. Constants the translation needs (paddings, axes, shapes, BatchNorm's implicit gamma/beta)
// go into one extra weight group whose bytes the caller supplies as an extra shard.

import { StudioError } from '../../../../shared/errors';
import type { Tensor } from './kerasGraphBuilder';
import { attributes, GraphBuilder } from './kerasGraphBuilder';
import { layerTranslators } from './kerasLayerTranslators';
import type { KerasLayer } from './kerasLayersModelFormat';
import { LayerConfigReader, parseKerasLayersModel } from './kerasLayersModelFormat';
import type { TfjsAttributeValue } from './tfjsGraphModelFormat';
import { sortTopologically } from './topologicalSort';

/** Weight-manifest path of the translation's constants; never a file on disk. */
export const KERAS_CONSTANTS_SHARD = 'keras-layer-constants.bin';

export interface TranslatedLayersModel {
  /** A TF.js graph model.json (as an object) with the Keras layer names as graph outputs. */
  graphModel: Record<string, unknown>;
  /** Bytes of the KERAS_CONSTANTS_SHARD weight group. */
  constantsShard: Uint8Array;
  inputNames: string[];
  outputNames: string[];
}

/** The tensors a layer reads; shared layers (called more than once) are not supported. */
function inboundNames(modelId: string, layer: KerasLayer): string[] {
  const calls = layer.inbound_nodes ?? [];
  if (calls.length > 1) {
    throw new StudioError(
      'UNSUPPORTED_OP',
      `Model "${modelId}": Keras layer "${layer.name}" is shared (called ${calls.length} times).`,
    );
  }
  return (calls[0] ?? []).map(([name, nodeIndex, tensorIndex]) => {
    if (nodeIndex !== 0 || tensorIndex !== 0) {
      throw new StudioError(
        'UNSUPPORTED_OP',
        `Model "${modelId}": Keras layer "${layer.name}" reads output ${nodeIndex}/${tensorIndex} of "${name}".`,
      );
    }
    return name;
  });
}

export function translateKerasLayersModel(modelId: string, json: unknown): TranslatedLayersModel {
  const model = parseKerasLayersModel(modelId, json);
  const config = model.modelTopology.config;
  const entries = model.weightsManifest.flatMap((group) => group.weights);
  const weightShapes = new Map(entries.map((entry) => [entry.name, entry.shape] as const));
  const graph = new GraphBuilder(
    modelId,
    weightShapes,
    new Map(entries.map((entry) => [entry.name, entry.dtype])),
  );
  const layers = sortTopologically(
    config.layers.map((layer) => ({ name: layer.name, dependencies: inboundNames(modelId, layer), layer })),
  );
  const outputs = new Map<string, Tensor>();

  for (const { layer, dependencies } of layers) {
    if (layer.class_name === 'InputLayer') {
      const reader: LayerConfigReader = new LayerConfigReader(modelId, layer);
      const declared = reader.raw('batch_input_shape');
      if (!Array.isArray(declared)) reader.corrupt('has no batch_input_shape');
      const shape = declared.map((size: unknown) => (typeof size === 'number' ? size : -1));
      if ((reader.raw('dtype') ?? 'float32') !== 'float32')
        reader.unsupported(`input type ${String(reader.raw('dtype'))}`);
      graph.nodes.push({
        name: layer.name,
        op: 'Placeholder',
        attr: {
          dtype: attributes.type('DT_FLOAT'),
          shape: { shape: { dim: shape.map((size) => ({ size: String(size) })) } } as TfjsAttributeValue,
        },
      });
      outputs.set(layer.name, { name: layer.name, shape });
      continue;
    }
    const translate = layerTranslators[layer.class_name];
    const reader: LayerConfigReader = new LayerConfigReader(modelId, layer);
    if (translate === undefined) return reader.unsupported('the converter does not know this layer type');
    const inputs = dependencies.map(
      (name) => outputs.get(name) ?? reader.corrupt(`reads "${name}", which is not a layer before it`),
    );
    const result = translate(reader, inputs, graph);
    // The layer's name is its output: graph outputs and error messages keep the Keras names.
    graph.emit(layer.name, 'Identity', [result.name]);
    outputs.set(layer.name, { name: layer.name, shape: result.shape });
  }

  const inputNames = config.input_layers.map(([name]) => name);
  const outputNames = config.output_layers.map(([name]) => name);
  for (const name of [...inputNames, ...outputNames]) {
    if (!outputs.has(name))
      throw new StudioError(
        'MODEL_CORRUPT',
        `Model "${modelId}": the model's input/output "${name}" is not a layer.`,
      );
  }
  const signatureEntry = (name: string) => [name, { name: `${name}:0`, dtype: 'DT_FLOAT' }] as const;
  const graphModel = {
    format: 'graph-model',
    generatedBy: 'keras layers model',
    convertedBy: 'doppel-studio keras layers translation',
    modelTopology: { node: graph.nodes },
    weightsManifest: [
      ...model.weightsManifest,
      ...(graph.constantEntries.length > 0
        ? [{ paths: [KERAS_CONSTANTS_SHARD], weights: graph.constantEntries }]
        : []),
    ],
    signature: {
      inputs: Object.fromEntries(inputNames.map(signatureEntry)),
      outputs: Object.fromEntries(outputNames.map(signatureEntry)),
    },
  };
  return { graphModel, constantsShard: graph.constantsShard(), inputNames, outputNames };
}
