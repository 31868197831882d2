// Puts voicing back where it really starts. The pitch tracker's window spans ±21 ms, so it calls a
// frame voiced only once periodic sound fills about half the window: every voiced stretch is
// detected 3–4 frames after the vocal folds start. Resynthesised from those decisions, each onset
// would lose another 15–20 ms, audibly clipping syllable starts (and the output would measure ~10%
// fewer voiced frames than the input). Holding a few frames back lets us extend each voiced stretch
// backwards over the unvoiced frames just before it, with the onset's F0 and aperiodicity.
import type { SynthesisFrame } from './pulseVocoderSynthesizer';

/** Frames (5 ms each) an onset is moved earlier by. */
export const ONSET_LEAD_FRAMES = 3;

export class VoicingOnsetCompensator {
  private readonly held: SynthesisFrame[] = [];

  /** Adds the next frame; returns the frames that can no longer change. */
  push(frame: SynthesisFrame): SynthesisFrame[] {
    const previous = this.held.at(-1);
    if (frame.f0Hz > 0 && previous !== undefined && previous.f0Hz === 0) {
      for (let back = this.held.length - 1; back >= 0 && this.held[back]!.f0Hz === 0; back--) {
        this.held[back] = { ...this.held[back]!, f0Hz: frame.f0Hz, aperiodicity: frame.aperiodicity };
      }
    }
    this.held.push(frame);
    return this.held.length > ONSET_LEAD_FRAMES
      ? this.held.splice(0, this.held.length - ONSET_LEAD_FRAMES)
      : [];
  }

  flush(): SynthesisFrame[] {
    return this.held.splice(0);
  }
}
