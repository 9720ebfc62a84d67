import { createRequire } from "node:module";
import path from "node:path";
import JSZip from "jszip";
import mammoth from "mammoth";
import { checkZipBounds, DEFAULT_ZIP_LIMITS, type ZipLimits } from "../attachments/zip-bounds";
import { checkPdfBounds, DEFAULT_PDF_LIMITS, type PdfLimits } from "../attachments/pdf-bounds";
import { MAX_MAPPED_ROWS, type TextMap } from "./text-map";

export type ExtractedKind = "pdf" | "docx" | "xlsx" | "text";

export interface ExtractedText {
  kind: ExtractedKind;
  text: string;
  /** Pages for PDFs. */
  pageCount?: number;
  /** zh-CN notes for the reviewer, e.g. a PDF with no text layer (scanned image). */
  warnings: string[];
  /** Where each part of `text` came from (pages, sheets and rows, document parts). */
  map?: TextMap;
}

export type ExtractErrorCode = "unsupported_type" | "encrypted" | "corrupt" | "too_large";

/** Bounds on the work one extraction may do; over a bound → ExtractTextError("too_large"). */
export interface ExtractLimits {
  maxPdfPages: number;
  /** Wall-clock budget, checked between pages and parts. */
  maxMillis: number;
  zip: ZipLimits;
  pdf: PdfLimits;
}

export const DEFAULT_EXTRACT_LIMITS: ExtractLimits = {
  maxPdfPages: 1000,
  maxMillis: 30_000,
  zip: DEFAULT_ZIP_LIMITS,
  pdf: DEFAULT_PDF_LIMITS,
};

class Deadline {
  private readonly at: number;
  constructor(private readonly millis: number) {
    this.at = Date.now() + millis;
  }
  check(): void {
    if (Date.now() > this.at) {
      throw new ExtractTextError("too_large", `文件内容过于复杂，文字提取超过 ${Math.round(this.millis / 1000)} 秒仍未完成，请拆分或另存后重新上传`);
    }
  }
}

/** Thrown when no text can be extracted; `message` is zh-CN and can be shown to staff. */
export class ExtractTextError extends Error {
  constructor(
    readonly code: ExtractErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "ExtractTextError";
  }
}

const isPdf = (b: Buffer) => b.subarray(0, 1024).includes("%PDF-");
const isZip = (b: Buffer) => b.length > 4 && b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
const isCfb = (b: Buffer) =>
  b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));

function describeBinary(b: Buffer): string | null {
  if (isCfb(b)) return "DOC/XLS 等旧版 Office 文件暂不能自动提取文字，请另存为 DOCX、XLSX 或 PDF 后上传，或进行人工审查";
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "图片文件无法自动识别文字，请进行人工审查";
  if (b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    return "图片文件无法自动识别文字，请进行人工审查";
  }
  return null;
}

/**
 * Extracts the text of a PDF, DOCX or XLSX file (by content, not by name) or decodes plain text.
 * Throws ExtractTextError for types it cannot read, so callers can require a manual review instead.
 */
export async function extractText(buffer: Buffer | Uint8Array, limits: ExtractLimits = DEFAULT_EXTRACT_LIMITS): Promise<ExtractedText> {
  const buf = Buffer.isBuffer(buffer) ? buffer : Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  if (buf.length === 0) return { kind: "text", text: "", warnings: ["文件为空"] };
  const deadline = new Deadline(limits.maxMillis);
  if (isPdf(buf)) return extractPdf(buf, limits, deadline);
  if (isZip(buf)) {
    const bounds = await checkZipBounds(buf, limits.zip);
    if (!bounds.ok) throw new ExtractTextError(bounds.code === "corrupt" ? "corrupt" : "too_large", bounds.message);
    let zip: JSZip;
    try {
      zip = await JSZip.loadAsync(buf);
    } catch {
      throw new ExtractTextError("corrupt", "压缩文件已损坏，无法读取");
    }
    if (zip.file("word/document.xml")) return extractDocx(buf, zip, deadline);
    if (zip.file("xl/workbook.xml")) return extractXlsx(zip, deadline);
    throw new ExtractTextError("unsupported_type", "不支持的文件类型，只能提取 PDF、DOCX、XLSX 和纯文本文件的文字");
  }
  const binary = describeBinary(buf);
  if (binary) throw new ExtractTextError("unsupported_type", binary);
  const text = decodePlainText(buf);
  if (text === null) {
    throw new ExtractTextError("unsupported_type", "不支持的文件类型，只能提取 PDF、DOCX、XLSX 和纯文本文件的文字");
  }
  return { kind: "text", text, warnings: [] };
}

// ---------------------------------------------------------------------------
// Plain text
// ---------------------------------------------------------------------------

function looksBinary(text: string): boolean {
  // Control characters other than tab/newline/CR/form feed are rare in real text files.
  const controls = text.match(/[\u0000-\u0008\u000e-\u001f]/g)?.length ?? 0;
  return controls > 0 && controls / text.length > 0.001;
}

/** UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 as Chinese Windows writes it; null if binary. */
export function decodePlainText(buf: Buffer): string | null {
  let text: string | null = null;
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) text = buf.subarray(3).toString("utf8");
  else if (buf[0] === 0xff && buf[1] === 0xfe) text = new TextDecoder("utf-16le").decode(buf.subarray(2));
  else if (buf[0] === 0xfe && buf[1] === 0xff) text = new TextDecoder("utf-16be").decode(buf.subarray(2));
  else {
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(buf);
    } catch {
      try {
        text = new TextDecoder("gb18030", { fatal: true }).decode(buf);
      } catch {
        return null;
      }
    }
  }
  if (text.includes("\u0000") || looksBinary(text)) return null;
  return text;
}

// ---------------------------------------------------------------------------
// PDF (pdfjs-dist legacy build: runs in plain Node without DOM or worker thread)
// ---------------------------------------------------------------------------

type PdfJs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");
let pdfjsPromise: Promise<PdfJs> | null = null;

function loadPdfJs(): Promise<PdfJs> {
  pdfjsPromise ??= import("pdfjs-dist/legacy/build/pdf.mjs");
  return pdfjsPromise;
}

// Chinese PDFs exported from Word often use predefined CMaps (UniGB-UCS2-H) that pdfjs reads from
// disk; without them the text of non-embedded CJK fonts comes out empty.
function pdfjsAssetDirs(): { cMapUrl?: string; standardFontDataUrl?: string } {
  try {
    const require = createRequire(import.meta.url);
    const root = path.dirname(require.resolve("pdfjs-dist/package.json"));
    return {
      cMapUrl: path.join(root, "cmaps") + path.sep,
      standardFontDataUrl: path.join(root, "standard_fonts") + path.sep,
    };
  } catch {
    return {};
  }
}

interface PdfTextItem {
  str: string;
  hasEOL?: boolean;
  transform?: number[];
  width?: number;
  height?: number;
}

const trimSpacesEnd = (s: string) => s.replace(/[ \t]+$/, "");

/**
 * One page's text: runs on a line joined with a space where there is a word gap, a tab where the gap
 * is wider than a space (a table's column break — pdfjs often fills it with a wide whitespace item).
 * A new line inside a table row that starts under the current cell is that cell wrapping: one line
 * break, so a wrapped number is two parts with one line break between them. A line that starts left of
 * the current cell begins a new row: a blank line, so the last cell of one row and the first cell of
 * the next are never read as one number.
 */
function pageText(items: PdfTextItem[]): string {
  let out = "";
  let prev: PdfTextItem | null = null;
  let inRow = false;
  let cellX = 0;
  const columnBreak = () => {
    if (out && !out.endsWith("\n")) {
      out = trimSpacesEnd(out) + "\t";
      inRow = true;
      cellX = Number.NaN; // set by the next visible run
    }
  };
  for (const item of items) {
    if (typeof item.str !== "string") continue;
    const size = Math.abs(item.transform?.[3] ?? 0) || item.height || 10;
    const x = item.transform?.[4] ?? 0;
    if (prev && prev.transform && item.transform) {
      const sameLine = Math.abs(prev.transform[5] - item.transform[5]) < size * 0.5;
      if (!sameLine || prev.hasEOL) {
        if (!/^\s*$/.test(item.str)) {
          const newRow = inRow && x < cellX - size;
          out = trimSpacesEnd(out).replace(/\n*$/, "") + (newRow ? "\n\n" : "\n");
          if (newRow) inRow = false;
          cellX = x;
        }
      } else {
        const gap = x - (prev.transform[4] + (prev.width ?? 0));
        if (gap > size * 0.7) columnBreak();
        else if (gap > size * 0.25 && !/\s$/.test(out) && !/^\s/.test(item.str)) out += " ";
      }
    } else if (!prev) cellX = x;
    if (/^\s+$/.test(item.str)) {
      if ((item.width ?? 0) > size * 0.7) columnBreak();
      else if (!/\s$/.test(out)) out += " ";
    } else if (item.str) {
      if (Number.isNaN(cellX)) cellX = x;
      out += out.endsWith("\t") || out.endsWith("\n") || !out ? item.str.replace(/^ +/, "") : item.str;
    }
    prev = item;
  }
  return out.replace(/[ \t]+\n/g, "\n").replace(/^\n+/, "");
}

async function extractPdf(buf: Buffer, limits: ExtractLimits, deadline: Deadline): Promise<ExtractedText> {
  const bounds = await checkPdfBounds(buf, limits.pdf);
  if (!bounds.ok) throw new ExtractTextError("too_large", bounds.message);
  const pdfjs = await loadPdfJs();
  const task = pdfjs.getDocument({
    // pdfjs transfers (detaches) the array it is given: hand it a copy.
    data: new Uint8Array(buf),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    cMapPacked: true,
    verbosity: 0,
    ...pdfjsAssetDirs(),
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (err) {
    await task.destroy().catch(() => undefined);
    const name = (err as { name?: string })?.name;
    if (name === "PasswordException") throw new ExtractTextError("encrypted", "PDF 文件已加密，无法提取文字，请上传未加密的文件");
    throw new ExtractTextError("corrupt", "PDF 文件已损坏或格式不正确，无法提取文字");
  }
  try {
    if (doc.numPages > limits.maxPdfPages) {
      throw new ExtractTextError("too_large", `PDF 文件共 ${doc.numPages} 页，超过 ${limits.maxPdfPages} 页的审查上限，请拆分后上传`);
    }
    const pages: string[] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      deadline.check();
      const page = await doc.getPage(i);
      const content = await page.getTextContent();
      pages.push(pageText(content.items as PdfTextItem[]));
      page.cleanup();
    }
    const starts: number[] = [];
    let joined = "";
    pages.forEach((p, i) => {
      if (i > 0) joined += "\n\n";
      starts.push(joined.length);
      joined += p;
    });
    const lead = joined.length - joined.trimStart().length;
    const text = joined.trim();
    const warnings = text ? [] : ["未能从 PDF 中提取到文字，可能是扫描件，请进行人工审查"];
    return { kind: "pdf", text, pageCount: doc.numPages, warnings, map: { pages: starts.map((o) => Math.max(0, o - lead)) } };
  } finally {
    await doc.destroy();
  }
}

// ---------------------------------------------------------------------------
// Office Open XML
// ---------------------------------------------------------------------------

function decodeXmlEntities(s: string): string {
  return s
    .replace(/&#x([0-9a-fA-F]+);/g, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

/** Paragraph texts of a WordprocessingML part; `delText` is included because deleted revisions still ship. */
function wordPartText(xml: string): string {
  const paragraphs = xml.split(/<\/w:p>/);
  return paragraphs
    .map((p) =>
      [...p.matchAll(/<w:(?:t|delText)(?:\s[^>]*)?>([^<]*)<\/w:(?:t|delText)>|<w:tab\/>/g)]
        .map((m) => (m[1] === undefined ? "\t" : decodeXmlEntities(m[1])))
        .join(""),
    )
    .filter((t) => t.trim())
    .join("\n");
}

const WORD_PART_LABELS: Record<string, string> = {
  header: "页眉",
  footer: "页脚",
  footnotes: "脚注",
  endnotes: "尾注",
  comments: "批注",
};

async function extractDocx(buf: Buffer, zip: JSZip, deadline: Deadline): Promise<ExtractedText> {
  let body: string;
  try {
    body = (await mammoth.extractRawText({ buffer: buf })).value;
  } catch {
    throw new ExtractTextError("corrupt", "DOCX 文件已损坏或格式不正确，无法提取文字");
  }
  // mammoth reads the main story only; headers, footers, comments and tracked deletions are published
  // with the file too, and a classification mark typically sits in the header.
  deadline.check();
  const extras: Array<{ label: string; text: string }> = [];
  const mainXml = (await zip.file("word/document.xml")?.async("string")) ?? "";
  if (/<w:del\b/.test(mainXml)) {
    const deleted = [...mainXml.matchAll(/<w:delText(?:\s[^>]*)?>([^<]*)<\/w:delText>/g)]
      .map((m) => decodeXmlEntities(m[1]))
      .join("");
    if (deleted.trim()) extras.push({ label: "修订中删除的文字", text: `【修订中删除的文字】\n${deleted}` });
  }
  const parts = Object.keys(zip.files)
    .filter((n) => /^word\/(header\d*|footer\d*|footnotes|endnotes|comments)\.xml$/.test(n))
    .sort();
  for (const name of parts) {
    const t = wordPartText((await zip.file(name)!.async("string")) ?? "");
    if (t.trim()) extras.push({ label: WORD_PART_LABELS[/^word\/([a-z]+)/.exec(name)![1]] ?? "正文", text: t });
  }
  let text = body.trim();
  const mapParts: Array<{ start: number; label: string }> = [{ start: 0, label: "正文" }];
  for (const e of extras) {
    if (text) text += "\n\n";
    mapParts.push({ start: text.length, label: e.label });
    text += e.text;
  }
  const warnings: string[] = [];
  if (extras.some((e) => e.label === "修订中删除的文字")) {
    warnings.push("文档含有未接受的修订（删除的文字仍保存在文件中），请接受或拒绝所有修订后再发布");
  }
  if (zip.file("word/comments.xml")) warnings.push("文档含有批注，请删除批注后再发布");
  return { kind: "docx", text, warnings, map: { parts: mapParts } };
}

function columnIndex(ref: string): number {
  let n = 0;
  for (const c of ref.replace(/\d+$/, "")) n = n * 26 + (c.charCodeAt(0) - 64);
  return n - 1;
}

/** Sheet names by worksheet part, from workbook.xml and its relationships; falls back to "SheetN". */
async function sheetNamesByPart(zip: JSZip): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const wb = (await zip.file("xl/workbook.xml")?.async("string")) ?? "";
  const rels = (await zip.file("xl/_rels/workbook.xml.rels")?.async("string")) ?? "";
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]+)"/.exec(m[0])?.[1];
    const target = /\bTarget="([^"]+)"/.exec(m[0])?.[1];
    if (id && target) targets.set(id, target.replace(/^\/?(?:xl\/)?/, "xl/"));
  }
  for (const m of wb.matchAll(/<sheet\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[0])?.[1];
    const rid = /\br:id="([^"]+)"/.exec(m[0])?.[1];
    const part = rid ? targets.get(rid) : undefined;
    if (name !== undefined && part) names.set(part, decodeXmlEntities(name));
  }
  return names;
}

async function extractXlsx(zip: JSZip, deadline: Deadline): Promise<ExtractedText> {
  const sharedXml = (await zip.file("xl/sharedStrings.xml")?.async("string")) ?? "";
  const shared = [...sharedXml.matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) =>
    [...m[1].matchAll(/<t(?:\s[^>]*)?>([^<]*)<\/t>/g)].map((t) => decodeXmlEntities(t[1])).join(""),
  );
  const partNames = await sheetNamesByPart(zip);
  const sheetParts = Object.keys(zip.files)
    .filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))
    .sort((a, b) => Number(a.match(/(\d+)\.xml$/)![1]) - Number(b.match(/(\d+)\.xml$/)![1]));
  let text = "";
  const map: NonNullable<TextMap["sheets"]> = [];
  let mappedRows = 0;
  for (const part of sheetParts) {
    deadline.check();
    const xml = (await zip.file(part)!.async("string")) ?? "";
    const sheet = { name: partNames.get(part) ?? part.replace(/^.*\/(sheet\d+)\.xml$/, "$1"), start: 0, rows: [] as Array<[number, number]> };
    let sheetText = "";
    let rowNo = 0;
    for (const row of xml.matchAll(/<row\b([^>]*)>([\s\S]*?)<\/row>/g)) {
      rowNo = Number(/\br="(\d+)"/.exec(row[1])?.[1] ?? rowNo + 1);
      const line = rowCells(row[2], shared).join("\t");
      if (!line.replace(/\t/g, "")) continue;
      if (sheetText) sheetText += "\n";
      if (mappedRows++ < MAX_MAPPED_ROWS) sheet.rows.push([sheetText.length, rowNo]);
      sheetText += line;
    }
    if (!sheetText) continue;
    if (text) text += "\n\n";
    sheet.start = text.length;
    sheet.rows = sheet.rows.map(([o, r]) => [o + text.length, r]);
    map.push(sheet);
    text += sheetText;
  }
  return { kind: "xlsx", text, warnings: [], map: { sheets: map } };
}

/** A row's cell values by column (gaps kept, so a value's tab count is its column index). */
function rowCells(rowXml: string, shared: string[]): string[] {
  const cells: string[] = [];
  for (const cell of rowXml.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const attrs = cell[1];
    const inner = cell[2] ?? "";
    const type = /\bt="([^"]+)"/.exec(attrs)?.[1];
    const ref = /\br="([A-Z]+\d+)"/.exec(attrs)?.[1];
    let value = "";
    if (type === "inlineStr") {
      value = [...inner.matchAll(/<t(?:\s[^>]*)?>([^<]*)<\/t>/g)].map((t) => decodeXmlEntities(t[1])).join("");
    } else {
      const v = /<v>([^<]*)<\/v>/.exec(inner)?.[1];
      if (v !== undefined) value = type === "s" ? (shared[Number(v)] ?? "") : decodeXmlEntities(v);
    }
    const idx = ref ? columnIndex(ref) : cells.length;
    while (cells.length < idx) cells.push("");
    // A tab inside a value would shift the column count: it reads as a space.
    cells[idx] = value.replace(/\t/g, " ");
  }
  return cells;
}
