// Messages between the face-analysis worker thread and its client (faceAnalysisWorkerClient.ts).
import type { SerializedError } from '../../../shared/errors';
import type { ExecutionProviderChoice } from '../inference/executionProviders';
import type { FaceAnalysis, FaceAnalysisSettings } from './faceAnalysisResult';

export interface FaceWorkerData {
  dataDir: string;
  provider?: ExecutionProviderChoice;
}

export type FaceWorkerRequest =
  | { id: number; type: 'identities' }
  | { id: number; type: 'analyse'; path: string; settings: FaceAnalysisSettings };

export type FaceWorkerReply =
  | { id: number; type: 'identities'; identities: string[] }
  | { id: number; type: 'progress'; framesDone: number; framesTotal: number }
  | { id: number; type: 'done'; analysis: FaceAnalysis }
  | { id: number; type: 'error'; error: SerializedError };
