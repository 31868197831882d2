// The full shape of `window.studio`: the generated services plus a few platform helpers that
// cannot be contract calls (they deal with File objects or build URLs synchronously).
import type { StudioServices } from '../contracts/studioContract';

/** 'playable' is what the viewer plays: the playback proxy when there is one, else the file. */
export type MediaResource = 'file' | 'playable' | 'thumbnails' | 'poster';

/** The part of a DOM `File` the contract relies on (src/shared does not see the DOM types). */
export interface DroppedFile {
  readonly name: string;
  readonly size: number;
  readonly type: string;
}

export interface StudioPlatform {
  mode: 'electron' | 'browser';
  /** URL of an asset's bytes or cached derivatives; served only for assets of the open project. */
  mediaUrl(assetId: string, resource: MediaResource): string;
  /**
   * Turns files dropped from the OS into paths the studio can import. Electron reads their real
   * paths; browser mode uploads them to the local host, which keeps a copy beside the project.
   */
  pathsForDroppedFiles(files: readonly DroppedFile[]): Promise<string[]>;
}

export type StudioWindowApi = StudioServices & { platform: StudioPlatform };

export function mediaPath(assetId: string, resource: MediaResource): string {
  return `${encodeURIComponent(assetId)}/${resource}`;
}
