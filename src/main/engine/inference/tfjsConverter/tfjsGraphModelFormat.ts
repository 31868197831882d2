// The TF.js graph-model file format (model.json): schema, attribute decoding and the model's
// declared inputs/outputs. The JSON mirrors TensorFlow's GraphDef protobuf as protobuf-JSON, which
// is why 64-bit ints arrive as strings, strings arrive base64-encoded and lists are {list:{i:[...]}}.
import { z } from 'zod';
import { StudioError } from '../../../../shared/errors';

const attributeListSchema = z
  .object({
    s: z.array(z.string()).optional(),
    i: z.array(z.union([z.string(), z.number()])).optional(),
    f: z.array(z.number()).optional(),
    b: z.array(z.boolean()).optional(),
    type: z.array(z.string()).optional(),
  })
  .loose();

const attributeValueSchema = z
  .object({
    s: z.string().optional(),
    i: z.union([z.string(), z.number()]).optional(),
    f: z.number().optional(),
    b: z.boolean().optional(),
    type: z.string().optional(),
    list: attributeListSchema.optional(),
  })
  .loose();

const graphNodeSchema = z
  .object({
    name: z.string(),
    op: z.string(),
    input: z.array(z.string()).optional(),
    attr: z.record(z.string(), attributeValueSchema).optional(),
  })
  .loose();

const weightEntrySchema = z
  .object({
    name: z.string(),
    shape: z.array(z.number().int().nonnegative()),
    dtype: z.enum(['float32', 'int32', 'bool']),
    quantization: z
      .object({
        dtype: z.enum(['uint8', 'uint16', 'float16']),
        scale: z.number().optional(),
        min: z.number().optional(),
        original_dtype: z.string().optional(),
      })
      .loose()
      .optional(),
  })
  .loose();

export const weightGroupSchema = z.object({
  paths: z.array(z.string()).min(1),
  weights: z.array(weightEntrySchema),
});

const signatureTensorSchema = z
  .object({
    name: z.string(),
    dtype: z.string().optional(),
    tensorShape: z
      .object({ dim: z.array(z.object({ size: z.union([z.string(), z.number()]).optional() })).optional() })
      .optional(),
  })
  .loose();

const signatureSchema = z
  .object({
    inputs: z.record(z.string(), signatureTensorSchema).optional(),
    outputs: z.record(z.string(), signatureTensorSchema).optional(),
  })
  .loose();

const graphModelSchema = z
  .object({
    format: z.string().optional(),
    generatedBy: z.string().optional(),
    convertedBy: z.string().optional(),
    modelTopology: z.object({ node: z.array(graphNodeSchema).min(1) }).loose(),
    weightsManifest: z.array(weightGroupSchema),
    signature: signatureSchema.nullish(),
    userDefinedMetadata: z.object({ signature: signatureSchema.optional() }).loose().nullish(),
  })
  .loose();

export type TfjsAttributeValue = z.infer<typeof attributeValueSchema>;
export type TfjsGraphNode = z.infer<typeof graphNodeSchema>;
export type TfjsWeightEntry = z.infer<typeof weightEntrySchema>;
export type TfjsWeightGroup = z.infer<typeof weightGroupSchema>;
export type TfjsGraphModelJson = z.infer<typeof graphModelSchema>;

/** Parses model.json text; anything that is not a TF.js graph model is reported as a corrupt model. */
export function parseTfjsGraphModelJson(modelId: string, jsonText: string): TfjsGraphModelJson {
  let raw: unknown;
  try {
    raw = JSON.parse(jsonText);
  } catch (error) {
    throw new StudioError(
      'MODEL_CORRUPT',
      `Model "${modelId}": model.json is not valid JSON (${String(error)}).`,
      {
        cause: error,
      },
    );
  }
  const parsed = graphModelSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.join('.')}: ${issue.message}` : 'unknown problem';
    throw new StudioError(
      'MODEL_CORRUPT',
      `Model "${modelId}": model.json is not a TF.js graph model (${where}).`,
    );
  }
  if (parsed.data.format !== undefined && parsed.data.format !== 'graph-model') {
    throw new StudioError(
      'MODEL_CORRUPT',
      `Model "${modelId}": model.json has format "${parsed.data.format}", expected "graph-model".`,
    );
  }
  return parsed.data;
}

/** Splits a TF tensor reference "node:1" / "^node" into the node name and output index. */
export function parseTensorReference(reference: string): { nodeName: string; outputIndex: number } {
  const name = reference.startsWith('^') ? reference.slice(1) : reference;
  const match = /^(.*):(\d+)$/.exec(name);
  if (match?.[1] !== undefined && match[2] !== undefined) {
    return { nodeName: match[1], outputIndex: Number(match[2]) };
  }
  return { nodeName: name, outputIndex: 0 };
}

/** Control-dependency inputs ("^node") only order execution; they carry no data. */
export function dataInputs(node: TfjsGraphNode): string[] {
  return (node.input ?? []).filter((input) => !input.startsWith('^'));
}

function decodeBase64(text: string): string {
  return Buffer.from(text, 'base64').toString('utf8');
}

export function readStringAttribute(node: TfjsGraphNode, name: string): string | undefined {
  const value = node.attr?.[name]?.s;
  return value === undefined ? undefined : decodeBase64(value);
}

export function readStringListAttribute(node: TfjsGraphNode, name: string): string[] {
  return (node.attr?.[name]?.list?.s ?? []).map(decodeBase64);
}

export function readIntAttribute(node: TfjsGraphNode, name: string): number | undefined {
  const value = node.attr?.[name]?.i;
  return value === undefined ? undefined : Number(value);
}

export function readIntListAttribute(node: TfjsGraphNode, name: string): number[] | undefined {
  const list = node.attr?.[name]?.list;
  if (list === undefined) return undefined;
  return (list.i ?? []).map((value) => Number(value));
}

export function readFloatAttribute(node: TfjsGraphNode, name: string): number | undefined {
  return node.attr?.[name]?.f;
}

export function readBoolAttribute(node: TfjsGraphNode, name: string): boolean | undefined {
  return node.attr?.[name]?.b;
}

/** Placeholder shapes use the TensorShapeProto form {shape:{dim:[{size:"-1"}, ...]}}. */
export function readShapeAttribute(node: TfjsGraphNode, name: string): number[] | undefined {
  const value = node.attr?.[name] as { shape?: { dim?: { size?: string | number }[] } } | undefined;
  const dims = value?.shape?.dim;
  if (dims === undefined) return undefined;
  return dims.map((dim) => Number(dim.size ?? -1));
}

export interface DeclaredTensor {
  /** TF node name (no ":0" suffix). */
  nodeName: string;
}

/**
 * The model's entry and exit points. Converters of different TF.js versions put the signature in
 * different places (top level or userDefinedMetadata) and some have none; then the Placeholders
 * are the inputs and the nodes nobody reads are the outputs.
 */
export function declaredInputsAndOutputs(model: TfjsGraphModelJson): {
  inputs: DeclaredTensor[];
  outputs: DeclaredTensor[];
} {
  const signature = model.signature ?? model.userDefinedMetadata?.signature;
  const nodes = model.modelTopology.node;
  const toDeclared = (entry: { name: string }): DeclaredTensor => ({
    nodeName: parseTensorReference(entry.name).nodeName,
  });
  const placeholders = nodes
    .filter((node) => node.op === 'Placeholder')
    .map((node) => ({ nodeName: node.name }));
  const inputs = signature?.inputs ? Object.values(signature.inputs).map(toDeclared) : placeholders;
  let outputs = signature?.outputs ? Object.values(signature.outputs).map(toDeclared) : [];
  if (outputs.length === 0) {
    const consumed = new Set(
      nodes.flatMap((node) => dataInputs(node).map((i) => parseTensorReference(i).nodeName)),
    );
    outputs = nodes
      .filter((node) => !consumed.has(node.name) && node.op !== 'Const' && node.op !== 'Placeholder')
      .map((node) => ({ nodeName: node.name }));
  }
  return { inputs, outputs };
}
