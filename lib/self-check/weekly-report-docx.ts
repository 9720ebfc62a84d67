// The weekly 自查报告 as DOCX, in the office's document style (A4, GB/T 9704 margins, 方正小标宋
// title, 黑体 headings, 仿宋 body; fonts named so that an office PC uses them and other systems
// substitute a CJK font), with a bordered summary table.
import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import { FONTS, PAGE, TEXT_WIDTH_TWIPS } from "../annual-report/export-docx";
import { LIGHT_LABELS } from "./indicators";
import { indicatorLines, openingText, periodText, type WeeklyReport } from "./weekly-report";

const LATIN = "Times New Roman";
const font = (eastAsia: string) => ({ ascii: LATIN, hAnsi: LATIN, eastAsia, cs: LATIN });
const CN_NUMS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五"];

function p(text: string, opts: { face?: string; size?: number; bold?: boolean; center?: boolean; indent?: boolean; color?: string } = {}): Paragraph {
  return new Paragraph({
    alignment: opts.center ? AlignmentType.CENTER : AlignmentType.JUSTIFIED,
    indent: opts.indent === false || opts.center ? undefined : { firstLine: 640 },
    spacing: { line: 560, lineRule: "exact", before: 0, after: 0 },
    children: [new TextRun({ text, font: font(opts.face ?? FONTS.body), size: opts.size ?? 32, bold: opts.bold, color: opts.color })],
  });
}

const border = { style: BorderStyle.SINGLE, size: 4, color: "000000" };
const COLS = [3600, 1300, 1100, 1100, 1100, 1280];

function cell(text: string, width: number, bold = false, color?: string): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    borders: { top: border, bottom: border, left: border, right: border },
    children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text, font: font(FONTS.table), size: 21, bold, color })] })],
  });
}

function summaryTable(r: WeeklyReport): Table {
  const scale = TEXT_WIDTH_TWIPS / COLS.reduce((a, b) => a + b, 0);
  const w = COLS.map((c) => Math.floor(c * scale));
  const head = ["检查指标", "状态", "单项否决", "需整改", "待核查", "本周已整改"];
  const colour = { RED: "C00000", AMBER: "B36B00", GREEN: "1B6E20" } as const;
  const rows = [
    new TableRow({ tableHeader: true, children: head.map((h, i) => cell(h, w[i], true)) }),
    ...r.indicators.map((i) => {
      const counts = { red: 0, amber: 0, info: 0 };
      for (const f of i.current) counts[f.level === "RED" ? "red" : f.level === "AMBER" ? "amber" : "info"]++;
      const all = i.currentTotal > i.current.length ? "≥" : "";
      return new TableRow({
        children: [
          cell(`${i.label}${i.veto ? "（否决项）" : ""}`, w[0]),
          cell(LIGHT_LABELS[i.light], w[1], true, colour[i.light]),
          cell(`${all}${counts.red}`, w[2]),
          cell(`${all}${counts.amber}`, w[3]),
          cell(`${all}${counts.info}`, w[4]),
          cell(r.previousRunDay ? String(i.fixedTotal) : "—", w[5]),
        ],
      });
    }),
  ];
  return new Table({ layout: TableLayoutType.FIXED, width: { size: TEXT_WIDTH_TWIPS, type: WidthType.DXA }, columnWidths: w, rows });
}

export async function renderWeeklyDocx(r: WeeklyReport): Promise<Buffer> {
  const children: (Paragraph | Table)[] = [
    p(r.organisation, { face: FONTS.title, size: 44, center: true }),
    p("政务公开自查报告", { face: FONTS.title, size: 44, center: true }),
    p(`（${periodText(r)}）`, { face: FONTS.heading2, center: true }),
    p(""),
    p(openingText(r)),
    p("一、总体情况", { face: FONTS.heading1 }),
    summaryTable(r),
    p("二、各项指标", { face: FONTS.heading1 }),
  ];
  r.indicators.forEach((i, n) => {
    const lines = indicatorLines(i, r);
    children.push(p(`（${CN_NUMS[n] ?? n + 1}）${i.label}${i.veto ? "（单项否决指标）" : ""}`, { face: FONTS.heading2 }));
    children.push(p(lines.intro));
    for (const l of lines.findings) children.push(p(l, { color: l.includes("【单项否决】") ? "C00000" : undefined }));
    for (const l of lines.fixed) children.push(p(l));
  });
  const doc = new Document({
    creator: "政务公开平台",
    title: `${r.title}（${periodText(r)}）`,
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { top: PAGE.marginTop, bottom: PAGE.marginBottom, left: PAGE.marginLeft, right: PAGE.marginRight },
          },
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
