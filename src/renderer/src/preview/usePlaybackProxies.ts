// The open project's playback proxies (light H.264 copies of videos the viewer cannot play as they
// are), kept live from media.onDidChangeProxy. Media elements key on `proxyKey` so they reload
// the moment a proxy becomes ready instead of staying on the unplayable original.
import { useEffect, useState } from 'react';
import type { PlaybackProxyState } from '../../../shared/model/playbackProxySchemas';
import { getStudio } from '../studio';

export type PlaybackProxyMap = ReadonlyMap<string, PlaybackProxyState>;

export function usePlaybackProxies(): PlaybackProxyMap {
  const [proxies, setProxies] = useState<PlaybackProxyMap>(new Map());
  useEffect(() => {
    let live = true;
    const media = getStudio().media;
    const subscription = media.onDidChangeProxy((state) => {
      setProxies((previous) => new Map(previous).set(state.assetId, state));
    });
    media.listProxies({}).then(
      (list) => {
        if (live) setProxies(new Map(list.map((state) => [state.assetId, state])));
      },
      () => undefined,
    );
    return () => {
      live = false;
      subscription.dispose();
    };
  }, []);
  return proxies;
}

/** Changes when the asset's proxy becomes ready, so a keyed media element reloads. */
export function proxyKey(proxies: PlaybackProxyMap, assetId: string): string {
  return proxies.get(assetId)?.status === 'ready' ? 'proxy' : 'original';
}

/**
 * The URL the viewer plays. It differs once the proxy is ready: Chromium's media cache is keyed
 * by URL, so reusing the URL would keep serving the unplayable original it fetched first.
 */
export function playableUrl(proxies: PlaybackProxyMap, assetId: string): string {
  const url = getStudio().platform.mediaUrl(assetId, 'playable');
  return proxyKey(proxies, assetId) === 'proxy' ? `${url}?proxy` : url;
}

/** A short line for the viewer while a proxy is on its way, or null. */
export function proxyNotice(proxies: PlaybackProxyMap, assetId: string): string | null {
  const state = proxies.get(assetId);
  if (!state || state.status === 'ready') return null;
  if (state.status === 'failed') return state.error ?? 'The playback proxy could not be made.';
  if (state.status === 'queued') return `Waiting to make a playback proxy: ${state.reason}.`;
  return `Making a playback proxy (${Math.round(state.progress * 100)}%): ${state.reason}.`;
}
