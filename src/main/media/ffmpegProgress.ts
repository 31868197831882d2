// Reads ffmpeg's `-progress` output: blocks of `key=value` lines, each ending with
// `progress=continue` (or `progress=end` for the last). Only the frame count is used: it is the
// number of frames the encoder has taken in, the one truth about how far a render is.

export interface FfmpegProgressUpdate {
  frame: number;
  /** True on the final block ffmpeg writes before it exits. */
  ended: boolean;
}

/** Incremental parser: feed it stdout as it comes, in any chunking. */
export class FfmpegProgressParser {
  private pending = '';
  private frame = 0;

  /** Returns one update per completed block in `text`. */
  push(text: string): FfmpegProgressUpdate[] {
    this.pending += text;
    const lines = this.pending.split('\n');
    this.pending = lines.pop() ?? '';
    const updates: FfmpegProgressUpdate[] = [];
    for (const rawLine of lines) {
      const line = rawLine.trim();
      const separator = line.indexOf('=');
      if (separator < 0) continue;
      const key = line.slice(0, separator);
      const value = line.slice(separator + 1);
      if (key === 'frame') {
        const frame = Number(value);
        if (Number.isInteger(frame) && frame >= 0) this.frame = frame;
      } else if (key === 'progress') {
        updates.push({ frame: this.frame, ended: value === 'end' });
      }
    }
    return updates;
  }

  get lastFrame(): number {
    return this.frame;
  }
}
