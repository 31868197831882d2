// The inspector's field descriptions (FrameProcessor.paramFields → EffectKind.fields) must agree
// with what each processor's parseParams accepts: a slider that reaches a value the render refuses,
// or a list offering an engine the schema does not know, would be a broken editor.
import { describe, expect, it } from 'vitest';
import { StudioError } from '../../shared/errors';
import {
  effectParamFieldSchema,
  effectParamFieldValue,
  isEffectParamFieldShown,
  type EffectParamField,
} from '../../shared/timeline/effectParamFields';
import { effectKindSchema, type EffectKind } from '../../shared/timeline/editState';
import { builtInFrameProcessorFactories } from '../engine/render/builtInFrameProcessors';
import type { FrameProcessor } from '../engine/render/frameProcessor';
import { effectKindsFromFrameProcessors } from './timelineService';

const kinds = effectKindsFromFrameProcessors();
const processors = new Map<string, FrameProcessor>(
  builtInFrameProcessorFactories.map((factory) => {
    const processor = factory();
    return [processor.id, processor] as const;
  }),
);

function kindNamed(name: string): EffectKind & { fields: EffectParamField[] } {
  const kind = kinds.find((candidate) => candidate.kind === name);
  if (!kind?.fields) throw new Error(`effect kind ${name} declares no fields`);
  return kind as EffectKind & { fields: EffectParamField[] };
}

function accepts(kind: string, params: Record<string, unknown>): boolean {
  try {
    processors.get(kind)!.parseParams(params);
    return true;
  } catch (error) {
    expect(error).toBeInstanceOf(StudioError);
    return false;
  }
}

describe('effect kinds with inspector fields', () => {
  it('declares fields for Face swap, Lip sync and Colour balance, and they survive the contract schema', () => {
    for (const name of ['faceSwap', 'lipSync', 'colorBalance']) {
      const kind = kindNamed(name);
      expect(effectKindSchema.parse(kind)).toEqual(kind);
      expect(new Set(kind.fields.map((field) => field.name)).size).toBe(kind.fields.length);
    }
  });

  it('lets every declared field be set to what it offers, and the render refuses what it does not', () => {
    for (const kind of kinds.filter((candidate) => candidate.fields)) {
      const defaults = kind.defaultParams;
      expect(accepts(kind.kind, defaults), `${kind.kind} defaults`).toBe(true);
      for (const field of kind.fields!) {
        const at = (value: unknown) => accepts(kind.kind, { ...defaults, [field.name]: value });
        if (field.type === 'number') {
          expect(at(field.min), `${kind.kind}.${field.name} min`).toBe(true);
          expect(at(field.max), `${kind.kind}.${field.name} max`).toBe(true);
          expect(at(field.min - 0.001), `${kind.kind}.${field.name} below min`).toBe(false);
          expect(at(field.max + 0.001), `${kind.kind}.${field.name} above max`).toBe(false);
        } else if (field.type === 'choice') {
          for (const choice of field.choices)
            expect(at(choice.value), `${field.name}=${choice.value}`).toBe(true);
          expect(at('no-such-choice'), `${kind.kind}.${field.name} unknown choice`).toBe(false);
        } else if (field.type === 'boolean') {
          expect(at(true) && at(false), `${kind.kind}.${field.name}`).toBe(true);
        } else if (field.type === 'identity') {
          // '' is "none chosen": accepted by the params, refused (if needed) by the pre-check.
          expect(at(''), `${kind.kind}.${field.name} empty`).toBe(true);
          expect(at('identity_1'), `${kind.kind}.${field.name} an id`).toBe(true);
        } else if (field.type === 'integerList') {
          expect(at([0, 3]), `${kind.kind}.${field.name}`).toBe(true);
        } else if (field.type === 'audioSource') {
          expect(at('clip_1') && accepts(kind.kind, { ...defaults, [field.assetParam]: 'asset_1' })).toBe(
            true,
          );
          // One speech at a time: the picker clears the other param, and both set is refused.
          expect(
            accepts(kind.kind, { ...defaults, [field.name]: 'clip_1', [field.assetParam]: 'asset_1' }),
          ).toBe(false);
        }
      }
    }
  });

  it('gives the Face swap a source face param that starts empty and a pre-check that asks for one', async () => {
    const kind = kindNamed('faceSwap');
    expect(kind.defaultParams.sourceIdentityId).toBe('');
    const source = kind.fields.find((field) => field.name === 'sourceIdentityId');
    expect(source).toMatchObject({
      type: 'identity',
      identityKind: 'face',
      label: 'Source face',
      needsConsent: true,
    });
    const processor = processors.get('faceSwap')!;
    const params = processor.parseParams(kind.defaultParams);
    expect(processor.identityIdsOf?.(params)).toEqual([]);
    await expect(
      processor.preCheck(params, { effectId: 'e1', clipId: 'c1', isModelInstalled: async () => true }),
    ).rejects.toThrow(/clip c1.*choose a source face/);
  });

  it('shows the track list only for "chosen face tracks" and the reference only for "looks like"', () => {
    const fields = kindNamed('faceSwap').fields;
    const shown = (params: Record<string, unknown>) =>
      fields.filter((field) => isEffectParamFieldShown(field, params)).map((field) => field.name);
    expect(shown({ targetMode: 'all', engine: 'classical' })).not.toContain('targetTrackIds');
    expect(shown({ targetMode: 'tracks' })).toContain('targetTrackIds');
    expect(shown({ targetMode: 'tracks' })).not.toContain('targetReference');
    expect(shown({ targetMode: 'identity' })).toContain('targetReference');
    expect(shown({ engine: 'inswapper' })).toContain('enhance');
    expect(shown({ engine: 'classical' })).not.toContain('enhance');
  });

  it("binds Lip sync's speech with one picker over the clip and asset params", () => {
    const kind = kindNamed('lipSync');
    const speech = kind.fields.find((field) => field.type === 'audioSource');
    expect(speech).toMatchObject({ name: 'audioClipId', assetParam: 'audioAssetId' });
    expect(kind.defaultParams).toMatchObject({ audioClipId: '', audioAssetId: '' });
    const voice = kind.fields.find((field) => field.name === 'voiceIdentityId');
    expect(voice).toMatchObject({ type: 'identity', identityKind: 'voice' });
    expect(effectParamFieldValue(voice!, {})).toBe('');
    expect(effectParamFieldValue(voice!, { voiceIdentityId: 'v1' })).toBe('v1');
  });

  it('refuses a malformed declaration (a slider without its range)', () => {
    expect(() => effectParamFieldSchema.parse({ name: 'blend', type: 'number', label: 'Blend' })).toThrow();
    expect(() =>
      effectParamFieldSchema.parse({ name: 'engine', type: 'choice', label: 'Engine', choices: [] }),
    ).toThrow();
  });
});
