// voice.* of the contract: voice identities (reference speech + analysis, linked to a consent
// record), conversion of a clip's speech towards an identity, text to speech in an identity's
// voice (both land in the project as new audio assets), and the same on plain files for the CLI.
// Every use of an identity first passes requireConsentedVoiceIdentity (no consent, no voice).
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import type { ServiceImplementation } from '../../shared/contracts/defineService';
import type {
  VoiceAnalysis,
  VoiceEngine,
  VoiceIdentity,
  VoiceProgress,
  VoiceSource,
  voiceService,
} from '../../shared/contracts/voiceContract';
import { Emitter, type Disposable } from '../../shared/disposable';
import { StudioError } from '../../shared/errors';
import type { Asset } from '../../shared/model/schemas';
import { ConsentLedger } from '../engine/provenance/consent/consentLedger';
import { fileSpeechSource } from '../engine/voice/audioFileSources';
import type { VoicePassProgress } from '../engine/voice/dspVoiceConversion';
import type { SpeechProfile } from '../engine/voice/speechProfile';
import { convertSpeechToWav, speakTextToWav, type VoiceJobResult } from '../engine/voice/voiceMatchJobs';
import type { MediaServiceImpl } from './mediaService';
import type { ProjectSession } from './projectSession';
import type { ProjectStore } from '../store/projectStore';
import { requireConsentedVoiceIdentity } from './voiceConsent';
import { convertVoiceFile } from './voiceFileJobs';
import { voiceClonePreviewAudio } from './voiceCloneRenderSources';
import { requireRvcFiles, voiceJobModels, type RvcModelFiles } from './voiceRvcModels';
import { convertWithRvcToWav } from '../engine/voice/rvc/rvcJobs';
import type { AiOperation } from '../engine/provenance/c2pa/renderManifest';
import { VoiceOutputProvenance, type VoiceProvenanceSummary } from '../engine/voice/voiceProvenance';
import {
  analyseSources,
  analysisView,
  cacheVoiceAnalysis,
  readVoiceSources,
  requireAudioAsset,
  voiceAnalysisFor,
  voiceIdentityView,
  writeVoiceSources,
} from './voiceIdentityRecords';

export interface VoiceServiceOptions {
  /** The user data folder: the C2PA signing key every voice output is signed with lives there. */
  dataDir: string;
  /** Creating a voice identity changes the identities panel's list too. */
  onDidChangeIdentities?: () => void;
}

const PROGRESS_INTERVAL_MS = 250;

/** `<folder of the project>/<project name>.doppel-media/voice`: generated audio the project keeps. */
export function generatedVoiceFolder(store: ProjectStore): string {
  return join(dirname(store.path), `${basename(store.path, extname(store.path))}.doppel-media`, 'voice');
}

function safeFileName(text: string): string {
  const cleaned = text
    .replace(/[^\p{L}\p{N} _-]+/gu, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 60);
  return cleaned.length > 0 ? cleaned : 'voice';
}

export class VoiceServiceImpl implements ServiceImplementation<typeof voiceService>, Disposable {
  private readonly progress = new Emitter<VoiceProgress>();
  private readonly identitiesChanged = new Emitter<VoiceIdentity[]>();
  readonly onDidVoiceProgress = this.progress.event;
  readonly onDidChangeVoiceIdentities = this.identitiesChanged.event;

  constructor(
    private readonly session: ProjectSession,
    private readonly media: Pick<MediaServiceImpl, 'import'>,
    private readonly options: VoiceServiceOptions,
  ) {}

  async analyseReference({ sources }: { sources: VoiceSource[] }): Promise<VoiceAnalysis> {
    const store = this.session.require();
    const report = this.progressReporter(randomUUID());
    const analysis = await analyseSources(store, sources, {
      onProgress: (seconds) => report({ phase: 'analysing', processedSeconds: seconds, totalSeconds: null }),
    });
    return analysisView(analysis);
  }

  async createVoiceIdentity(input: {
    name: string;
    sources: VoiceSource[];
    consentId?: string;
  }): Promise<VoiceIdentity> {
    const store = this.session.require();
    if (input.consentId !== undefined && !store.consents.get(input.consentId)) {
      throw new StudioError(
        'NOT_FOUND',
        `There is no consent record with id ${input.consentId} in this project.`,
      );
    }
    // Analyse first: a silent or too short reference is refused before anything is stored.
    const analysis = await analyseSources(store, input.sources);
    const ledger = new ConsentLedger(store);
    const identity = store.transaction(() => {
      const created = ledger.createIdentity({ kind: 'voice', name: input.name });
      if (input.consentId !== undefined) ledger.linkConsent(created.id, input.consentId);
      writeVoiceSources(store, created.id, input.sources);
      return created;
    });
    await cacheVoiceAnalysis(store, identity.id, analysis);
    await this.announce();
    return voiceIdentityView(store, store.identities.get(identity.id) ?? identity);
  }

  async setVoiceSources({
    identityId,
    sources,
  }: {
    identityId: string;
    sources: VoiceSource[];
  }): Promise<VoiceIdentity> {
    const store = this.session.require();
    const identity = store.identities.get(identityId);
    if (!identity || identity.kind !== 'voice') {
      throw new StudioError('NOT_FOUND', `There is no voice identity with id ${identityId} in this project.`);
    }
    const analysis = await analyseSources(store, sources);
    writeVoiceSources(store, identityId, sources);
    await cacheVoiceAnalysis(store, identityId, analysis);
    await this.announce();
    return voiceIdentityView(store, identity);
  }

  async listVoiceIdentities(): Promise<VoiceIdentity[]> {
    const store = this.session.store;
    if (!store) return [];
    const voices = store.identities.list().filter((identity) => identity.kind === 'voice');
    return Promise.all(voices.map((identity) => voiceIdentityView(store, identity)));
  }

  async convertClip(input: {
    identityId: string;
    assetId: string;
    startUs?: number;
    endUs?: number;
    engine: VoiceEngine;
    rvc?: RvcModelFiles;
  }) {
    const store = this.session.require();
    const identity = requireConsentedVoiceIdentity(store, input.identityId);
    const asset = requireAudioAsset(store, input);
    const target = (await voiceAnalysisFor(store, identity.id)).profile;
    const source = await fileSpeechSource(asset.path, { startUs: input.startUs, endUs: input.endUs });
    const outputPath = await this.newOutputPath(
      store,
      `${identity.name} - ${basename(asset.name, extname(asset.name))}`,
    );
    const operationId = randomUUID();
    const provenance = await this.projectProvenance(store, identity.id, [asset], input, {
      kind: 'voiceClone',
      description: `The speech of ${asset.name} converted towards the voice of "${identity.name}".`,
    });
    const onProgress = this.progressReporter(operationId);
    if (input.engine === 'rvc') {
      const rvc = await convertWithRvcToWav({
        inputPath: asset.path,
        startUs: input.startUs,
        endUs: input.endUs,
        models: requireRvcFiles(input.engine, input.rvc),
        target,
        outputPath,
        provenance,
        onProgress: (seconds) =>
          onProgress({
            phase: 'converting',
            processedSeconds: seconds,
            totalSeconds: source.durationSeconds,
          }),
      });
      return this.importResult(rvc, 'rvc');
    }
    const result = await convertSpeechToWav(source.open, target, outputPath, {
      provenance,
      label: source.label,
      totalSeconds: source.durationSeconds ?? undefined,
      onProgress,
    });
    return this.importResult(result, input.engine);
  }

  async speak(input: { identityId: string; text: string; engine: VoiceEngine; rvc?: RvcModelFiles }) {
    const store = this.session.require();
    const identity = requireConsentedVoiceIdentity(store, input.identityId);
    const target: SpeechProfile = (await voiceAnalysisFor(store, identity.id)).profile;
    const firstWords = input.text.split(/\s+/).slice(0, 6).join(' ');
    const outputPath = await this.newOutputPath(store, `${identity.name} - ${firstWords}`);
    const operationId = randomUUID();
    this.progress.fire({ operationId, phase: 'speaking', fraction: null, processedSeconds: 0 });
    const provenance = await this.projectProvenance(store, identity.id, [], input, {
      kind: 'voiceClone',
      description: `Typed text spoken in the voice of "${identity.name}".`,
    });
    const onProgress = this.progressReporter(operationId);
    if (input.engine === 'rvc') {
      const rvc = await convertWithRvcToWav({
        text: input.text,
        models: requireRvcFiles(input.engine, input.rvc),
        target,
        outputPath,
        provenance,
        onProgress: (seconds) =>
          onProgress({ phase: 'converting', processedSeconds: seconds, totalSeconds: null }),
      });
      return this.importResult(rvc, 'rvc');
    }
    const result = await speakTextToWav(input.text, target, outputPath, { provenance, onProgress });
    return this.importResult(result, input.engine);
  }

  /** The Voice clone effect's Preview (voiceCloneRenderSources.ts). */
  async previewVoiceClone({ effectId }: { effectId: string }) {
    return voiceClonePreviewAudio(this.session.require(), effectId, this.options.dataDir);
  }

  async convertFile(input: {
    referencePaths: string[];
    inputPath?: string;
    text?: string;
    outputPath: string;
    engine: VoiceEngine;
    rvc?: RvcModelFiles;
  }) {
    const operationId = randomUUID();
    return convertVoiceFile(input, {
      dataDir: this.options.dataDir,
      onProgress: this.progressReporter(operationId),
    });
  }

  /**
   * Watermark + C2PA for a project job: the identity's consent, the input and reference speech,
   * and the models that run. Checked and hashed before any audio is made.
   */
  private async projectProvenance(
    store: ProjectStore,
    identityId: string,
    inputs: readonly Asset[],
    job: { engine: VoiceEngine; rvc?: RvcModelFiles; text?: string },
    operation: Omit<AiOperation, 'modelNames'>,
  ): Promise<VoiceOutputProvenance> {
    const consents = new ConsentLedger(store).assertConsentForRender([identityId]);
    const references = readVoiceSources(store, identityId)
      .map((source) => store.assets.get(source.assetId))
      .filter((asset): asset is Asset => asset !== undefined);
    const sources = [...inputs, ...references].map((asset) => ({ title: asset.name, sha256: asset.sha256 }));
    const models = await voiceJobModels(job.engine, job.rvc, job.text !== undefined);
    return new VoiceOutputProvenance({
      dataDir: this.options.dataDir,
      consents,
      operation: { ...operation, modelNames: models.map((model) => model.name) },
      models,
      sources,
    });
  }

  private async newOutputPath(store: ProjectStore, name: string): Promise<string> {
    const folder = generatedVoiceFolder(store);
    try {
      await mkdir(folder, { recursive: true });
    } catch (error) {
      throw new StudioError(
        'PERMISSION_DENIED',
        `Cannot create the folder for generated voice audio, ${folder}.`,
        {
          cause: error,
        },
      );
    }
    return join(folder, `${safeFileName(name)} ${randomUUID().slice(0, 8)}.wav`);
  }

  private async importResult(
    result: Pick<VoiceJobResult, 'outputPath' | 'sampleCount' | 'sampleRate' | 'provenance'>,
    engine: VoiceEngine,
  ) {
    const imported = await this.media.import({ paths: [result.outputPath] });
    const entry = imported.imported[0];
    if (!entry) {
      const failure = imported.failed[0];
      throw new StudioError(
        'INTERNAL',
        `The generated audio ${result.outputPath} could not be imported: ${failure?.message ?? 'unknown reason'}.`,
      );
    }
    const asset: Asset = entry.asset;
    return {
      asset,
      durationUs: Math.round((result.sampleCount / result.sampleRate) * 1_000_000),
      engine,
      provenance: result.provenance as VoiceProvenanceSummary,
    };
  }

  private progressReporter(operationId: string): (progress: VoicePassProgress) => void {
    let last = 0;
    return (progress) => {
      const now = performance.now();
      if (now - last < PROGRESS_INTERVAL_MS) return;
      last = now;
      const total = progress.totalSeconds;
      this.progress.fire({
        operationId,
        phase: progress.phase,
        fraction: total && total > 0 ? Math.min(1, progress.processedSeconds / total) : null,
        processedSeconds: progress.processedSeconds,
      });
    };
  }

  private async announce(): Promise<void> {
    this.identitiesChanged.fire(await this.listVoiceIdentities());
    this.options.onDidChangeIdentities?.();
  }

  dispose(): void {
    this.progress.dispose();
    this.identitiesChanged.dispose();
  }
}
