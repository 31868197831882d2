// Builds ONNX protobuf messages (via onnx-proto, generated protobufjs classes) and serialises a
// model. Everything written here is deterministic — no timestamps, no map iteration over unsorted
// keys — so the same source files always give the same .onnx bytes and the same sha256, which the
// model manifests pin.
import onnxProto from 'onnx-proto';
import type { onnx } from 'onnx-proto';

// onnx-proto is CommonJS assigning module.exports at runtime, so only the default import works
// under plain Node ESM as well as under bundlers.
const { onnx: messages } = onnxProto;

export type NodeProto = onnx.INodeProto;
export type TensorProto = onnx.ITensorProto;
export type AttributeProto = onnx.IAttributeProto;
export type ValueInfoProto = onnx.IValueInfoProto;

export type OnnxElementType = 'float32' | 'int32' | 'int64' | 'bool';

export const ONNX_OPSET = 13;
/** IR version 7 is the first that supports opset 13 and is accepted by every ORT release since 1.6. */
const IR_VERSION = 7;

const elementTypeCodes: Record<OnnxElementType, number> = {
  float32: messages.TensorProto.DataType.FLOAT,
  int32: messages.TensorProto.DataType.INT32,
  int64: messages.TensorProto.DataType.INT64,
  bool: messages.TensorProto.DataType.BOOL,
};

function littleEndianBytes(data: Float32Array | Int32Array | BigInt64Array | Uint8Array): Uint8Array {
  // Typed arrays use the platform byte order; ONNX raw_data is little-endian. Every platform the
  // studio ships on (x64, arm64) is little-endian, which a startup check in the cache asserts.
  return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
}

export function float32Tensor(name: string, dims: readonly number[], data: Float32Array): TensorProto {
  return messages.TensorProto.create({
    name,
    dims: [...dims],
    dataType: elementTypeCodes.float32,
    rawData: littleEndianBytes(data),
  });
}

export function int32Tensor(name: string, dims: readonly number[], data: Int32Array): TensorProto {
  return messages.TensorProto.create({
    name,
    dims: [...dims],
    dataType: elementTypeCodes.int32,
    rawData: littleEndianBytes(data),
  });
}

export function int64Tensor(name: string, dims: readonly number[], values: readonly number[]): TensorProto {
  const data = BigInt64Array.from(values.map((value) => BigInt(value)));
  return messages.TensorProto.create({
    name,
    dims: [...dims],
    dataType: elementTypeCodes.int64,
    rawData: littleEndianBytes(data),
  });
}

export function intAttribute(name: string, value: number): AttributeProto {
  return { name, type: messages.AttributeProto.AttributeType.INT, i: value };
}

export function intsAttribute(name: string, values: readonly number[]): AttributeProto {
  return { name, type: messages.AttributeProto.AttributeType.INTS, ints: [...values] };
}

export function floatAttribute(name: string, value: number): AttributeProto {
  return { name, type: messages.AttributeProto.AttributeType.FLOAT, f: value };
}

export function stringAttribute(name: string, value: string): AttributeProto {
  return { name, type: messages.AttributeProto.AttributeType.STRING, s: new TextEncoder().encode(value) };
}

/** A dimension is a fixed size (number >= 0) or a symbolic name (string), e.g. "batch". */
export type OnnxDimension = number | string;

export function valueInfo(
  name: string,
  dtype: OnnxElementType,
  shape: readonly OnnxDimension[],
): ValueInfoProto {
  return messages.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType: elementTypeCodes[dtype],
        shape: { dim: shape.map((dim) => (typeof dim === 'number' ? { dimValue: dim } : { dimParam: dim })) },
      },
    },
  });
}

export function nodeProto(
  opType: string,
  name: string,
  inputs: readonly string[],
  outputs: readonly string[],
  attributes: readonly AttributeProto[] = [],
): NodeProto {
  return messages.NodeProto.create({
    opType,
    name,
    input: [...inputs],
    output: [...outputs],
    attribute: attributes.map((attribute) => messages.AttributeProto.create(attribute)),
  });
}

export interface OnnxModelParts {
  graphName: string;
  nodes: readonly NodeProto[];
  initializers: readonly TensorProto[];
  inputs: readonly ValueInfoProto[];
  outputs: readonly ValueInfoProto[];
  docString: string;
  producerVersion: string;
  /** Written as metadata_props in key order. */
  metadata: Readonly<Record<string, string>>;
}

export function encodeOnnxModel(parts: OnnxModelParts): Uint8Array {
  const model = messages.ModelProto.create({
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    producerName: 'doppel-studio-tfjs-converter',
    producerVersion: parts.producerVersion,
    docString: parts.docString,
    metadataProps: Object.keys(parts.metadata)
      .sort()
      .map((key) => ({ key, value: parts.metadata[key] ?? '' })),
    graph: messages.GraphProto.create({
      name: parts.graphName,
      node: [...parts.nodes],
      initializer: [...parts.initializers],
      input: [...parts.inputs],
      output: [...parts.outputs],
    }),
  });
  return messages.ModelProto.encode(model).finish();
}

/** A one-node model (Relu on float32[1,4]) used to test whether an execution provider can start at all. */
export function encodeProviderProbeModel(): Uint8Array {
  return encodeOnnxModel({
    graphName: 'execution_provider_probe',
    nodes: [nodeProto('Relu', 'probe_relu', ['x'], ['y'])],
    initializers: [],
    inputs: [valueInfo('x', 'float32', [1, 4])],
    outputs: [valueInfo('y', 'float32', [1, 4])],
    docString: 'Execution provider probe',
    producerVersion: '1',
    metadata: {},
  });
}
