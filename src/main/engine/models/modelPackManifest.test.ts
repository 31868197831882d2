// The pack manifests in models/packs, their schema's rules, the catalogue and the mirror layout.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { downloadSourcesFor, modelMirrorFromEnvironment } from './modelDownloadSources';
import { PackCatalogue } from './modelPackCatalogue';
import { packIsNonCommercial, parsePackManifest } from './modelPackManifest';
import { loadRealPackManifest, writePackManifest } from './testSupport/fixturePacks';

describe('model pack manifests', () => {
  it('lists the face swap, lip sync and voice packs with their licences, hashes and signatures', async () => {
    const catalogue = await PackCatalogue.load({ extraDirectory: '' });
    expect(catalogue.packs.map((pack) => pack.id)).toEqual([
      'faceswap-inswapper',
      'lipsync-wav2lip',
      'voice-rvc',
    ]);
    const faceswap = catalogue.pack('faceswap-inswapper');
    expect(faceswap.files.map((file) => [file.id, file.optional])).toEqual([
      ['inswapper-128', false],
      ['arcface-w600k-r50', false],
      ['gfpgan-1.4', true],
    ]);
    expect(catalogue.file('faceswap-inswapper', 'inswapper-128')).toMatchObject({
      bytes: 554_253_681,
      sha256: 'e4a3f08c753cb72d04e10aa0f7dbe3deebbf39567d4ead6dce08e98aa49e16af',
      licence: { commercialUse: 'no' },
    });
    expect(catalogue.file('faceswap-inswapper', 'arcface-w600k-r50').sha256).toBe(
      '4c06341c33c2ca1f86781dab0e829f88ad5b64be9fba56e56bc9ebdefc619e43',
    );
    expect(catalogue.file('lipsync-wav2lip', 'wav2lip-gan-96')).toMatchObject({
      sha256: null,
      integrity: { kind: 'crc32-sidecar' },
      licence: { commercialUse: 'no' },
    });
    expect(catalogue.file('voice-rvc', 'contentvec-768-l12')).toMatchObject({
      integrity: { kind: 'none' },
      licence: { commercialUse: 'unknown' },
    });
    expect(packIsNonCommercial(faceswap)).toBe(true);
    expect(packIsNonCommercial(catalogue.pack('lipsync-wav2lip'))).toBe(true);
    expect(packIsNonCommercial(catalogue.pack('voice-rvc'))).toBe(false);
    expect(
      catalogue.userFileKind('voice-rvc', 'rvc-v2-voice')?.signature.inputs.map((tensor) => tensor.name),
    ).toEqual(['phone', 'phone_lengths', 'pitch', 'pitchf', 'ds', 'rnd']);
    expect(
      catalogue.findModel('rmvpe')?.file.alternativeSignatures.map((signature) => signature.label),
    ).toEqual(['RMVPE waveform export (zstanecic/RMVPE export.py)']);
  });

  it('names what is wrong with an invalid manifest', async () => {
    const base = await loadRealPackManifest('lipsync-wav2lip');
    const withHash = { ...base, files: [{ ...base.files[0]!, sha256: 'a'.repeat(64) }] };
    expect(() => parsePackManifest(withHash, 'x.json')).toThrow(
      'Model pack manifest x.json is invalid: files.0.sha256: a sha256 is given exactly when integrity.kind is "published-sha256".',
    );
    const plainHttp = {
      ...base,
      files: [{ ...base.files[0]!, sources: [{ url: 'http://example.org/a.onnx', provider: 'x' }] }],
    };
    expect(() => parsePackManifest(plainHttp, 'y.json')).toThrow(
      /y\.json is invalid: files\.0\.sources\.0\.url/,
    );
    expect(() => parsePackManifest({ ...base, id: 'converted' }, 'z.json')).toThrow(/converted/);
  });

  it('adds the packs of DOPPEL_MODEL_PACKS_DIR and refuses a model id declared twice', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'doppel-packs-'));
    try {
      const base = await loadRealPackManifest('lipsync-wav2lip');
      await writePackManifest(folder, {
        ...base,
        id: 'studio-extra',
        files: [{ ...base.files[0]!, id: 'extra-wav2lip' }],
      });
      const catalogue = await PackCatalogue.load({ extraDirectory: folder });
      expect(catalogue.packs.map((pack) => pack.id)).toContain('studio-extra');
      await writePackManifest(folder, { ...base, id: 'studio-clash' });
      await expect(PackCatalogue.load({ extraDirectory: folder })).rejects.toThrow(
        'Model id "wav2lip-gan-96" is declared by both pack "lipsync-wav2lip" and pack "studio-clash".',
      );
      await writeFile(join(folder, 'misnamed.json'), JSON.stringify({ ...base, id: 'other-name' }));
      await expect(PackCatalogue.load({ extraDirectory: folder })).rejects.toThrow(
        /must be named other-name\.json/,
      );
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it('maps files onto a mirror as <mirror>/<pack>/<file>, with the CRC32 sidecar where the pack uses one', async () => {
    const catalogue = await PackCatalogue.load({ extraDirectory: '' });
    const wav2lip = catalogue.pack('lipsync-wav2lip');
    expect(downloadSourcesFor(wav2lip, wav2lip.files[0]!, 'http://127.0.0.1:9/models')).toEqual([
      {
        url: 'http://127.0.0.1:9/models/lipsync-wav2lip/wav2lip_gan_96.onnx',
        crc32Url: 'http://127.0.0.1:9/models/lipsync-wav2lip/wav2lip_gan_96.hash',
        provider: 'mirror http://127.0.0.1:9/models',
      },
    ]);
    expect(downloadSourcesFor(wav2lip, wav2lip.files[0]!, undefined).map((source) => source.url)).toEqual([
      'https://github.com/facefusion/facefusion-assets/releases/download/models-3.0.0/wav2lip_gan_96.onnx',
      'https://huggingface.co/facefusion/models-3.0.0/resolve/main/wav2lip_gan_96.onnx',
    ]);
    expect(modelMirrorFromEnvironment({ DOPPEL_MODEL_MIRROR: 'https://models.example.org/doppel/' })).toBe(
      'https://models.example.org/doppel',
    );
    expect(() => modelMirrorFromEnvironment({ DOPPEL_MODEL_MIRROR: 'ftp://x' })).toThrow(/http or https/);
    expect(modelMirrorFromEnvironment({})).toBeUndefined();
  });
});
