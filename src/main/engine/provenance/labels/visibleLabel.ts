// The optional visible "AI-GENERATED" label for exports: a PNG made with sharp from an SVG of
// rectangles (see labelGlyphs.ts: no fonts involved), laid over the bottom-right corner by
// ffmpeg's overlay filter in the encoder graph. overlay repeats its last second-input frame, so
// the one PNG covers the whole video. Apply it before the invisible watermark, so the watermark
// also covers the label's pixels.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { StudioError } from '../../../../shared/errors';
import { GLYPH_HEIGHT, GLYPH_WIDTH, glyphCells } from './labelGlyphs';

export const DEFAULT_LABEL_TEXT = 'AI-GENERATED';

export interface VisibleLabelLayout {
  /** Size of one font pixel in video pixels. */
  cell: number;
  width: number;
  height: number;
  margin: number;
}

/** Label geometry for a frame: text about 3% of the frame height, at least 2 px per font pixel. */
export function visibleLabelLayout(
  text: string,
  frameWidth: number,
  frameHeight: number,
): VisibleLabelLayout {
  if (
    !Number.isInteger(frameWidth) ||
    !Number.isInteger(frameHeight) ||
    frameWidth < 32 ||
    frameHeight < 32
  ) {
    throw new StudioError(
      'INVALID_ARGUMENT',
      `A visible label needs a frame of at least 32x32 pixels, got ${frameWidth}x${frameHeight}.`,
    );
  }
  let cell = Math.max(2, Math.round((frameHeight * 0.03) / GLYPH_HEIGHT));
  const widthFor = (size: number) => (text.length * (GLYPH_WIDTH + 1) + 3) * size;
  // Long texts on narrow frames shrink rather than run off the picture.
  while (cell > 1 && widthFor(cell) > frameWidth * 0.9) cell--;
  if (widthFor(cell) > frameWidth) {
    throw new StudioError(
      'INVALID_ARGUMENT',
      `The label "${text}" does not fit a ${frameWidth}-pixel-wide frame: use a shorter text.`,
    );
  }
  return {
    cell,
    width: widthFor(cell),
    height: (GLYPH_HEIGHT + 4) * cell,
    margin: Math.max(4, Math.round(frameHeight * 0.02)),
  };
}

/** The label as an SVG: a translucent dark box with white pixel-font text. */
export function visibleLabelSvg(text: string, layout: VisibleLabelLayout): string {
  const { cell, width, height } = layout;
  const rects: string[] = [];
  [...text].forEach((character, index) => {
    const cells = glyphCells(character);
    if (!cells) {
      throw new StudioError(
        'INVALID_ARGUMENT',
        `The visible label cannot show "${character}": use letters, digits, spaces, "-", "." and ":".`,
      );
    }
    const originX = (2 + index * (GLYPH_WIDTH + 1)) * cell;
    for (const [x, y] of cells) {
      rects.push(`<rect x="${originX + x * cell}" y="${(2 + y) * cell}" width="${cell}" height="${cell}"/>`);
    }
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">` +
    `<rect width="${width}" height="${height}" rx="${cell}" fill="#000" fill-opacity="0.6"/>` +
    `<g fill="#fff">${rects.join('')}</g></svg>`
  );
}

export interface WrittenVisibleLabel {
  pngPath: string;
  layout: VisibleLabelLayout;
}

export async function writeVisibleLabelPng(options: {
  folder: string;
  frameWidth: number;
  frameHeight: number;
  text?: string;
}): Promise<WrittenVisibleLabel> {
  const text = options.text ?? DEFAULT_LABEL_TEXT;
  if (text.trim().length === 0 || text.length > 40) {
    throw new StudioError('INVALID_ARGUMENT', 'The visible label needs 1 to 40 characters of text.');
  }
  const layout = visibleLabelLayout(text, options.frameWidth, options.frameHeight);
  const png = await sharp(Buffer.from(visibleLabelSvg(text, layout)))
    .png()
    .toBuffer();
  const pngPath = join(options.folder, `visible-label-${options.frameWidth}x${options.frameHeight}.png`);
  await writeFile(pngPath, png);
  return { pngPath, layout };
}

/** Encoder input options for the label PNG (png_pipe: no image-sequence patterns in the name). */
export function visibleLabelInputArguments(pngPath: string): string[] {
  return ['-f', 'png_pipe', '-protocol_whitelist', 'file', '-i', `file:${pngPath}`];
}

/** Fragment laying the label over `[input]` in the bottom-right corner, written to `[output]`. */
export function visibleLabelOverlayFragment(labels: {
  input: string;
  output: string;
  labelInputIndex: number;
  margin: number;
}): string {
  if (
    !Number.isInteger(labels.labelInputIndex) ||
    labels.labelInputIndex < 0 ||
    !Number.isInteger(labels.margin)
  ) {
    throw new StudioError('INTERNAL', 'Invalid visible label input index or margin.');
  }
  return (
    `[${labels.input}][${labels.labelInputIndex}:v]` +
    `overlay=x=main_w-overlay_w-${labels.margin}:y=main_h-overlay_h-${labels.margin}:format=auto[${labels.output}]`
  );
}
