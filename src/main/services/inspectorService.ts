// inspector.* and provenance.* of the contract: the media inspector (any file, no project needed)
// validating C2PA against this installation's certificate, reading the watermark, measuring the
// face-based deepfake cues (face analysis in a worker thread) and asking the content safety gate
// for its verdict; and the choice of signing certificate.
import { resolve } from 'node:path';
import type { ServiceImplementation } from '../../shared/contracts/defineService';
import type { inspectorService, provenanceService } from '../../shared/contracts/provenanceContract';
import type { InspectionReport, SigningCertificateView } from '../../shared/model/provenanceSchemas';
import {
  installationTrustAnchorsPem,
  loadSigningCredentials,
  summarizeCredentials,
  useInstallationCertificate,
  useUserCertificate,
} from '../engine/provenance/c2pa/signingCredentials';
import type { Disposable } from '../../shared/disposable';
import { FaceAnalysisWorkerClient } from '../engine/face/faceAnalysisWorkerClient';
import type { ContentSafetyInspector } from '../engine/provenance/inspector/contentSafetyVerdict';
import type { CueAnalyzer } from '../engine/provenance/inspector/deepfakeCues';
import {
  createFaceCueAnalyzers,
  type AnalyseFaces,
} from '../engine/provenance/inspector/faceCues/faceCueAnalyzers';
import { inspectMedia } from '../engine/provenance/inspector/inspectMedia';

export interface InspectorServiceOptions {
  /** The content safety verdict (the studio's gate); without it the report says "unavailable". */
  contentSafety?: ContentSafetyInspector;
  /** Runs the face analysis for the cues; default: a face analysis worker thread of this service. */
  analyseFaces?: AnalyseFaces;
}

export class InspectorServiceImpl implements ServiceImplementation<typeof inspectorService>, Disposable {
  /** Started on the first inspection of a picture; the models stay loaded for the next one. */
  private faceWorker: FaceAnalysisWorkerClient | undefined;
  private readonly cueAnalyzers: CueAnalyzer[];

  constructor(
    private readonly dataDir: string,
    private readonly options: InspectorServiceOptions = {},
  ) {
    this.cueAnalyzers = createFaceCueAnalyzers(
      options.analyseFaces ??
        ((path, settings) => {
          this.faceWorker ??= new FaceAnalysisWorkerClient({ dataDir: this.dataDir });
          return this.faceWorker.analyseFile(path, settings);
        }),
    );
  }

  async inspect({ path }: { path: string }): Promise<InspectionReport> {
    return inspectMedia(resolve(path), {
      trustAnchorsPem: await installationTrustAnchorsPem(this.dataDir),
      cueAnalyzers: this.cueAnalyzers,
      ...(this.options.contentSafety === undefined ? {} : { contentSafety: this.options.contentSafety }),
    });
  }

  dispose(): void {
    this.faceWorker?.dispose();
    this.faceWorker = undefined;
  }
}

export class ProvenanceServiceImpl implements ServiceImplementation<typeof provenanceService> {
  constructor(private readonly dataDir: string) {}

  async getSigningCertificate(): Promise<SigningCertificateView> {
    return summarizeCredentials(await loadSigningCredentials(this.dataDir));
  }

  async useCertificate({
    certificatePath,
    keyPath,
  }: {
    certificatePath: string;
    keyPath: string;
  }): Promise<SigningCertificateView> {
    return summarizeCredentials(
      await useUserCertificate(this.dataDir, {
        certificatePath: resolve(certificatePath),
        keyPath: resolve(keyPath),
      }),
    );
  }

  async useInstallationCertificate(): Promise<SigningCertificateView> {
    return summarizeCredentials(await useInstallationCertificate(this.dataDir));
  }
}
