/** QR codes of sign-up links: a PNG for chat, and an A4 poster with the community's name under the code. */
import { PNG } from 'pngjs';
import QRCode from 'qrcode';
import { GLYPH_HEIGHT, GLYPH_WIDTH, glyphColumns, toFontText } from './bitmap-font.ts';

/** A4 at 150 dpi, portrait. */
export const POSTER_WIDTH = 1240;
/** A4 at 150 dpi, portrait (1754 / 1240 ≈ √2, the A-series ratio). */
export const POSTER_HEIGHT = 1754;
/** White border kept free on every side of the poster, about 1 cm at 150 dpi. */
export const POSTER_MARGIN = 70;

// ISO 18004 asks for a light border of 4 modules around the symbol.
const QUIET_MODULES = 4;
// Each text line takes 8 glyph rows plus 3 rows of leading.
const LINE_ROWS = 11;

/** A block of text laid out on the poster: its font scale, its lines and where its first line starts. */
export interface TextBlock {
  scale: number;
  lines: string[];
  top: number;
}

/** Where everything goes on the poster (exported so tests can check nothing leaves the page). */
export interface PosterLayout {
  width: number;
  height: number;
  /** The QR code's box, quiet zone included. */
  qr: { left: number; top: number; size: number; modulePx: number; modules: number };
  title: TextBlock;
  subtitle?: TextBlock;
}

/** A chat-sized PNG (about 500 px) of a QR code for `url`. */
export function renderQrPng(url: string, opts: { targetPx?: number } = {}): Buffer {
  const matrix = qrMatrix(url);
  const modules = matrix.size + 2 * QUIET_MODULES;
  // Big modules survive the JPEG recompression chat apps apply to images.
  const modulePx = Math.max(4, Math.floor((opts.targetPx ?? 500) / modules));
  const canvas = new Canvas(modules * modulePx, modules * modulePx);
  drawQr(canvas, matrix, 0, 0, modulePx);
  return canvas.toPng();
}

/** The layout of a poster for a link, a title (the community's name) and an optional subtitle ('\n' starts a paragraph). */
export function posterLayout(opts: { url: string; title: string; subtitle?: string }): PosterLayout {
  const modules = qrMatrix(opts.url).size + 2 * QUIET_MODULES;
  const textWidth = POSTER_WIDTH - 2 * POSTER_MARGIN;
  const modulePx = Math.floor(Math.min(1000, textWidth) / modules);
  const size = modules * modulePx;
  const qr = { left: Math.floor((POSTER_WIDTH - size) / 2), top: POSTER_MARGIN + 20, size, modulePx, modules };
  const textTop = qr.top + size + 10;
  const room = POSTER_HEIGHT - POSTER_MARGIN - textTop;
  const gap = 40;
  const subtitleText = opts.subtitle ?? '';
  // The name gets most of the room; the subtitle keeps enough for a few small lines.
  const titleRoom = subtitleText ? Math.floor(room * 0.6) : room;
  const title = fitText(opts.title, { maxWidth: textWidth, maxHeight: titleRoom, maxScale: 12, minScale: 4, maxLines: 3 }, textTop);
  const subtitle = subtitleText
    ? fitText(
        subtitleText,
        { maxWidth: textWidth, maxHeight: room - blockHeight(title) - gap, maxScale: 5, minScale: 3, maxLines: 8 },
        textTop,
      )
    : undefined;
  // What is left is shared above, between and below the blocks, so short texts sit in the middle.
  const used = blockHeight(title) + (subtitle ? gap + blockHeight(subtitle) : 0);
  const spare = Math.floor((room - used) / (subtitle ? 3 : 2));
  title.top = textTop + spare;
  const layout: PosterLayout = { width: POSTER_WIDTH, height: POSTER_HEIGHT, qr, title };
  if (subtitle) {
    subtitle.top = title.top + blockHeight(title) + gap + spare;
    layout.subtitle = subtitle;
  }
  return layout;
}

/** A printable A4 poster (1240×1754 px, 150 dpi): the QR code large and centred, the title and subtitle under it. */
export function renderSignupPoster(opts: { url: string; title: string; subtitle?: string }): Buffer {
  const layout = posterLayout(opts);
  const canvas = new Canvas(layout.width, layout.height);
  drawQr(canvas, qrMatrix(opts.url), layout.qr.left, layout.qr.top, layout.qr.modulePx);
  for (const block of [layout.title, layout.subtitle]) {
    if (!block) continue;
    block.lines.forEach((line, i) => {
      const x = Math.floor((layout.width - textWidthPx(line, block.scale)) / 2);
      canvas.text(line, x, block.top + i * LINE_ROWS * block.scale, block.scale);
    });
  }
  return canvas.toPng();
}

/** Width in pixels of a line of text at a font scale. */
export function textWidthPx(line: string, scale: number): number {
  return line.length === 0 ? 0 : (line.length * (GLYPH_WIDTH + 1) - 1) * scale;
}

/** Height in pixels of a laid-out block (its last line without leading). */
export function blockHeight(block: TextBlock): number {
  return block.lines.length === 0 ? 0 : ((block.lines.length - 1) * LINE_ROWS + GLYPH_HEIGHT) * block.scale;
}

/** Lays out text at the largest scale that fits the box; at the smallest scale it cuts with "...", never overflowing. */
export function fitText(
  raw: string,
  box: { maxWidth: number; maxHeight: number; maxScale: number; minScale: number; maxLines: number },
  top = 0,
): TextBlock {
  const paragraphs = raw.split('\n').map(toFontText).filter(Boolean);
  const linesThatFit = (scale: number) => Math.max(1, Math.floor((box.maxHeight / scale - GLYPH_HEIGHT) / LINE_ROWS) + 1);
  for (let scale = box.maxScale; scale >= box.minScale; scale--) {
    const lines = paragraphs.flatMap((p) => wrap(p, maxChars(box.maxWidth, scale)));
    if (lines.length <= Math.min(box.maxLines, linesThatFit(scale))) return { scale, lines, top };
  }
  const scale = box.minScale;
  const cols = maxChars(box.maxWidth, scale);
  const all = paragraphs.flatMap((p) => wrap(p, cols));
  const keep = Math.min(all.length, linesThatFit(scale));
  const lines = all.slice(0, keep);
  if (all.length > keep) lines[keep - 1] = `${(lines[keep - 1] ?? '').slice(0, Math.max(0, cols - 3)).trimEnd()}...`;
  return { scale, lines, top };
}

function maxChars(width: number, scale: number): number {
  return Math.max(1, Math.floor((width / scale + 1) / (GLYPH_WIDTH + 1)));
}

/** Greedy word wrap; a word longer than a line (a URL) is cut. */
function wrap(text: string, cols: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (let word of text.split(' ')) {
    while (word.length > cols) {
      if (line) lines.push(line);
      line = '';
      lines.push(word.slice(0, cols));
      word = word.slice(cols);
    }
    if (!word) continue;
    if (!line) line = word;
    else if (line.length + 1 + word.length <= cols) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

function qrMatrix(url: string): QRCode.BitMatrix {
  // Level M restores up to 15% damage: enough for a poster taped to a wall, keeps the code coarse.
  return QRCode.create(url, { errorCorrectionLevel: 'M' }).modules;
}

function drawQr(canvas: Canvas, m: QRCode.BitMatrix, left: number, top: number, modulePx: number): void {
  const offset = QUIET_MODULES * modulePx;
  for (let r = 0; r < m.size; r++)
    for (let c = 0; c < m.size; c++)
      if (m.get(r, c)) canvas.fill(left + offset + c * modulePx, top + offset + r * modulePx, modulePx, modulePx);
}

/** An 8-bit greyscale image, white to start with. */
class Canvas {
  readonly pixels: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.pixels = new Uint8Array(width * height).fill(255);
  }

  fill(x: number, y: number, w: number, h: number): void {
    const x0 = Math.max(0, x);
    const x1 = Math.min(this.width, x + w);
    for (let yy = Math.max(0, y); yy < Math.min(this.height, y + h); yy++) this.pixels.fill(0, yy * this.width + x0, yy * this.width + x1);
  }

  text(line: string, x: number, y: number, scale: number): void {
    [...line].forEach((ch, i) => {
      const cols = glyphColumns(ch);
      const gx = x + i * (GLYPH_WIDTH + 1) * scale;
      cols.forEach((bits, c) => {
        for (let r = 0; r < GLYPH_HEIGHT; r++) if ((bits >> r) & 1) this.fill(gx + c * scale, y + r * scale, scale, scale);
      });
    });
  }

  toPng(): Buffer {
    const png = new PNG({ width: this.width, height: this.height, colorType: 0, inputColorType: 0, inputHasAlpha: false });
    png.data = Buffer.from(this.pixels.buffer, this.pixels.byteOffset, this.pixels.byteLength);
    return PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false });
  }
}
