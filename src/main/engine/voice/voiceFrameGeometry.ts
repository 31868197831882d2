// The fixed geometry every voice module shares. One internal rate keeps the DSP simple: ffmpeg
// resamples every input to it, and 22.05 kHz is the native rate of espeak-ng and of LJ Speech, so
// text-to-speech and the common TTS corpora need no resampling at all. 11 kHz of bandwidth covers
// everything that identifies a speaking voice.
export const VOICE_SAMPLE_RATE = 22_050;

/** Analysis/synthesis frame hop: 110 samples ≈ 5 ms (the rate WORLD-style vocoders use). */
export const FRAME_HOP = 110;

/** Spectra handed between analysis, conversion and synthesis: 1024-point FFT, 513 bins of 21.5 Hz. */
export const SPECTRUM_FFT_SIZE = 1024;
export const SPECTRUM_BINS = SPECTRUM_FFT_SIZE / 2 + 1;

/**
 * Speaking F0 range tracked (a deep male voice to a child's high voice). The floor sits above
 * 50/60 Hz on purpose: mains hum in the pauses of old recordings (JFK's inaugural has it) is
 * perfectly periodic and would otherwise be tracked as "voiced"; modal speech does not go that low.
 */
export const MIN_F0_HZ = 65;
export const MAX_F0_HZ = 800;

export function binFrequencyHz(bin: number): number {
  return (bin * VOICE_SAMPLE_RATE) / SPECTRUM_FFT_SIZE;
}

export function frameTimeSeconds(frameIndex: number): number {
  return (frameIndex * FRAME_HOP) / VOICE_SAMPLE_RATE;
}
