// 90-day trend of one indicator, drawn on the server as SVG like the scorecard's charts
// (lib/supervision/charts.ts): stacked columns per day (red = veto findings, amber = others),
// grey ticks for days without a run, a <title>/<desc> for screen readers.
import { escapeXml, niceCountMax } from "../supervision/charts";
import type { TrendPoint } from "./queries";

const FONT = `font-family="PingFang SC, Microsoft YaHei, Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif"`;
const r1 = (n: number) => Math.round(n * 10) / 10;
export const TREND_COLOURS = { red: "#b3261e", amber: "#b36b00", none: "#cfcfcf" };

export function trendChart(opts: { id: string; title: string; points: readonly TrendPoint[]; width?: number; height?: number }): string {
  const width = opts.width ?? 360;
  const height = opts.height ?? 120;
  const left = 28;
  const top = 10;
  const bottom = 20;
  const plotW = width - left - 6;
  const plotH = height - top - bottom;
  const totals = opts.points.map((p) => (p.red ?? 0) + (p.amber ?? 0));
  const max = niceCountMax(Math.max(0, ...totals));
  const step = plotW / Math.max(1, opts.points.length);
  const runs = opts.points.filter((p) => p.red !== null);
  const last = runs[runs.length - 1];
  const desc = runs.length
    ? `近${opts.points.length}天中${runs.length}天有自查记录；最近一次（${last.day}）单项否决${last.red}项、需整改${last.amber}项；期间单项否决最多${Math.max(...runs.map((p) => p.red ?? 0))}项。`
    : `近${opts.points.length}天没有自查记录。`;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" style="max-width:${width}px" role="img" aria-labelledby="${opts.id}-t ${opts.id}-d" ${FONT}>`,
    `<title id="${opts.id}-t">${escapeXml(opts.title)}</title><desc id="${opts.id}-d">${escapeXml(desc)}</desc>`,
  ];
  for (let k = 0; k <= 2; k++) {
    const y = r1(top + plotH - (plotH * k) / 2);
    parts.push(`<line x1="${left}" y1="${y}" x2="${width - 6}" y2="${y}" stroke="#e3e3e3"/>`);
    parts.push(`<text x="${left - 4}" y="${y + 4}" font-size="10" fill="#666" text-anchor="end">${Math.round((max * k) / 2)}</text>`);
  }
  opts.points.forEach((p, i) => {
    const x = r1(left + i * step + step * 0.1);
    const w = r1(Math.max(1, step * 0.8));
    if (p.red === null) {
      parts.push(`<rect x="${x}" y="${r1(top + plotH - 1)}" width="${w}" height="1" fill="${TREND_COLOURS.none}"/>`);
      return;
    }
    const hRed = (plotH * p.red) / max;
    const hAmber = (plotH * (p.amber ?? 0)) / max;
    const label = escapeXml(`${p.day}：单项否决${p.red}项，需整改${p.amber ?? 0}项`);
    if (hAmber > 0) parts.push(`<rect x="${x}" y="${r1(top + plotH - hRed - hAmber)}" width="${w}" height="${r1(hAmber)}" fill="${TREND_COLOURS.amber}"><title>${label}</title></rect>`);
    if (hRed > 0) parts.push(`<rect x="${x}" y="${r1(top + plotH - hRed)}" width="${w}" height="${r1(hRed)}" fill="${TREND_COLOURS.red}"><title>${label}</title></rect>`);
    if (hRed === 0 && hAmber === 0) parts.push(`<rect x="${x}" y="${r1(top + plotH - 1)}" width="${w}" height="1" fill="#1b6e20"><title>${label}</title></rect>`);
  });
  const first = opts.points[0]?.day ?? "";
  const end = opts.points[opts.points.length - 1]?.day ?? "";
  parts.push(`<text x="${left}" y="${height - 5}" font-size="10" fill="#666">${escapeXml(first.slice(5))}</text>`);
  parts.push(`<text x="${width - 6}" y="${height - 5}" font-size="10" fill="#666" text-anchor="end">${escapeXml(end.slice(5))}</text>`);
  parts.push("</svg>");
  return parts.join("");
}
