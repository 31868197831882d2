// How the inspector edits an effect's params: a plain description per param that an effect kind
// may declare (its frame processor's `paramFields`), so the renderer, which sees no processor, can
// offer a slider for a 0…1 blend, a list for an engine, the project's identities for a source face
// and the timeline's audio for a speech binding. Kinds that declare none get the generic editor.
import { z } from 'zod';

const paramName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/);

const fieldBase = {
  /** The param it edits. */
  name: paramName,
  /** Plain words, e.g. "Source face". */
  label: z.string().min(1).max(120),
  /** One sentence shown under the field. */
  help: z.string().max(400).optional(),
  /** Value shown (and stored by a new effect) while the param is absent. */
  default: z.unknown().optional(),
  /** Shown only while another param has one of these values (e.g. the track list for "tracks"). */
  shownWhen: z
    .object({ param: paramName, values: z.array(z.union([z.string(), z.number(), z.boolean()])).min(1) })
    .optional(),
};

export const effectParamFieldSchema = z.discriminatedUnion('type', [
  z.object({
    ...fieldBase,
    type: z.literal('number'),
    min: z.number(),
    max: z.number(),
    step: z.number().positive().optional(),
  }),
  z.object({ ...fieldBase, type: z.literal('boolean') }),
  z.object({ ...fieldBase, type: z.literal('text') }),
  /** A list of whole numbers typed as "1, 3" (face track ids). */
  z.object({ ...fieldBase, type: z.literal('integerList') }),
  z.object({
    ...fieldBase,
    type: z.literal('choice'),
    choices: z.array(z.object({ value: z.string(), label: z.string() })).min(1),
  }),
  /** A face or voice identity of the project ('' = none chosen), listed with its consent state. */
  z.object({
    ...fieldBase,
    type: z.literal('identity'),
    identityKind: z.enum(['face', 'voice']),
    /** False: nothing is synthesised from it (a reference face), so consent is not asked. */
    needsConsent: z.boolean().default(true),
  }),
  /**
   * Speech: an audio clip of the timeline (stored in `name`) or an audio asset (stored in
   * `assetParam`); choosing one clears the other.
   */
  z.object({ ...fieldBase, type: z.literal('audioSource'), assetParam: paramName }),
]);
export type EffectParamField = z.infer<typeof effectParamFieldSchema>;
export type EffectParamFieldInput = z.input<typeof effectParamFieldSchema>;

/** Whether a field applies given the effect's current params (its `shownWhen`). */
export function isEffectParamFieldShown(field: EffectParamField, params: Record<string, unknown>): boolean {
  if (!field.shownWhen) return true;
  const current = params[field.shownWhen.param];
  return field.shownWhen.values.some((value) => value === current);
}

/** The value a field shows: the param, or its declared default while absent. */
export function effectParamFieldValue(field: EffectParamField, params: Record<string, unknown>): unknown {
  return field.name in params ? params[field.name] : field.default;
}
