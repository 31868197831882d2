// Loads eSpeak NG (@echogarden/espeak-ng-emscripten: an Emscripten/wasm build, GPL-3.0, 22 050 Hz
// int16 output) and types the parts text-to-speech uses; the package ships JavaScript only. The
// specifier is a variable so TypeScript does not look for declarations the package does not have;
// the package is a runtime dependency, resolved by Node like any other.
export interface EspeakEvent {
  type: string;
  text_position: number;
  word_length: number;
  /** Milliseconds from the start of the utterance. */
  audio_position: number;
  id?: string | number;
}

export interface EspeakWorker {
  set_voice(name: string): number;
  set_rate(wordsPerMinute: number): number;
  get_samplerate(): number;
  /** Calls back with int16 PCM chunks (copies); return true to stop. */
  synthesize(text: string, callback: (samples: Int16Array, events: EspeakEvent[]) => boolean): void;
}

interface EspeakModule {
  eSpeakNGWorker: new () => EspeakWorker;
}

type EspeakInitialise = (options?: {
  print?: (text: string) => void;
  printErr?: (text: string) => void;
}) => Promise<EspeakModule>;

let workerLoading: Promise<EspeakWorker> | null = null;

/** The one espeak instance of this process (loading it reads a 24 MB data file: done once). */
export function espeakWorker(): Promise<EspeakWorker> {
  workerLoading ??= (async () => {
    const moduleName = '@echogarden/espeak-ng-emscripten';
    const loaded = (await import(/* @vite-ignore */ moduleName)) as { default: EspeakInitialise };
    const module = await loaded.default({ print: () => undefined, printErr: () => undefined });
    return new module.eSpeakNGWorker();
  })();
  workerLoading.catch(() => (workerLoading = null));
  return workerLoading;
}
