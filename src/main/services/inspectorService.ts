// inspector.* and provenance.* of the contract: the media inspector (any file, no project needed)
// validating C2PA against this installation's certificate, and the choice of signing certificate.
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
import { inspectMedia } from '../engine/provenance/inspector/inspectMedia';

export class InspectorServiceImpl implements ServiceImplementation<typeof inspectorService> {
  constructor(private readonly dataDir: string) {}

  async inspect({ path }: { path: string }): Promise<InspectionReport> {
    return inspectMedia(resolve(path), { trustAnchorsPem: await installationTrustAnchorsPem(this.dataDir) });
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
