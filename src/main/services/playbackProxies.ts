// Makes playback proxies in the background, one at a time, for the open project's videos that the
// viewer cannot play as they are. Editing never waits for them: the viewer plays the original (or
// shows its poster) until the proxy is ready, then switches. Closing or switching the project
// cancels the work in flight; a half-written proxy is never left behind (temp file + rename).
import { existsSync } from 'node:fs';
import { Emitter, type Disposable } from '../../shared/disposable';
import { readStudioError } from '../../shared/errors';
import type { Asset } from '../../shared/model/schemas';
import type { PlaybackProxyState } from '../../shared/model/playbackProxySchemas';
import { makePlaybackProxy, playbackProxyPath, playbackProxyReason } from '../media/playbackProxy';
import type { ProjectStore } from '../store/projectStore';
import type { ProjectSession } from './projectSession';

export class PlaybackProxies implements Disposable {
  private readonly states = new Map<string, PlaybackProxyState>();
  private readonly queue: Asset[] = [];
  private readonly changed = new Emitter<PlaybackProxyState>();
  private readonly subscription: Disposable;
  private abort = new AbortController();
  private running: Promise<void> | null = null;
  readonly onDidChangeProxy = this.changed.event;

  constructor(private readonly session: ProjectSession) {
    this.subscription = session.onDidChangeProject(() => {
      // Summary changes also fire on import; only another store (a switch or a reopen) resets.
      if (session.store !== this.store) this.reset();
      this.refresh();
    });
  }

  private store: ProjectStore | null = null;
  private draining = false;

  list(): PlaybackProxyState[] {
    return [...this.states.values()];
  }

  /** Where the viewer should read `asset` from: its proxy once ready, else null (the original). */
  readyProxyPath(asset: Asset): string | null {
    const store = this.session.store;
    if (!store || this.states.get(asset.id)?.status !== 'ready') return null;
    return playbackProxyPath(store.cacheDir, asset.sha256);
  }

  /** Queues every asset of the open project that needs a proxy and has none yet. */
  refresh(): void {
    const store = this.session.store;
    if (!store) return;
    this.store = store;
    const assets = store.assets.list();
    const present = new Set(assets.map((asset) => asset.id));
    for (const id of this.states.keys()) if (!present.has(id)) this.states.delete(id);
    for (const asset of assets) {
      const reason = playbackProxyReason(asset);
      if (!reason || asset.status === 'missing' || this.states.has(asset.id)) continue;
      if (existsSync(playbackProxyPath(store.cacheDir, asset.sha256))) {
        this.update({ assetId: asset.id, status: 'ready', progress: 1, reason, error: null });
        continue;
      }
      this.update({ assetId: asset.id, status: 'queued', progress: 0, reason, error: null });
      this.queue.push(asset);
    }
    if (!this.draining) {
      this.draining = true;
      const running = this.drain();
      // drain() may already have finished synchronously (nothing queued).
      if (this.draining) this.running = running;
    }
  }

  /** Resolves once nothing is queued or being made (for tests and the CLI). */
  async whenIdle(): Promise<void> {
    while (this.draining && this.running) await this.running;
  }

  private async drain(): Promise<void> {
    for (;;) {
      const asset = this.queue.shift();
      if (!asset) {
        // Cleared in the same turn as the empty-queue check, so a refresh() never strands an item.
        this.draining = false;
        this.running = null;
        return;
      }
      await this.makeProxy(asset);
    }
  }

  private async makeProxy(asset: Asset): Promise<void> {
    const store = this.session.store;
    const state = this.states.get(asset.id);
    if (!store || !state) return;
    const signal = this.abort.signal;
    this.update({ ...state, status: 'making', progress: 0 });
    let lastReported = 0;
    try {
      await makePlaybackProxy(asset, store.cacheDir, {
        signal,
        onProgress: (fraction) => {
          if (fraction - lastReported < 0.05 && fraction < 1) return;
          lastReported = fraction;
          if (!signal.aborted) this.update({ ...state, status: 'making', progress: fraction });
        },
      });
      if (!signal.aborted) this.update({ ...state, status: 'ready', progress: 1 });
    } catch (error) {
      if (signal.aborted) return;
      this.update({
        ...state,
        status: 'failed',
        progress: 0,
        error: `No playback proxy for "${asset.path}": ${readStudioError(error).message}`,
      });
    }
  }

  private update(state: PlaybackProxyState): void {
    this.states.set(state.assetId, state);
    this.changed.fire(state);
  }

  private reset(): void {
    this.abort.abort();
    this.abort = new AbortController();
    this.queue.length = 0;
    this.states.clear();
    this.store = null;
  }

  dispose(): void {
    this.reset();
    this.subscription.dispose();
    this.changed.dispose();
  }
}
