// The weekly 自查报告 as PDF: pdfkit with the bundled Noto Sans SC (lib/pdf/fonts.ts), A4 with the
// GB/T 9704 text block, the same content as the DOCX.
import PDFDocument from "pdfkit";
import { CJK_FONT, CJK_FONT_BOLD, registerCjkFonts } from "../pdf/fonts";
import { PDF_LAYOUT } from "../annual-report/export-pdf";
import { LIGHT_LABELS } from "./indicators";
import { indicatorLines, openingText, periodText, type WeeklyReport } from "./weekly-report";

type Doc = PDFKit.PDFDocument;
const COLOURS = { RED: "#C00000", AMBER: "#B36B00", GREEN: "#1B6E20" } as const;
const CN_NUMS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五"];

function width(doc: Doc): number {
  return doc.page.width - PDF_LAYOUT.marginLeft - PDF_LAYOUT.marginRight;
}

function text(doc: Doc, s: string, opts: { size?: number; bold?: boolean; center?: boolean; indent?: boolean; color?: string } = {}): void {
  const size = opts.size ?? 12;
  if (doc.y + size * 1.8 > doc.page.height - PDF_LAYOUT.marginBottom) doc.addPage();
  doc.font(opts.bold ? CJK_FONT_BOLD : CJK_FONT).fontSize(size).fillColor(opts.color ?? "black");
  doc.text(s, PDF_LAYOUT.marginLeft, doc.y, {
    width: width(doc),
    align: opts.center ? "center" : "left",
    indent: opts.indent === false || opts.center ? 0 : size * 2,
    lineGap: size * 0.5,
  });
  doc.fillColor("black");
}

function summaryTable(doc: Doc, r: WeeklyReport): void {
  const w = width(doc);
  const cols = [0.34, 0.12, 0.13, 0.13, 0.13, 0.15].map((f) => f * w);
  const rowH = 20;
  const row = (cells: string[], bold: boolean, colour?: string) => {
    if (doc.y + rowH > doc.page.height - PDF_LAYOUT.marginBottom) doc.addPage();
    const y = doc.y;
    let x = PDF_LAYOUT.marginLeft;
    cells.forEach((c, i) => {
      doc.rect(x, y, cols[i], rowH).lineWidth(0.5).stroke("#000");
      doc.font(bold || (i === 1 && colour) ? CJK_FONT_BOLD : CJK_FONT).fontSize(10).fillColor(i === 1 && colour ? colour : "black");
      doc.text(c, x + 2, y + 5, { width: cols[i] - 4, align: "center", lineBreak: false });
      x += cols[i];
    });
    doc.fillColor("black");
    doc.y = y + rowH;
  };
  row(["检查指标", "状态", "单项否决", "需整改", "待核查", "本周已整改"], true);
  for (const i of r.indicators) {
    const counts = { RED: 0, AMBER: 0, INFO: 0 };
    for (const f of i.current) counts[f.level]++;
    const all = i.currentTotal > i.current.length ? "≥" : "";
    row(
      [`${i.label}${i.veto ? "（否决项）" : ""}`, LIGHT_LABELS[i.light], `${all}${counts.RED}`, `${all}${counts.AMBER}`, `${all}${counts.INFO}`, r.previousRunDay ? String(i.fixedTotal) : "—"],
      false,
      COLOURS[i.light],
    );
  }
  doc.y += 10;
}

export async function renderWeeklyPdf(r: WeeklyReport): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    margins: { top: PDF_LAYOUT.marginTop, bottom: PDF_LAYOUT.marginBottom, left: PDF_LAYOUT.marginLeft, right: PDF_LAYOUT.marginRight },
    font: null as unknown as string,
    info: { Title: `${r.title}（${periodText(r)}）`, Creator: "政务公开平台" },
  });
  registerCjkFonts(doc);
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  doc.y = PDF_LAYOUT.marginTop;
  text(doc, r.organisation, { size: 20, bold: true, center: true });
  text(doc, "政务公开自查报告", { size: 20, bold: true, center: true });
  text(doc, `（${periodText(r)}）`, { size: 13, center: true });
  doc.y += 10;
  text(doc, openingText(r));
  text(doc, "一、总体情况", { size: 14, bold: true, indent: false });
  summaryTable(doc, r);
  text(doc, "二、各项指标", { size: 14, bold: true, indent: false });
  r.indicators.forEach((i, n) => {
    const lines = indicatorLines(i, r);
    text(doc, `（${CN_NUMS[n] ?? n + 1}）${i.label}${i.veto ? "（单项否决指标）" : ""}`, { size: 13, bold: true, indent: false });
    text(doc, lines.intro);
    for (const l of lines.findings) text(doc, l, { size: 11, color: l.includes("【单项否决】") ? COLOURS.RED : undefined });
    for (const l of lines.fixed) text(doc, l, { size: 11 });
  });
  doc.end();
  return done;
}
