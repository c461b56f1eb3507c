import { h, type SafeHtml } from './html.ts';

/** One bar of a chart: its label (a date) and value. */
export interface Bar {
  label: string;
  value: number;
}

/** A bar chart as inline SVG (no script, no library): one bar per day, the largest value on the axis. */
export function barChart(bars: readonly Bar[], opts: { title: string; width?: number; height?: number }): SafeHtml {
  const width = opts.width ?? 600;
  const height = opts.height ?? 180;
  const top = 16;
  const bottom = 22;
  const left = 28;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const step = (width - left) / Math.max(1, bars.length);
  const plot = height - top - bottom;
  const rects = bars.map((b, i) => {
    const bh = Math.round((b.value / max) * plot);
    const x = left + i * step + 1;
    return h`<rect x="${x.toFixed(1)}" y="${top + plot - bh}" width="${Math.max(1, step - 2).toFixed(1)}" height="${bh}"><title>${b.label}: ${b.value}</title></rect>`;
  });
  const first = bars[0]?.label ?? '';
  const last = bars[bars.length - 1]?.label ?? '';
  return h`<svg class="chart" viewBox="0 0 ${width} ${height}" role="img" aria-label="${opts.title}">
<line x1="${left}" y1="${top + plot}" x2="${width}" y2="${top + plot}" class="axis"/>
<text x="0" y="${top + 4}" class="tick">${max}</text><text x="0" y="${top + plot}" class="tick">0</text>
${rects}
<text x="${left}" y="${height - 4}" class="tick">${first}</text><text x="${width}" y="${height - 4}" class="tick" text-anchor="end">${last}</text>
</svg>`;
}

/** One part of a stacked bar: its label, value and fill colour. */
export interface Segment {
  label: string;
  value: number;
  color: string;
}

/**
 * One horizontal bar split into parts proportional to their values, as inline SVG. Its own class (not `chart`),
 * because the stylesheet paints every `.chart rect` in the accent colour and the parts need theirs.
 */
export function stackedBar(segments: readonly Segment[], opts: { title: string; width?: number; height?: number }): SafeHtml {
  const width = opts.width ?? 600;
  const height = opts.height ?? 28;
  const total = segments.reduce((a, s) => a + s.value, 0);
  let x = 0;
  const rects = segments
    .filter((s) => s.value > 0)
    .map((s) => {
      const w = (s.value / total) * width;
      const rect = h`<rect x="${x.toFixed(1)}" y="0" width="${w.toFixed(1)}" height="${height}" fill="${s.color}"><title>${s.label}: ${s.value}</title></rect>`;
      x += w;
      return rect;
    });
  return h`<svg class="stack" width="100%" height="${height}" viewBox="0 0 ${width} ${height}" preserveAspectRatio="none" role="img" aria-label="${opts.title}">
${total === 0 ? h`<rect x="0" y="0" width="${width}" height="${height}" fill="#e0e0e0"/>` : rects}
</svg>`;
}
