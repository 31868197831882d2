// Text to speech with eSpeak NG (the Emscripten/wasm build, so it runs offline in plain Node): the
// text is cut into clauses at punctuation, each clause is spoken with its own punctuation (so
// espeak's intonation ends it as a statement, a question or a continuation), espeak's own edge
// silence is trimmed, and the pause that punctuation calls for is inserted instead. The result is
// mono float32 at 22 050 Hz, espeak's native rate (= VOICE_SAMPLE_RATE, no resampling), ready for
// the voice match that turns it into the identity's voice.
import { StudioError } from '../../../shared/errors';
import { VOICE_SAMPLE_RATE } from './voiceFrameGeometry';
import { espeakWorker, type EspeakWorker } from './espeakNgModule';

export interface Clause {
  text: string;
  /** Silence after the clause, from its closing punctuation. */
  pauseAfterMs: number;
}

export interface SpokenClause {
  text: string;
  startSample: number;
  endSample: number;
}

export interface SynthesizedSpeech {
  samples: Float32Array;
  sampleRate: number;
  clauses: SpokenClause[];
  voice: string;
}

export type SpeakerVoice = 'male' | 'female';

export interface TextToSpeechOptions {
  voice?: SpeakerVoice;
  wordsPerMinute?: number;
}

export const MAX_TEXT_LENGTH = 5000;
const PARAGRAPH_PAUSE_MS = 700;
const EDGE_SILENCE_MS = 60;
const TRIM_THRESHOLD = 10 ** (-50 / 20);
const TRIM_MARGIN_MS = 15;
const ESPEAK_VOICES: Record<SpeakerVoice, string> = { male: 'en-us', female: 'en-us+f3' };

/** Pause after a clause by its closing punctuation (ms). */
function pauseFor(punctuation: string): number {
  if (punctuation.includes('…') || punctuation.includes('...')) return 600;
  if (/[.!?]/.test(punctuation)) return 450;
  if (/[;:]/.test(punctuation)) return 300;
  if (/[—–]/.test(punctuation)) return 250;
  if (punctuation.includes(',')) return 200;
  return 0;
}

/**
 * Splits text into clauses at punctuation that is followed by a space or the end ("3.5" and
 * "e.g." inside a word stay whole); blank lines end a paragraph with a longer pause.
 */
export function splitIntoClauses(text: string): Clause[] {
  const clauses: Clause[] = [];
  const paragraphs = text.replace(/\r\n?/g, '\n').split(/\n\s*\n/);
  paragraphs.forEach((paragraph, paragraphIndex) => {
    const flat = paragraph.replace(/\s+/g, ' ').trim();
    const pattern = /(.+?)([.!?;:,…—–]+)(?=\s|$)|(.+?)\s+([—–])(?=\s)|(.+)$/gu;
    let match: RegExpExecArray | null;
    while ((match = pattern.exec(flat)) !== null) {
      const body = (match[1] ?? match[3] ?? match[5] ?? '').trim();
      const punctuation = match[2] ?? match[4] ?? '';
      const clauseText = `${body}${match[2] ?? ''}`.trim();
      if (body.replace(/[\p{P}\s]/gu, '').length > 0)
        clauses.push({ text: clauseText, pauseAfterMs: pauseFor(punctuation) });
      if (match[0].length === 0) pattern.lastIndex++;
    }
    const last = clauses.at(-1);
    if (last && paragraphIndex < paragraphs.length - 1)
      last.pauseAfterMs = Math.max(last.pauseAfterMs, PARAGRAPH_PAUSE_MS);
  });
  const last = clauses.at(-1);
  if (last) last.pauseAfterMs = 0;
  return clauses;
}

function trimSilence(samples: Float32Array): Float32Array {
  let first = 0;
  while (first < samples.length && Math.abs(samples[first]!) < TRIM_THRESHOLD) first++;
  let last = samples.length - 1;
  while (last > first && Math.abs(samples[last]!) < TRIM_THRESHOLD) last--;
  if (first >= samples.length) return new Float32Array(0);
  const margin = Math.round((TRIM_MARGIN_MS / 1000) * VOICE_SAMPLE_RATE);
  return samples.subarray(Math.max(0, first - margin), Math.min(samples.length, last + 1 + margin));
}

function speakClause(worker: EspeakWorker, text: string): Float32Array {
  const chunks: Int16Array[] = [];
  worker.synthesize(text, (samples) => {
    if (samples.length > 0) chunks.push(samples.slice());
    return false;
  });
  const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const samples = new Float32Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    for (let index = 0; index < chunk.length; index++) samples[offset + index] = chunk[index]! / 32768;
    offset += chunk.length;
  }
  return trimSilence(samples);
}

/** Speaks `text` (English) with espeak-ng; pauses follow punctuation. */
export async function synthesizeSpeech(
  text: string,
  options: TextToSpeechOptions = {},
): Promise<SynthesizedSpeech> {
  const trimmed = text.trim();
  if (trimmed.length === 0) throw new StudioError('INVALID_ARGUMENT', 'There is no text to speak.');
  if (trimmed.length > MAX_TEXT_LENGTH) {
    throw new StudioError(
      'INVALID_ARGUMENT',
      `The text is ${trimmed.length} characters long; speak at most ${MAX_TEXT_LENGTH} at a time.`,
    );
  }
  const clauses = splitIntoClauses(trimmed);
  if (clauses.length === 0) throw new StudioError('INVALID_ARGUMENT', 'The text has no words to speak.');
  const worker = await espeakWorker();
  const voice = ESPEAK_VOICES[options.voice ?? 'male'];
  if (worker.set_voice(voice) !== 0) throw new StudioError('INTERNAL', `espeak-ng has no voice "${voice}".`);
  worker.set_rate(options.wordsPerMinute ?? 165);
  if (worker.get_samplerate() !== VOICE_SAMPLE_RATE) {
    throw new StudioError(
      'INTERNAL',
      `espeak-ng speaks at ${worker.get_samplerate()} Hz, expected ${VOICE_SAMPLE_RATE}.`,
    );
  }
  const edge = Math.round((EDGE_SILENCE_MS / 1000) * VOICE_SAMPLE_RATE);
  const pieces: Float32Array[] = [new Float32Array(edge)];
  const spoken: SpokenClause[] = [];
  let position = edge;
  for (const clause of clauses) {
    const audio = speakClause(worker, clause.text);
    spoken.push({ text: clause.text, startSample: position, endSample: position + audio.length });
    pieces.push(audio);
    position += audio.length;
    const pause = Math.round((clause.pauseAfterMs / 1000) * VOICE_SAMPLE_RATE);
    pieces.push(new Float32Array(pause));
    position += pause;
  }
  pieces.push(new Float32Array(edge));
  position += edge;
  const samples = new Float32Array(position);
  let offset = 0;
  for (const piece of pieces) {
    samples.set(piece, offset);
    offset += piece.length;
  }
  return { samples, sampleRate: VOICE_SAMPLE_RATE, clauses: spoken, voice };
}
