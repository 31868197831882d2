import type { Locator, Page } from '@playwright/test';

/** The viewer: what is under the playhead, and the transport controls. */
export class ViewerPage {
  readonly root: Locator;
  readonly video: Locator;
  readonly image: Locator;
  readonly audio: Locator;
  readonly emptyState: Locator;
  readonly playButton: Locator;
  readonly timecode: Locator;
  readonly nextFrame: Locator;
  readonly previousFrame: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('viewer');
    this.video = this.root.getByTestId('viewer-video');
    this.image = this.root.getByTestId('viewer-image');
    this.audio = this.root.getByTestId('viewer-audio');
    this.emptyState = this.root.getByTestId('viewer-empty');
    this.playButton = this.root.getByTestId('viewer-play');
    this.timecode = this.root.getByTestId('viewer-timecode');
    this.nextFrame = this.root.getByTestId('viewer-next-frame');
    this.previousFrame = this.root.getByTestId('viewer-previous-frame');
  }

  async videoCurrentTime(): Promise<number> {
    return this.video.evaluate((element) => (element as HTMLVideoElement).currentTime);
  }
}
