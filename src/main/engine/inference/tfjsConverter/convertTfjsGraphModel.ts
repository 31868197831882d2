// TF.js graph model (model.json + .bin shards) -> ONNX (opset 13). The graph keeps the model's
// NHWC inputs and outputs; inside it computes in NCHW, with Transposes only at the input, before
// Reshape/Squeeze and at the outputs (see DESIGN.md §3, "Converter facts").
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { StudioError } from '../../../../shared/errors';
import type { ConvertedValue, OpHandler } from './conversionContext';
import { activation, ConversionContext } from './conversionContext';
import { convolutionOpHandlers } from './convolutionOps';
import { elementwiseOpHandlers } from './elementwiseOps';
import { nchwToNhwcPermutation } from './layoutMath';
import { normalizationOpHandlers } from './normalizationOps';
import type {
  NodeProto,
  OnnxDimension,
  OnnxElementType,
  TensorProto,
  ValueInfoProto,
} from './onnxModelWriter';
import { encodeOnnxModel, intsAttribute, nodeProto, valueInfo } from './onnxModelWriter';
import { reductionAndMatrixOpHandlers } from './reductionAndMatrixOps';
import { shapeOpHandlers } from './shapeOps';
import type { TfjsGraphNode } from './tfjsGraphModelFormat';
import {
  dataInputs,
  declaredInputsAndOutputs,
  parseTensorReference,
  parseTfjsGraphModelJson,
  readShapeAttribute,
} from './tfjsGraphModelFormat';
import { decodeWeights } from './tfjsWeightDecoding';
import { sortTopologically } from './topologicalSort';

/** Bump when the converter's output changes, so cached .onnx files are rebuilt. */
export const TFJS_CONVERTER_VERSION = '1';

const opHandlers: Record<string, OpHandler> = {
  ...convolutionOpHandlers,
  ...elementwiseOpHandlers,
  ...shapeOpHandlers,
  ...reductionAndMatrixOpHandlers,
  ...normalizationOpHandlers,
};

export interface OnnxTensorSignature {
  name: string;
  dtype: OnnxElementType;
  shape: OnnxDimension[];
}

export interface ConvertedOnnxModel {
  bytes: Uint8Array;
  inputs: OnnxTensorSignature[];
  outputs: OnnxTensorSignature[];
  nodeCount: number;
}

export interface TfjsGraphModelSource {
  modelId: string;
  modelJsonText: string;
  /** Bytes of one weight shard, by the path written in the weights manifest. */
  readWeightShard(path: string): Uint8Array;
  /** Recorded as the ONNX doc string (e.g. the npm package and version it came from). */
  description?: string;
  /** Extra metadata_props (e.g. the source sha256). */
  metadata?: Readonly<Record<string, string>>;
}

/** Unknown TF dimensions become named ONNX dimensions: the batch axis is "batch". */
function onnxDimensions(shape: readonly number[]): OnnxDimension[] {
  return shape.map((size, axis) => (size >= 0 ? size : axis === 0 ? 'batch' : `dim${axis}`));
}

const tfDtypes: Record<string, OnnxElementType> = { DT_FLOAT: 'float32', DT_INT32: 'int32' };

/** Nodes the declared outputs depend on; dead branches are never converted (nor can they fail). */
function liveNodes(nodes: readonly TfjsGraphNode[], outputNames: readonly string[]): TfjsGraphNode[] {
  const byName = new Map(nodes.map((node) => [node.name, node]));
  const live = new Set<string>();
  const pending = [...outputNames];
  while (pending.length > 0) {
    const name = pending.pop() ?? '';
    if (live.has(name)) continue;
    const node = byName.get(name);
    if (node === undefined) continue;
    live.add(name);
    for (const input of node.input ?? []) pending.push(parseTensorReference(input).nodeName);
  }
  return nodes.filter((node) => live.has(node.name));
}

export function convertTfjsGraphModel(source: TfjsGraphModelSource): ConvertedOnnxModel {
  const { modelId } = source;
  const model = parseTfjsGraphModelJson(modelId, source.modelJsonText);
  const weights = decodeWeights(modelId, model.weightsManifest, (path) => source.readWeightShard(path));
  const declared = declaredInputsAndOutputs(model);
  const context: ConversionContext = new ConversionContext(modelId);
  // Graph input/output names are the TF names; reserve them before any generated node can take them.
  for (const entry of [...declared.inputs, ...declared.outputs]) context.uniqueName(entry.nodeName);

  const outputNames = declared.outputs.map((output) => output.nodeName);
  const nodes = liveNodes(model.modelTopology.node, outputNames);
  const missing = outputNames.filter((name) => !nodes.some((node) => node.name === name));
  if (missing.length > 0) context.corrupt(`the declared output "${missing[0]}" is not a node of the graph`);
  let sorted: TfjsGraphNode[];
  try {
    const items = nodes.map((node) => ({
      name: node.name,
      dependencies: dataInputs(node).map((input) => parseTensorReference(input).nodeName),
      node,
    }));
    sorted = sortTopologically(items).map((item) => item.node);
  } catch (error) {
    return context.corrupt(String(error));
  }

  const consumerCounts = new Map<string, number>();
  for (const name of [
    ...sorted.flatMap((node) => dataInputs(node).map((i) => parseTensorReference(i).nodeName)),
    ...outputNames,
  ]) {
    consumerCounts.set(name, (consumerCounts.get(name) ?? 0) + 1);
  }
  context.setConsumerCounts(consumerCounts);

  const graphInputs: ValueInfoProto[] = [];
  const inputSignatures: OnnxTensorSignature[] = [];
  for (const node of sorted) {
    if (node.op === 'Const') {
      const weight = weights.get(node.name);
      if (weight === undefined)
        context.corrupt(`constant "${node.name}" has no data in the weights manifest`);
      const value: ConvertedValue = {
        onnxName: undefined,
        shape: weight.shape,
        layout: 'tf',
        dtype: weight.dtype,
        constant: weight,
      };
      context.define(node.name, value);
    } else if (node.op === 'Placeholder') {
      const dtype = tfDtypes[node.attr?.dtype?.type ?? 'DT_FLOAT'];
      if (dtype === undefined) context.unsupported(node, `input type ${node.attr?.dtype?.type}`);
      const shape = readShapeAttribute(node, 'shape');
      if (shape === undefined) context.unsupported(node, 'an input without a declared shape');
      context.define(node.name, activation(node.name, shape, 'tf', dtype));
      graphInputs.push(valueInfo(node.name, dtype, onnxDimensions(shape)));
      inputSignatures.push({ name: node.name, dtype, shape: onnxDimensions(shape) });
    } else {
      const handler = opHandlers[node.op];
      if (handler === undefined) context.unsupported(node);
      handler(node, context);
    }
  }

  const graphOutputs: ValueInfoProto[] = [];
  const outputSignatures: OnnxTensorSignature[] = [];
  for (const name of outputNames) {
    const value = context.lookup(name);
    if (value === undefined) return context.corrupt(`output "${name}" was never computed`);
    // Outputs go back to the model's own (NHWC) layout.
    if (value.layout === 'nchw' && value.constant === undefined) {
      const perm = intsAttribute('perm', nchwToNhwcPermutation);
      const nodeName = context.uniqueName(`${name}/to_nhwc`);
      context.nodes.push(nodeProto('Transpose', nodeName, [value.onnxName ?? ''], [name], [perm]));
    } else {
      const nodeName = context.uniqueName(`${name}/output`);
      context.nodes.push(nodeProto('Identity', nodeName, [context.inTfOrder(value, name)], [name]));
    }
    graphOutputs.push(valueInfo(name, value.dtype, onnxDimensions(value.shape)));
    outputSignatures.push({ name, dtype: value.dtype, shape: onnxDimensions(value.shape) });
  }

  const { nodes: liveOnnxNodes, initializers } = pruneUnused(
    context.nodes,
    context.initializers,
    outputNames,
  );
  const bytes = encodeOnnxModel({
    graphName: modelId,
    nodes: liveOnnxNodes,
    initializers,
    inputs: graphInputs,
    outputs: graphOutputs,
    docString: source.description ?? `Converted from the TF.js graph model "${modelId}"`,
    producerVersion: TFJS_CONVERTER_VERSION,
    metadata: { modelId, ...source.metadata },
  });
  return { bytes, inputs: inputSignatures, outputs: outputSignatures, nodeCount: liveOnnxNodes.length };
}

/**
 * Drops nodes and initializers no output depends on — e.g. a Relu whose work a folded Clip took
 * over. Nodes are in topological order, so one backward pass finds everything that is needed.
 */
function pruneUnused(
  nodes: readonly NodeProto[],
  initializers: readonly TensorProto[],
  outputNames: readonly string[],
): { nodes: NodeProto[]; initializers: TensorProto[] } {
  const needed = new Set(outputNames);
  const kept: NodeProto[] = [];
  for (let index = nodes.length - 1; index >= 0; index--) {
    const node = nodes[index];
    if (node === undefined || !(node.output ?? []).some((output) => needed.has(output))) continue;
    kept.push(node);
    for (const input of node.input ?? []) if (input !== '') needed.add(input);
  }
  return {
    nodes: kept.reverse(),
    initializers: initializers.filter((initializer) => needed.has(initializer.name ?? '')),
  };
}

/** Reads model.json and its shards from disk (shards are resolved next to model.json). */
export function convertTfjsGraphModelFile(
  modelId: string,
  modelJsonPath: string,
  options: Pick<TfjsGraphModelSource, 'description' | 'metadata'> = {},
): ConvertedOnnxModel {
  const folder = dirname(modelJsonPath);
  const readOrExplain = (path: string, what: string): Buffer => {
    try {
      return readFileSync(path);
    } catch (error) {
      throw new StudioError(
        'MODEL_CORRUPT',
        `Model "${modelId}": cannot read ${what} ${path} (${String(error)}).`,
        {
          cause: error,
        },
      );
    }
  };
  return convertTfjsGraphModel({
    modelId,
    modelJsonText: readOrExplain(modelJsonPath, 'model file').toString('utf8'),
    readWeightShard: (shard) => {
      if (shard.includes('..') || shard.startsWith('/')) {
        throw new StudioError(
          'MODEL_CORRUPT',
          `Model "${modelId}": weight path "${shard}" leaves the model folder.`,
        );
      }
      return readOrExplain(join(folder, shard), 'weight file');
    },
    ...options,
  });
}
