import type { Locator, Page } from '@playwright/test';

export interface ClipFacts {
  id: string;
  trackId: string;
  assetId: string;
  startUs: number;
  inUs: number;
  outUs: number;
  linkGroup: string;
}

/** The timeline: tracks, clips, ruler/playhead, zoom, undo/redo. */
export class TimelinePage {
  readonly root: Locator;
  readonly lanes: Locator;
  readonly clips: Locator;
  readonly ruler: Locator;
  readonly playhead: Locator;
  readonly error: Locator;
  readonly zoom: Locator;
  readonly emptyHint: Locator;
  readonly undoButton: Locator;
  readonly redoButton: Locator;
  readonly snapGuide: Locator;
  readonly markers: Locator;

  constructor(readonly page: Page) {
    this.root = page.getByTestId('timeline');
    this.lanes = this.root.getByTestId('track-lane');
    this.clips = this.root.getByTestId('timeline-clip');
    this.ruler = this.root.getByTestId('timeline-ruler');
    this.playhead = this.root.getByTestId('timeline-playhead');
    this.error = this.root.getByTestId('timeline-error');
    this.zoom = this.root.getByTestId('timeline-zoom');
    this.emptyHint = this.root.getByTestId('timeline-empty');
    this.undoButton = this.root.getByTestId('timeline-undo');
    this.redoButton = this.root.getByTestId('timeline-redo');
    this.snapGuide = this.root.getByTestId('snap-guide');
    this.markers = this.root.getByTestId('timeline-marker');
  }

  /** Every clip as the page draws it (position and source range from its data attributes). */
  async clipFacts(): Promise<ClipFacts[]> {
    return this.clips.evaluateAll((elements) =>
      elements
        .map((element) => ({
          id: element.getAttribute('data-clip-id')!,
          trackId: element.getAttribute('data-track-id')!,
          assetId: element.getAttribute('data-asset-id')!,
          startUs: Number(element.getAttribute('data-start-us')),
          inUs: Number(element.getAttribute('data-in-us')),
          outUs: Number(element.getAttribute('data-out-us')),
          linkGroup: element.getAttribute('data-link-group') ?? '',
        }))
        .sort((a, b) => a.trackId.localeCompare(b.trackId) || a.startUs - b.startUs),
    );
  }

  /** The end of the last clip, in µs. */
  async durationUs(): Promise<number> {
    const clips = await this.clipFacts();
    return clips.reduce((end, clip) => Math.max(end, clip.startUs + clip.outUs - clip.inUs), 0);
  }

  clip(id: string): Locator {
    return this.root.locator(`[data-testid="timeline-clip"][data-clip-id="${id}"]`);
  }

  trackIdOf(kind: 'video' | 'audio', index = 0): Promise<string | null> {
    return this.lane(kind, index).getAttribute('data-track-id');
  }

  /** Drags a clip's trim handle ('in' or 'out') by `dx` pixels with the mouse. */
  async dragTrimHandle(clip: Locator, edge: 'in' | 'out', dx: number): Promise<void> {
    const handle = clip.getByTestId(edge === 'in' ? 'clip-trim-in' : 'clip-trim-out');
    const box = await handle.boundingBox();
    if (!box) throw new Error('The trim handle is not visible.');
    const start = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    await this.page.mouse.move(start.x, start.y);
    await this.page.mouse.down();
    for (let step = 1; step <= 5; step += 1) await this.page.mouse.move(start.x + (dx * step) / 5, start.y);
    await this.page.mouse.up();
  }

  lane(kind: 'video' | 'audio', index = 0): Locator {
    return this.root.locator(`[data-testid="track-lane"][data-track-kind="${kind}"]`).nth(index);
  }

  clipsOfAsset(assetId: string): Locator {
    return this.root.locator(`[data-testid="timeline-clip"][data-asset-id="${assetId}"]`);
  }

  clipsOnTrack(trackId: string): Locator {
    return this.root.locator(`[data-testid="timeline-clip"][data-track-id="${trackId}"]`);
  }

  async pxPerSecond(): Promise<number> {
    return Number(await this.zoom.getAttribute('data-px-per-second'));
  }

  /** Horizontal page coordinate of `seconds` on a lane (the timeline must not be scrolled past it). */
  async xAt(lane: Locator, seconds: number): Promise<number> {
    const box = await lane.boundingBox();
    if (!box) throw new Error('The lane is not visible.');
    return box.x + seconds * (await this.pxPerSecond());
  }

  /**
   * HTML5 drag of a bin item onto a lane: dragstart on the item, dragover + drop on the lane at
   * `seconds`, dragend on the item, all sharing one DataTransfer (as a real drag would).
   */
  async dropAsset(binItem: Locator, lane: Locator, seconds: number): Promise<void> {
    const box = await lane.boundingBox();
    if (!box) throw new Error('The lane is not visible.');
    const point = { clientX: await this.xAt(lane, seconds), clientY: box.y + box.height / 2 };
    const dataTransfer = await this.page.evaluateHandle(() => new DataTransfer());
    await binItem.dispatchEvent('dragstart', { dataTransfer });
    await lane.dispatchEvent('dragenter', { dataTransfer, ...point });
    await lane.dispatchEvent('dragover', { dataTransfer, ...point });
    await lane.dispatchEvent('drop', { dataTransfer, ...point });
    await binItem.dispatchEvent('dragend', { dataTransfer });
    await dataTransfer.dispose();
  }

  /** Moves the playhead by clicking the ruler. */
  async seekTo(seconds: number): Promise<void> {
    const box = await this.ruler.boundingBox();
    if (!box) throw new Error('The ruler is not visible.');
    await this.page.mouse.click(box.x + seconds * (await this.pxPerSecond()), box.y + box.height / 2);
  }

  async playheadUs(): Promise<number> {
    return Number(await this.playhead.getAttribute('data-playhead-us'));
  }

  /**
   * Drags a clip with the mouse by `dx` (and optionally `dy`) pixels. `beforeRelease` runs with
   * the button still down (to look at the drag preview).
   */
  async dragClip(clip: Locator, dx: number, dy = 0, beforeRelease?: () => Promise<void>): Promise<void> {
    const box = await clip.boundingBox();
    if (!box) throw new Error('The clip is not visible.');
    const start = { x: box.x + Math.min(20, box.width / 2), y: box.y + box.height / 2 };
    await this.page.mouse.move(start.x, start.y);
    await this.page.mouse.down();
    for (let step = 1; step <= 5; step += 1) {
      await this.page.mouse.move(start.x + (dx * step) / 5, start.y + (dy * step) / 5);
    }
    await beforeRelease?.();
    await this.page.mouse.up();
  }
}
