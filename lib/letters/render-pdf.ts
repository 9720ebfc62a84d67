/**
 * A letter as PDF: A4, 公文-like layout (title centred and bold, body with two-character first-line
 * indents, issuer and date right-aligned), Noto Sans SC subset-embedded through lib/pdf/fonts.ts
 * so it prints the same anywhere.
 */
import PDFDocument from "pdfkit";
import { CJK_FONT, CJK_FONT_BOLD, registerCjkFonts, type CjkFontOptions } from "../pdf/fonts";
import { letterDateText, letterParagraphs, type LetterDocument } from "./document";

const MM = 72 / 25.4;
const MARGIN = { top: 30 * MM, bottom: 25 * MM, left: 28 * MM, right: 26 * MM };
const BODY_SIZE = 14;
const LINE_GAP = 8;
/** Letters with a table (the receipt) use a smaller body so they fit on one page. */
const COMPACT = { size: 12, gap: 5 };

export async function renderLetterPdf(letter: LetterDocument, fonts: CjkFontOptions = {}): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    margins: MARGIN,
    // No Helvetica: every string is CJK-capable Noto Sans SC.
    font: null as unknown as string,
    info: { Title: letter.title, Creator: "政务公开平台", Author: letter.issuer },
  });
  registerCjkFonts(doc, fonts);
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });

  const left = MARGIN.left;
  const width = doc.page.width - MARGIN.left - MARGIN.right;

  doc.font(CJK_FONT_BOLD).fontSize(20).fillColor("black");
  doc.text(letter.title, left, MARGIN.top, { width, align: "center" });
  doc.moveDown(0.4);
  if (letter.reference) {
    doc.font(CJK_FONT).fontSize(11).text(letter.reference, left, doc.y, { width, align: "right" });
  }
  doc.moveDown(1);

  const compact = !!letter.table?.length;
  const size = compact ? COMPACT.size : BODY_SIZE;
  const gap = compact ? COMPACT.gap : LINE_GAP;
  doc.font(CJK_FONT).fontSize(size);
  const bottom = doc.page.height - MARGIN.bottom;
  // Space the 落款 takes: the blank lines above it and the issuer and date lines.
  const signatureHeight = (compact ? 1 : 2) * doc.currentLineHeight(true) + 2 * (doc.currentLineHeight(true) + gap);
  const paragraphs = letterParagraphs(letter.body);
  paragraphs.forEach((p, i) => {
    const options = { width, indent: p.indent ? size * 2 : 0, lineGap: gap, align: "justify" as const, paragraphGap: 2 };
    // The last paragraph goes to the next page with the 落款 rather than leave the 落款 alone there.
    if (i === paragraphs.length - 1 && !compact) {
      const h = doc.heightOfString(p.text, options);
      if (doc.y + h <= bottom && doc.y + h + signatureHeight > bottom && doc.y > MARGIN.top + 1) doc.addPage();
    }
    doc.text(p.text, left, doc.y, options);
  });

  if (letter.table && letter.table.length > 0) {
    doc.moveDown(0.8);
    const labelWidth = 28 * MM;
    const pad = 5;
    doc.fontSize(11);
    letter.table.forEach(([label, value], i) => {
      const h = Math.max(doc.heightOfString(value || "—", { width: width - labelWidth - 2 * pad }), doc.heightOfString(label, { width: labelWidth - 2 * pad })) + 2 * pad;
      // The last row goes with the 落款 when both do not fit.
      const isLast = i === letter.table!.length - 1;
      if (doc.y + h > doc.page.height - MARGIN.bottom || (isLast && doc.y + h + signatureHeight > doc.page.height - MARGIN.bottom)) doc.addPage();
      const y = doc.y;
      doc.rect(left, y, labelWidth, h).fillAndStroke("#f2efe9", "#000000");
      doc.rect(left + labelWidth, y, width - labelWidth, h).stroke("#000000");
      doc.fillColor("black").font(CJK_FONT_BOLD).text(label, left + pad, y + pad, { width: labelWidth - 2 * pad });
      doc.font(CJK_FONT).text(value || "—", left + labelWidth + pad, y + pad, { width: width - labelWidth - 2 * pad });
      doc.y = y + h;
    });
  }

  doc.font(CJK_FONT).fontSize(size);
  doc.moveDown(compact ? 1 : 2);
  // Only reached when the last paragraph itself ended at the foot of a page (it was longer than a page).
  if (doc.y + 2 * (doc.currentLineHeight(true) + gap) > doc.page.height - MARGIN.bottom) doc.addPage();
  const signWidth = width * 0.55;
  doc.text(letter.issuer, left + width - signWidth, doc.y, { width: signWidth, align: "center", lineGap: gap });
  doc.text(letterDateText(letter.date), left + width - signWidth, doc.y, { width: signWidth, align: "center" });

  if (letter.footer) {
    doc.moveDown(compact ? 1 : 2);
    doc.fontSize(10).fillColor("#444444").text(letter.footer, left, doc.y, { width });
  }
  doc.end();
  return done;
}
