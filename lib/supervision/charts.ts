// Charts for the scorecard, drawn on the server as SVG strings: no chart library, nothing fetched
// by the browser, and the same picture prints. Each chart carries a <title> and <desc> for screen
// readers; the page shows the figures in a table as well.

export interface BarSeries {
  name: string;
  color: string;
  /** One value per category; null = nothing to show (e.g. a rate with no items). */
  values: (number | null)[];
}

const FONT = `font-family="PingFang SC, Microsoft YaHei, Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif"`;

export function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

const r1 = (n: number) => Math.round(n * 10) / 10;

/** A scale top for counts that four grid steps divide into whole numbers (at least 4). */
export function niceCountMax(max: number): number {
  return Math.max(4, Math.ceil(max / 4) * 4);
}

/** Rough width of a label: CJK characters are about one em, others about half. */
export function textWidth(text: string, size: number): number {
  let w = 0;
  for (const ch of text) w += /[\u0000-\u00ff]/.test(ch) ? size * 0.55 : size;
  return w;
}

function header(id: string, title: string, desc: string, width: number, height: number): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" style="max-width:${width}px" ` +
    `role="img" aria-labelledby="${id}-t ${id}-d" ${FONT}>` +
    `<title id="${id}-t">${escapeXml(title)}</title><desc id="${id}-d">${escapeXml(desc)}</desc>`
  );
}

function legend(series: readonly BarSeries[], x: number, y: number): string {
  let cx = x;
  return series
    .map((s) => {
      const out =
        `<rect x="${r1(cx)}" y="${y - 10}" width="12" height="12" fill="${s.color}"/>` +
        `<text x="${r1(cx + 16)}" y="${y}" font-size="13" fill="#333">${escapeXml(s.name)}</text>`;
      cx += 16 + textWidth(s.name, 13) + 18;
      return out;
    })
    .join("");
}

/**
 * Horizontal grouped bars: one group per category (department), one bar per series. Values are
 * drawn against `max` (e.g. 100 for percentages) with the formatted value at the bar's end.
 */
export function horizontalBarChart(opts: {
  id: string;
  title: string;
  categories: readonly string[];
  series: readonly BarSeries[];
  max?: number;
  format?: (v: number) => string;
  /** Counts: the scale's four steps fall on whole numbers. */
  integer?: boolean;
  width?: number;
}): string {
  const width = opts.width ?? 760;
  const fmt = opts.format ?? ((v: number) => String(v));
  const all = opts.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const max = opts.max ?? (opts.integer ? niceCountMax(Math.max(0, ...all)) : Math.max(1, ...all));
  const labelW = Math.min(220, Math.max(80, ...opts.categories.map((c) => textWidth(c, 13) + 12)));
  const plotX = labelW + 4;
  const plotW = width - plotX - 60;
  const barH = 14;
  const groupH = opts.series.length * (barH + 3) + 12;
  const top = 34;
  const height = top + Math.max(1, opts.categories.length) * groupH + 24;
  const parts: string[] = [];
  const desc = opts.categories
    .map((c, i) => `${c}：${opts.series.map((s) => `${s.name}${s.values[i] === null ? "无数据" : fmt(s.values[i]!)}`).join("，")}`)
    .join("；");
  parts.push(header(opts.id, opts.title, desc || "无数据", width, height));
  parts.push(legend(opts.series, plotX, 18));
  // Grid lines at 0, 25, 50, 75, 100 % of max.
  for (let k = 0; k <= 4; k++) {
    const x = r1(plotX + (plotW * k) / 4);
    parts.push(`<line x1="${x}" y1="${top - 4}" x2="${x}" y2="${height - 20}" stroke="#e3e3e3"/>`);
    parts.push(`<text x="${x}" y="${height - 6}" font-size="11" fill="#666" text-anchor="middle">${escapeXml(fmt((max * k) / 4))}</text>`);
  }
  opts.categories.forEach((cat, i) => {
    const gy = top + i * groupH;
    parts.push(
      `<text x="${labelW}" y="${r1(gy + groupH / 2)}" font-size="13" fill="#1f1f1f" text-anchor="end" dominant-baseline="middle">${escapeXml(cat)}</text>`,
    );
    opts.series.forEach((s, j) => {
      const y = gy + 4 + j * (barH + 3);
      const v = s.values[i];
      if (v === null) {
        parts.push(`<text x="${plotX + 4}" y="${y + barH - 3}" font-size="11" fill="#888">无数据</text>`);
        return;
      }
      const w = Math.max(v > 0 ? 1 : 0, (plotW * Math.min(v, max)) / max);
      parts.push(`<rect x="${plotX}" y="${y}" width="${r1(w)}" height="${barH}" fill="${s.color}"><title>${escapeXml(`${cat} ${s.name}：${fmt(v)}`)}</title></rect>`);
      parts.push(`<text x="${r1(plotX + w + 4)}" y="${y + barH - 3}" font-size="11" fill="#333">${escapeXml(fmt(v))}</text>`);
    });
  });
  parts.push("</svg>");
  return parts.join("");
}

/** Vertical columns, one per category (e.g. months), with the value above each column. */
export function columnChart(opts: {
  id: string;
  title: string;
  categories: readonly string[];
  values: readonly number[];
  color: string;
  width?: number;
  height?: number;
}): string {
  const width = opts.width ?? 760;
  const height = opts.height ?? 240;
  const left = 36;
  const top = 20;
  const bottom = 28;
  const plotW = width - left - 10;
  const plotH = height - top - bottom;
  const max = niceCountMax(Math.max(0, ...opts.values));
  const step = plotW / Math.max(1, opts.categories.length);
  const colW = Math.min(40, step * 0.6);
  const desc = opts.categories.map((c, i) => `${c}${opts.values[i] ?? 0}`).join("，");
  const parts: string[] = [header(opts.id, opts.title, desc || "无数据", width, height)];
  for (let k = 0; k <= 4; k++) {
    const y = r1(top + plotH - (plotH * k) / 4);
    const label = Math.round((max * k) / 4);
    parts.push(`<line x1="${left}" y1="${y}" x2="${width - 10}" y2="${y}" stroke="#e3e3e3"/>`);
    parts.push(`<text x="${left - 6}" y="${y + 4}" font-size="11" fill="#666" text-anchor="end">${label}</text>`);
  }
  opts.categories.forEach((c, i) => {
    const v = opts.values[i] ?? 0;
    const h = (plotH * v) / max;
    const x = left + i * step + (step - colW) / 2;
    const y = top + plotH - h;
    parts.push(`<rect x="${r1(x)}" y="${r1(y)}" width="${r1(colW)}" height="${r1(h)}" fill="${opts.color}"><title>${escapeXml(`${c}：${v}`)}</title></rect>`);
    if (v > 0) parts.push(`<text x="${r1(x + colW / 2)}" y="${r1(y - 4)}" font-size="11" fill="#333" text-anchor="middle">${v}</text>`);
    parts.push(`<text x="${r1(left + i * step + step / 2)}" y="${height - 10}" font-size="12" fill="#333" text-anchor="middle">${escapeXml(c)}</text>`);
  });
  parts.push("</svg>");
  return parts.join("");
}
