// Markers and the in/out points of a timeline. They are navigation aids, not edits: changing them
// is saved with the project right away but is not part of undo (like the playhead and zoom).
import { z } from 'zod';
import { idSchema } from '../model/schemas';

export const markerSchema = z.object({
  id: idSchema,
  us: z.number().int().nonnegative(),
  label: z.string().max(200),
});
export type Marker = z.infer<typeof markerSchema>;

export const timelineMarksSchema = z
  .object({
    markers: z.array(markerSchema).max(10_000),
    inUs: z.number().int().nonnegative().nullable(),
    outUs: z.number().int().nonnegative().nullable(),
  })
  .refine((marks) => marks.inUs === null || marks.outUs === null || marks.inUs < marks.outUs, {
    message: 'The in point must come before the out point.',
  });
export type TimelineMarks = z.infer<typeof timelineMarksSchema>;

export const EMPTY_TIMELINE_MARKS: TimelineMarks = { markers: [], inUs: null, outUs: null };

/** The range a render of "in to out" covers, given the timeline's length. */
export function markedRange(marks: TimelineMarks, durationUs: number): { startUs: number; endUs: number } {
  const startUs = Math.min(marks.inUs ?? 0, durationUs);
  const endUs = Math.min(marks.outUs ?? durationUs, durationUs);
  return { startUs, endUs: Math.max(startUs, endUs) };
}
