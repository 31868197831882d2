// What the lip-sync processor asks of an engine (classical or Wav2Lip) once it is prepared for a
// clip: animate one frame, or say the frame has no face to animate (it then passes through).
import type { RgbFrame } from '../face/rgbFrame';

export interface LipSyncFrameEngine {
  readonly name: string;
  /**
   * Changes `frame.data` (RGB24) in place. `sourceUs` is the frame's time in the video,
   * `timelineUs` its time on the timeline. Returns false when the frame was left as it was.
   */
  renderFrame(frame: RgbFrame, sourceUs: number, timelineUs: number): boolean | Promise<boolean>;
  dispose(): void;
}
