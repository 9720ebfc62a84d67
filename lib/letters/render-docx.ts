/**
 * A letter as DOCX, for Word and WPS (what the office edits and prints with): A4 with GB/T 9704
 * margins, title in 小标宋 二号, body 仿宋 三号 at a fixed 28 pt line pitch with two-character
 * first-line indents. Fonts are named, not embedded; a PC without them substitutes its own CJK font.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  LineRuleType,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type IFontAttributesProperties,
} from "docx";
import { letterDateText, letterParagraphs, type LetterDocument } from "./document";

const TWIPS_PER_MM = 1440 / 25.4;
const mm = (v: number) => Math.round(v * TWIPS_PER_MM);
const PAGE = { width: mm(210), height: mm(297), top: mm(37), bottom: mm(35), left: mm(28), right: mm(26) };
const TEXT_WIDTH = PAGE.width - PAGE.left - PAGE.right;

const LATIN = "Times New Roman";
const font = (eastAsia: string): IFontAttributesProperties => ({ ascii: LATIN, hAnsi: LATIN, eastAsia, cs: LATIN });
const TITLE_FONT = font("方正小标宋简体");
const BODY_FONT = font("仿宋_GB2312");
const BODY_SIZE = 32; // half-points: 16 pt (三号)
const LINE = { line: 560, lineRule: LineRuleType.EXACT }; // 28 pt

function run(text: string, opts: { size?: number; bold?: boolean; title?: boolean } = {}) {
  return new TextRun({ text, font: opts.title ? TITLE_FONT : BODY_FONT, size: opts.size ?? BODY_SIZE, bold: opts.bold });
}

export async function renderLetterDocx(letter: LetterDocument): Promise<Buffer> {
  const children: Array<Paragraph | Table> = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { line: 700, lineRule: LineRuleType.EXACT, after: 120 },
      children: [run(letter.title, { size: 44, title: true })],
    }),
  ];
  if (letter.reference) {
    children.push(
      new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { ...LINE, after: 120 }, children: [run(letter.reference, { size: 24 })] }),
    );
  }
  const paragraphs = letterParagraphs(letter.body);
  const withTable = !!letter.table?.length;
  paragraphs.forEach((p, i) => {
    // The last paragraph (特此告知。) stays on the page of the 落款, so the 落款 never stands alone.
    const last = i === paragraphs.length - 1 && !withTable;
    children.push(
      new Paragraph({
        alignment: AlignmentType.JUSTIFIED,
        indent: p.indent ? { firstLine: 640 } : undefined,
        spacing: LINE,
        keepNext: last || undefined,
        keepLines: last || undefined,
        children: [run(p.text)],
      }),
    );
  });
  if (letter.table && letter.table.length > 0) {
    const line = { style: BorderStyle.SINGLE, size: 4, color: "000000" };
    const borders = { top: line, bottom: line, left: line, right: line };
    const labelWidth = mm(30);
    children.push(new Paragraph({ spacing: LINE, children: [] }));
    children.push(
      new Table({
        width: { size: TEXT_WIDTH, type: WidthType.DXA },
        columnWidths: [labelWidth, TEXT_WIDTH - labelWidth],
        rows: letter.table.map(
          ([label, value]) =>
            new TableRow({
              children: [
                new TableCell({
                  borders,
                  width: { size: labelWidth, type: WidthType.DXA },
                  shading: { fill: "F2EFE9" },
                  children: [new Paragraph({ keepNext: true, children: [run(label, { size: 24, bold: true })] })],
                }),
                new TableCell({
                  borders,
                  width: { size: TEXT_WIDTH - labelWidth, type: WidthType.DXA },
                  children: [new Paragraph({ keepNext: true, children: [run(value || "—", { size: 24 })] })],
                }),
              ],
            }),
        ),
      }),
    );
  }
  // keepNext chains the blank lines, the issuer and the date to the paragraph above them.
  const sign = (text: string, keepNext: boolean) =>
    new Paragraph({ alignment: AlignmentType.RIGHT, indent: { right: 640 }, spacing: LINE, keepNext, keepLines: true, children: [run(text)] });
  children.push(new Paragraph({ spacing: LINE, keepNext: true, children: [] }), new Paragraph({ spacing: LINE, keepNext: true, children: [] }));
  children.push(sign(letter.issuer, true), sign(letterDateText(letter.date), false));
  if (letter.footer) {
    children.push(new Paragraph({ spacing: LINE, children: [] }));
    children.push(new Paragraph({ children: [run(letter.footer, { size: 20 })] }));
  }

  const document = new Document({
    creator: "政务公开平台",
    title: letter.title,
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { top: PAGE.top, bottom: PAGE.bottom, left: PAGE.left, right: PAGE.right },
          },
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}
