// Decodes single frames of the clip (the closed-mouth reference, the teeth frame) exactly as the
// render decodes the frames the lip sync receives: same ffmpeg arguments (fit into the output
// size, letterbox, RGB), so their pixels and the mesh mapping line up with the live frames.
import { StudioError } from '../../../shared/errors';
import type { Rational } from '../../../shared/time';
import { locateFfmpeg } from '../../media/ffmpegLocator';
import { readFixedSizeFrames } from '../../media/rawVideoStreams';
import { segmentDecodeArguments } from '../../media/renderArguments';
import { spawnProcess } from '../../media/runProcess';
import type { RgbFrame } from '../face/rgbFrame';

export interface FrameDecodeRequest {
  path: string;
  streamIndex: number | null;
  /** Source frame index and the video's frame rate (the frame starts at index / fps)... */
  frameIndex: number;
  fps: Rational;
  /** ...or, for a variable-frame-rate video, at its time in this list (µs from the first frame). */
  frameTimesUs?: readonly number[];
  width: number;
  height: number;
  signal?: AbortSignal;
}

export async function decodeFrameAt(request: FrameDecodeRequest): Promise<RgbFrame> {
  const { width, height, fps } = request;
  const startUs =
    request.frameTimesUs?.[request.frameIndex] ??
    Math.round((request.frameIndex * fps.den * 1_000_000) / fps.num);
  const label = `ffmpeg (lip-sync reference frame ${request.frameIndex}) on "${request.path}"`;
  const decoder = spawnProcess(
    await locateFfmpeg(),
    segmentDecodeArguments({
      source: { kind: 'video', path: request.path, streamIndex: request.streamIndex, startUs },
      frameCount: 1,
      output: { width, height, fps, pixelFormat: 'rgb24' },
    }),
    { signal: request.signal, label },
  );
  const bytes = width * height * 3;
  let frame: Uint8Array | undefined;
  for await (const data of readFixedSizeFrames(decoder.stdout, bytes, () => new Uint8Array(bytes), label)) {
    frame ??= data;
  }
  await decoder.exited;
  if (!frame) throw new StudioError('MEDIA_UNREADABLE', `${label} gave no picture.`);
  return { width, height, data: frame };
}
