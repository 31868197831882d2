// Playback proxies (light H.264 copies the viewer plays when the original would not play, or not
// in real time). Renders always read the original file.
import { z } from 'zod';
import { idSchema } from './schemas';

export const playbackProxyStateSchema = z.object({
  assetId: idSchema,
  status: z.enum(['queued', 'making', 'ready', 'failed']),
  /** 0..1 while making. */
  progress: z.number().min(0).max(1),
  /** Why the asset needs a proxy, in words for the UI ("its mpeg1video video does not play…"). */
  reason: z.string(),
  /** On status "failed": what went wrong, naming the file. */
  error: z.string().nullable(),
});
export type PlaybackProxyState = z.infer<typeof playbackProxyStateSchema>;
