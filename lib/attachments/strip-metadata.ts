import JSZip from "jszip";
import { PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, PDFStream } from "pdf-lib";
import sharp from "sharp";
import type { AttachmentType } from "./inspect";

export interface StripOptions {
  /** Title to write into the published file (PDF Info / OOXML core title); otherwise the title is removed. */
  title?: string;
  /** JPEG re-encoding quality, default 90. */
  jpegQuality?: number;
}

export interface StripResult {
  buffer: Buffer;
  metadataStripped: boolean;
  /** What was found and removed, for the audit trail (e.g. "EXIF", "Info/Author", "dc:creator"). */
  removed: string[];
  /** zh-CN, when metadataStripped is false. */
  reason?: string;
}

/** Removes embedded metadata (authors, software, GPS, XMP …) from a file about to be published. */
export async function stripMetadata(
  input: Buffer | Uint8Array,
  type: AttachmentType,
  options: StripOptions = {},
): Promise<StripResult> {
  const buf = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  switch (type) {
    case "jpg":
    case "png":
      return stripImage(buf, type, options);
    case "pdf":
      return stripPdf(buf, options);
    case "docx":
    case "xlsx":
      return stripOoxml(buf, options);
    case "doc":
    case "xls":
      return {
        buffer: buf,
        metadataStripped: false,
        removed: [],
        reason: "DOC/XLS 旧版格式无法安全清除作者等元数据，建议另存为 DOCX、XLSX 或 PDF 后发布",
      };
  }
}

// ---------------------------------------------------------------------------
// Images
// ---------------------------------------------------------------------------

async function stripImage(buf: Buffer, type: "jpg" | "png", options: StripOptions): Promise<StripResult> {
  const meta = await sharp(buf).metadata();
  const removed: string[] = [];
  if (meta.exif) removed.push("EXIF");
  if (meta.xmp) removed.push("XMP");
  if (meta.iptc) removed.push("IPTC");
  if (meta.icc) removed.push("ICC");
  if ((meta as { comments?: unknown[] }).comments?.length) removed.push("PNG text");
  // sharp writes no metadata unless asked to; autoOrient bakes the EXIF rotation into the pixels so
  // the picture still displays upright once the orientation tag is gone.
  const pipeline = sharp(buf).autoOrient();
  const out =
    type === "jpg"
      ? await pipeline.jpeg({ quality: options.jpegQuality ?? 90 }).toBuffer()
      : await pipeline.png({ compressionLevel: 9 }).toBuffer();
  return { buffer: out, metadataStripped: true, removed };
}

// ---------------------------------------------------------------------------
// PDF
// ---------------------------------------------------------------------------

const INFO_KEYS = ["Title", "Author", "Subject", "Keywords", "Creator", "Producer", "CreationDate", "ModDate", "Trapped"];

async function stripPdf(buf: Buffer, options: StripOptions): Promise<StripResult> {
  try {
    return await rewritePdf(buf, options);
  } catch (err) {
    const encrypted = (err as Error)?.name === "EncryptedPDFError" || /encrypt/i.test(String((err as Error)?.message));
    return {
      buffer: buf,
      metadataStripped: false,
      removed: [],
      reason: encrypted
        ? "PDF 文件已加密，无法清除元数据，请上传未加密的文件"
        : "PDF 文件无法解析，未能清除元数据，请重新导出后上传",
    };
  }
}

async function rewritePdf(buf: Buffer, options: StripOptions): Promise<StripResult> {
  // updateMetadata: false, or pdf-lib stamps its own Producer/Creator/dates into the file.
  const doc = await PDFDocument.load(buf, { updateMetadata: false });
  // pdf-lib parses leniently; a file without pages would be written out as garbage.
  if (doc.getPageCount() === 0) throw new Error("PDF has no pages");
  const { context } = doc;
  const removed = new Set<string>();

  const infoRef = context.trailerInfo.Info;
  const info = infoRef ? context.lookup(infoRef) : undefined;
  if (info instanceof PDFDict) {
    for (const key of INFO_KEYS) if (info.has(PDFName.of(key))) removed.add(`Info/${key}`);
    for (const [k] of info.entries()) removed.add(`Info/${k.decodeText()}`);
  }
  context.trailerInfo.Info = undefined;
  if (infoRef instanceof PDFRef) context.delete(infoRef);

  for (const [ref, obj] of context.enumerateIndirectObjects()) {
    const dict = obj instanceof PDFDict ? obj : obj instanceof PDFStream ? obj.dict : null;
    if (!dict) continue;
    // XMP packets: document-level (catalog) and per page or image; they repeat the Info fields and
    // often carry editing history (xmpMM:History) as well.
    if (dict.get(PDFName.of("Type")) === PDFName.of("Metadata") && obj instanceof PDFRawStream) {
      context.delete(ref);
      removed.add("XMP");
      continue;
    }
    if (dict.has(PDFName.of("Metadata"))) {
      dict.delete(PDFName.of("Metadata"));
      removed.add("XMP");
    }
    // Private application data (Illustrator, Acrobat) can hold the original editable content.
    if (dict.has(PDFName.of("PieceInfo"))) {
      dict.delete(PDFName.of("PieceInfo"));
      removed.add("PieceInfo");
    }
    // Info dictionaries left behind by earlier incremental saves are still written out.
    const looksLikeInfo =
      !dict.has(PDFName.of("Type")) &&
      !dict.has(PDFName.of("Subtype")) &&
      ["Author", "Creator", "Producer"].some((k) => dict.has(PDFName.of(k)));
    if (looksLikeInfo) {
      for (const key of INFO_KEYS) {
        if (dict.has(PDFName.of(key))) {
          dict.delete(PDFName.of(key));
          removed.add(`Info/${key}`);
        }
      }
    }
  }

  if (options.title) {
    doc.setTitle(options.title, { showInWindowTitleBar: true });
    removed.delete("Info/Title");
  }
  const out = Buffer.from(await doc.save({ updateFieldAppearances: false }));
  return { buffer: out, metadataStripped: true, removed: [...removed] };
}

// ---------------------------------------------------------------------------
// DOCX / XLSX
// ---------------------------------------------------------------------------

// Core properties that identify people or organisations, or describe the document beyond its title.
const CORE_ELEMENTS = [
  "dc:creator",
  "cp:lastModifiedBy",
  "dc:subject",
  "dc:description",
  "cp:keywords",
  "cp:category",
  "cp:contentStatus",
  "dc:identifier",
  "cp:lastPrinted",
  "cp:revision",
  "cp:version",
];
const APP_ELEMENTS = ["Company", "Manager", "HyperlinkBase", "Template"];
// Authors of tracked changes, comments and threaded comments.
const AUTHOR_ATTRIBUTES = ["w:author", "w:initials", "w15:author", "w15:userId", "w15:providerId", "displayName", "userId", "providerId"];

function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function removeElement(xml: string, name: string): { xml: string; hadContent: boolean } {
  const re = new RegExp(`<${name}(?:\\s[^>]*)?(?:/>|>([\\s\\S]*?)</${name}>)`, "g");
  let hadContent = false;
  const out = xml.replace(re, (_m, inner: string | undefined) => {
    if (inner && inner.trim()) hadContent = true;
    return "";
  });
  return { xml: out, hadContent };
}

async function stripOoxml(buf: Buffer, options: StripOptions): Promise<StripResult> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(buf);
  } catch {
    return { buffer: buf, metadataStripped: false, removed: [], reason: "文件已损坏，未能清除元数据" };
  }
  const removed = new Set<string>();

  const core = zip.file("docProps/core.xml");
  if (core) {
    let xml = await core.async("string");
    for (const name of [...CORE_ELEMENTS, "dc:title"]) {
      const r = removeElement(xml, name);
      xml = r.xml;
      if (r.hadContent && name !== "dc:title") removed.add(name);
      if (r.hadContent && name === "dc:title" && !options.title) removed.add(name);
    }
    if (options.title) {
      xml = xml.replace(/<\/cp:coreProperties>/, `<dc:title>${escapeXml(options.title)}</dc:title></cp:coreProperties>`);
    }
    zip.file("docProps/core.xml", xml);
  }

  const app = zip.file("docProps/app.xml");
  if (app) {
    let xml = await app.async("string");
    for (const name of APP_ELEMENTS) {
      const r = removeElement(xml, name);
      xml = r.xml;
      if (r.hadContent) removed.add(name);
    }
    zip.file("docProps/app.xml", xml);
  }

  const custom = zip.file("docProps/custom.xml");
  if (custom) {
    const xml = await custom.async("string");
    const r = removeElement(xml, "property");
    if (r.xml !== xml) removed.add("custom properties");
    zip.file("docProps/custom.xml", r.xml);
  }

  const attrRe = new RegExp(`\\b(${AUTHOR_ATTRIBUTES.join("|")})="[^"]*"`, "g");
  for (const name of Object.keys(zip.files)) {
    if (!/^(word|xl)\/.+\.xml$/.test(name) || zip.files[name].dir) continue;
    const original = await zip.file(name)!.async("string");
    let xml = original.replace(attrRe, (m, attr: string) => {
      if (!/=""$/.test(m)) removed.add("revision/comment authors");
      return `${attr}=""`;
    });
    // Spreadsheet comment authors are element text rather than attributes.
    xml = xml.replace(/<author>[^<]+<\/author>/g, () => {
      removed.add("revision/comment authors");
      return "<author></author>";
    });
    if (name === "word/settings.xml") {
      // The attached template's path often names the author's own folder (C:\Users\…).
      const r = removeElement(xml, "w:attachedTemplate");
      if (r.xml !== xml) removed.add("attachedTemplate");
      xml = r.xml;
    }
    if (xml !== original) zip.file(name, xml);
  }
  const settingsRels = zip.file("word/_rels/settings.xml.rels");
  if (settingsRels) {
    const xml = await settingsRels.async("string");
    const out = xml.replace(/<Relationship\b[^>]*\/attachedTemplate"[^>]*\/>/g, "");
    if (out !== xml) zip.file("word/_rels/settings.xml.rels", out);
  }

  const out = await zip.generateAsync({
    type: "nodebuffer",
    compression: "DEFLATE",
    compressionOptions: { level: 6 },
  });
  return { buffer: out, metadataStripped: true, removed: [...removed] };
}
