// The Lip sync effect's settings: what a new effect starts with (the inspector edits the fields an
// effect has, so the speech fields must be there, empty), and the refusals that name the field.
import { describe, expect, it } from 'vitest';
import { createLipSyncProcessor } from './lipSyncProcessor';
import { parseLipSyncParams } from './lipSyncParams';

describe('lip sync settings', () => {
  it('starts with empty speech fields, the classical engine, full strength and the main face', () => {
    // What the timeline service offers as the new effect's params (effectKindsFromFrameProcessors).
    expect(createLipSyncProcessor().parseParams({})).toEqual({
      audioClipId: '',
      audioAssetId: '',
      engine: 'classical',
      strength: 1,
      trackId: null,
    });
  });

  it('takes a clip or an asset, not both, and names what is wrong', () => {
    expect(parseLipSyncParams({ audioClipId: 'clip-1', audioAssetId: '' }).audioClipId).toBe('clip-1');
    expect(() => parseLipSyncParams({ audioClipId: 'clip-1', audioAssetId: 'asset-1' })).toThrow(/not both/);
    expect(() => parseLipSyncParams({ engine: 'neural' })).toThrow(/engine/);
    expect(() => parseLipSyncParams({ strength: 2 })).toThrow(/strength/);
    expect(() => parseLipSyncParams({ audioAssetId: 'no spaces allowed' })).toThrow(/audioAssetId/);
  });
});
