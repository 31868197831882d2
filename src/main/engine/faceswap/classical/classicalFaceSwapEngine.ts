// The "classical" engine of the face-swap effect: a mesh warp of the source face onto each target
// face (classicalFaceSwapper.ts). Needs no model beyond the embedded face models that find the
// faces, so it always works offline.
import type { FaceSwapEngine } from '../faceSwapEngine';
import { ClassicalFaceSwapper, type ClassicalSwapSettings } from './classicalFaceSwapper';

export const classicalFaceSwapEngine: FaceSwapEngine<ClassicalSwapSettings> = {
  id: 'classical',
  displayName: 'Classical (mesh warp, offline)',
  requiredModels: () => [],
  async createSwapper(source, settings) {
    const swapper = new ClassicalFaceSwapper(source, settings);
    return {
      swapFace: (frame, targetMesh) => swapper.swapFace(frame, targetMesh),
      dispose: () => undefined,
    };
  },
};
