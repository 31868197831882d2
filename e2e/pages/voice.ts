import type { Locator, Page } from '@playwright/test';

/** The Voice tools under the clip inspector (Clip tab) and the voice analysis on identity cards. */
export class VoicePage {
  readonly root: Locator;
  readonly select: Locator;
  readonly newName: Locator;
  readonly create: Locator;
  readonly text: Locator;
  readonly speak: Locator;
  readonly convert: Locator;
  readonly preview: Locator;
  readonly place: Locator;
  readonly busy: Locator;
  readonly error: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('voice-panel');
    this.select = this.root.getByTestId('voice-select');
    this.newName = this.root.getByTestId('voice-new-name');
    this.create = this.root.getByTestId('voice-create');
    this.text = this.root.getByTestId('voice-text');
    this.speak = this.root.getByTestId('voice-speak-button');
    this.convert = this.root.getByTestId('voice-convert');
    this.preview = this.root.getByTestId('voice-preview');
    this.place = this.root.getByTestId('voice-place');
    this.busy = this.root.getByTestId('voice-busy');
    this.error = this.root.getByTestId('voice-error');
  }

  /** The analysis shown inside a voice identity's card (Identities tab). */
  analysisIn(card: Locator): Locator {
    return card.getByTestId('voice-analysis');
  }

  /** Waits for the preview's audio to load and returns its duration in seconds. */
  async previewDurationSeconds(): Promise<number> {
    return this.preview.locator('audio').evaluate(
      (element) =>
        new Promise<number>((resolve, reject) => {
          const audio = element as HTMLAudioElement;
          if (audio.readyState >= 1) return resolve(audio.duration);
          audio.addEventListener('loadedmetadata', () => resolve(audio.duration), { once: true });
          audio.addEventListener('error', () => reject(new Error(`audio error ${audio.error?.code}`)), {
            once: true,
          });
          audio.load();
        }),
    );
  }
}
