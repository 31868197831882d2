// The viewer's preview of effects (issue 5, item 5): one frame of the timeline at a time, with the
// enabled effects of the clip under the playhead applied at preview quality (scaled down), made
// on demand when the playhead stops. Every frame it makes passes the content safety gate.
import { z } from 'zod';
import { defineService } from './defineService';
import { idSchema } from '../model/schemas';

export const previewFrameSchema = z.object({
  /** The picture as a JPEG data URL, at most `maxWidth` wide, in the clip's own shape (as the viewer shows it). */
  dataUrl: z.string().startsWith('data:image/jpeg;base64,'),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  timeUs: z.number().int().nonnegative(),
  /** The clip shown (top-most visible video track); null when none is under the playhead. */
  clipId: idSchema.nullable(),
  /** Kinds of the effects applied, in order. */
  appliedEffects: z.array(z.string()),
  /** How long making the frame took (decode, effects, checks, encode). */
  milliseconds: z.number().nonnegative(),
});
export type PreviewFrame = z.infer<typeof previewFrameSchema>;

export const previewService = defineService({
  methods: {
    /** The composited frame at `timeUs` with its clip's enabled effects; null when no picture is there. */
    renderFrame: {
      input: z.object({
        timeUs: z.number().int().nonnegative(),
        maxWidth: z.number().int().min(64).max(1920).default(640),
      }),
      output: previewFrameSchema.nullable(),
    },
  },
  events: {},
});
