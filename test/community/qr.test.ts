import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { signupLinks } from '../../src/domain/signup-links.ts';
import { GLYPH_HEIGHT, GLYPH_WIDTH, glyphColumns } from '../../src/posters/bitmap-font.ts';
import {
  blockHeight,
  POSTER_MARGIN,
  posterLayout,
  renderQrPng,
  renderSignupPoster,
  type TextBlock,
  textWidthPx,
} from '../../src/posters/qr-poster.ts';

// jsqr is CommonJS with an `exports.default`: that is the function under NodeNext typing and at run time.
const jsQR = jsQRModule.default;
const links = signupLinks({ code: 'BAKSO-CKK', telegramUsername: 'daftarin_bot', whatsappNumber: '6281234567890' });
const telegram = links.telegram as string;
const whatsapp = links.whatsapp as string;

function decode(png: Buffer) {
  const img = PNG.sync.read(png);
  return { img, text: jsQR(new Uint8ClampedArray(img.data), img.width, img.height)?.data };
}

const dark = (img: PNG, x: number, y: number) => (img.data[(y * img.width + x) * 4] ?? 255) < 128;

/** Reads a laid-out text block back from the pixels, glyph by glyph, with the font itself. */
function readBack(img: PNG, block: TextBlock): string[] {
  const table = new Map<string, string>();
  for (let c = 32; c <= 126; c++) table.set(glyphColumns(String.fromCharCode(c)).join(','), String.fromCharCode(c));
  return block.lines.map((line, i) => {
    const width = textWidthPx(line, block.scale);
    const x0 = Math.floor((img.width - width) / 2);
    const y0 = block.top + i * 11 * block.scale;
    let out = '';
    for (let k = 0; k < line.length; k++) {
      const cols: number[] = [];
      for (let c = 0; c < GLYPH_WIDTH; c++) {
        let bits = 0;
        for (let r = 0; r < GLYPH_HEIGHT; r++) {
          const x = x0 + (k * (GLYPH_WIDTH + 1) + c) * block.scale + Math.floor(block.scale / 2);
          const y = y0 + r * block.scale + Math.floor(block.scale / 2);
          if (dark(img, x, y)) bits |= 1 << r;
        }
        cols.push(bits);
      }
      out += table.get(cols.join(',')) ?? '�';
    }
    return out;
  });
}

/** True when no dark pixel lies in the page margin. */
function marginsClear(img: PNG): boolean {
  for (let y = 0; y < img.height; y++)
    for (let x = 0; x < img.width; x++) {
      const inMargin = x < POSTER_MARGIN || x >= img.width - POSTER_MARGIN || y < POSTER_MARGIN || y >= img.height - POSTER_MARGIN;
      if (inMargin && dark(img, x, y)) return false;
    }
  return true;
}

describe('QR codes', () => {
  it('a chat-sized PNG decodes back to the exact link', () => {
    for (const url of [telegram, whatsapp]) {
      const { img, text } = decode(renderQrPng(url));
      expect(text).toBe(url);
      expect(img.width).toBe(img.height);
      expect(img.width).toBeGreaterThanOrEqual(400);
      expect(img.width).toBeLessThanOrEqual(600);
    }
  });

  it('the A4 poster decodes back to the link and carries the community name under the code', () => {
    const png = renderSignupPoster({
      url: whatsapp,
      title: 'Paguyuban Bakso Cikokol',
      subtitle: 'Pindai kode ini untuk daftar BPJS Ketenagakerjaan',
    });
    const { img, text } = decode(png);
    expect(text).toBe(whatsapp);
    expect([img.width, img.height]).toEqual([1240, 1754]);
    // A4 is 210 × 297 mm: the same ratio within a pixel.
    expect(Math.abs(img.height / img.width - 297 / 210)).toBeLessThan(0.002);
    const layout = posterLayout({
      url: whatsapp,
      title: 'Paguyuban Bakso Cikokol',
      subtitle: 'Pindai kode ini untuk daftar BPJS Ketenagakerjaan',
    });
    // The code is large and centred; the text starts below its quiet zone.
    expect(layout.qr.size).toBeGreaterThan(img.width * 0.7);
    expect(Math.abs(layout.qr.left * 2 + layout.qr.size - img.width)).toBeLessThanOrEqual(1);
    expect(layout.title.top).toBeGreaterThan(layout.qr.top + layout.qr.size);
    expect(readBack(img, layout.title)).toEqual(['Paguyuban Bakso', 'Cikokol']);
    expect(readBack(img, layout.subtitle as TextBlock).join(' ')).toBe('Pindai kode ini untuk daftar BPJS Ketenagakerjaan');
    expect(marginsClear(img)).toBe(true);
  });

  it('a long name wraps and shrinks, and text never leaves the page', () => {
    const short = posterLayout({ url: telegram, title: 'Ojek Pasar' });
    const long = posterLayout({
      url: telegram,
      title: 'Paguyuban Pedagang Bakso dan Mie Ayam Keliling Kecamatan Cikokol Tangerang',
    });
    expect(long.title.scale).toBeLessThan(short.title.scale);
    expect(long.title.lines.length).toBeGreaterThan(1);
    expect(long.title.lines.join(' ')).toBe('Paguyuban Pedagang Bakso dan Mie Ayam Keliling Kecamatan Cikokol Tangerang');
    const absurd = `${'Sangat '.repeat(200)}Panjang`;
    const huge = posterLayout({ url: telegram, title: absurd, subtitle: `${'x'.repeat(900)}\nbaris dua` });
    for (const l of [short, long, huge])
      for (const block of [l.title, l.subtitle]) {
        if (!block) continue;
        for (const line of block.lines) expect(textWidthPx(line, block.scale)).toBeLessThanOrEqual(l.width - 2 * POSTER_MARGIN);
        expect(block.top + blockHeight(block)).toBeLessThanOrEqual(l.height - POSTER_MARGIN);
      }
    // Cut with an ellipsis rather than spilling over.
    expect(huge.title.lines.at(-1)).toMatch(/\.\.\.$/);
    const png = renderSignupPoster({ url: telegram, title: absurd, subtitle: `${'x'.repeat(900)}\nbaris dua` });
    const { img, text } = decode(png);
    expect(text).toBe(telegram);
    expect(marginsClear(img)).toBe(true);
  });

  it('writes accented and unusual characters with what the font has', () => {
    const layout = posterLayout({ url: telegram, title: 'Kelompok Tani Ciléngsi “Maju” — 2026 🌾 漢' });
    expect(layout.title.lines.join(' ')).toBe('Kelompok Tani Cilengsi "Maju" - 2026 ?');
  });
});
