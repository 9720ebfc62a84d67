import { fileTypeFromBuffer } from "file-type";
import JSZip from "jszip";
import { cfbEntryNames, classifyCfb } from "./cfb";
import { checkZipBounds, DEFAULT_ZIP_LIMITS, type ZipLimits } from "./zip-bounds";
import { checkPdfBounds, DEFAULT_PDF_LIMITS, type PdfLimits } from "./pdf-bounds";

export const ATTACHMENT_TYPES = ["pdf", "doc", "docx", "xls", "xlsx", "jpg", "png"] as const;
export type AttachmentType = (typeof ATTACHMENT_TYPES)[number];

export const ATTACHMENT_MIME: Record<AttachmentType, string> = {
  pdf: "application/pdf",
  doc: "application/msword",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xls: "application/vnd.ms-excel",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  jpg: "image/jpeg",
  png: "image/png",
};

const EXTENSIONS: Record<AttachmentType, readonly string[]> = {
  pdf: ["pdf"],
  doc: ["doc"],
  docx: ["docx"],
  xls: ["xls"],
  xlsx: ["xlsx"],
  jpg: ["jpg", "jpeg"],
  png: ["png"],
};

const TYPE_LABELS: Record<AttachmentType, string> = {
  pdf: "PDF",
  doc: "DOC",
  docx: "DOCX",
  xls: "XLS",
  xlsx: "XLSX",
  jpg: "JPG",
  png: "PNG",
};

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

export interface InspectOptions {
  /** Default 20 MB. */
  maxBytes?: number;
  /** Default: all of ATTACHMENT_TYPES. */
  allowedTypes?: readonly AttachmentType[];
  /** Caps for DOCX/XLSX (zip) content, checked before anything unpacks it. */
  zipLimits?: ZipLimits;
  /** Caps for the compressed streams inside a PDF. */
  pdfLimits?: PdfLimits;
}

export type InspectErrorCode =
  | "empty"
  | "too_large"
  | "missing_extension"
  | "unknown_type"
  | "type_not_allowed"
  | "extension_mismatch"
  | "encrypted"
  | "macro_enabled"
  | "archive_too_large";

export type InspectResult =
  | { ok: true; type: AttachmentType; mime: string; extension: string; size: number }
  | { ok: false; code: InspectErrorCode; message: string; detected?: string; size: number };

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${+(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

function allowedList(types: readonly AttachmentType[]): string {
  return types.map((t) => TYPE_LABELS[t]).join("、");
}

export function extensionOf(filename: string): string {
  const base = filename.split(/[\\/]/).pop() ?? "";
  const dot = base.lastIndexOf(".");
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : "";
}

const OOXML_MAIN = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
  docm: "application/vnd.ms-word.document.macroEnabled.main+xml",
  xlsm: "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
  dotx: "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
  xltx: "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
} as const;

/**
 * The OOXML kind of a zip container, judged by [Content_Types].xml declaring a main part that is
 * actually present — not by entry order, which differs between Office, WPS and LibreOffice.
 */
async function ooxmlKind(buf: Buffer): Promise<keyof typeof OOXML_MAIN | "zip" | null> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(buf);
  } catch {
    return null;
  }
  const types = await zip.file("[Content_Types].xml")?.async("string");
  if (!types) return "zip";
  for (const m of types.matchAll(/<Override\b[^>]*>/g)) {
    const partName = /PartName="([^"]+)"/.exec(m[0])?.[1];
    const contentType = /ContentType="([^"]+)"/.exec(m[0])?.[1];
    if (!partName || !contentType) continue;
    const kind = (Object.keys(OOXML_MAIN) as Array<keyof typeof OOXML_MAIN>).find((k) => OOXML_MAIN[k] === contentType);
    if (kind && zip.file(decodeURIComponent(partName.replace(/^\//, "")))) return kind;
  }
  return "zip";
}

/** What the bytes are, as one of the allowed types or a short name of something else. */
export async function detectType(buf: Buffer): Promise<{ type?: AttachmentType; detected: string; encrypted?: boolean }> {
  const ft = await fileTypeFromBuffer(buf);
  if (!ft) return { detected: "unknown" };
  switch (ft.ext) {
    case "pdf":
    case "ai": // Illustrator files are PDFs with private data: publish as PDF
      return { type: "pdf", detected: "pdf" };
    case "jpg":
      return { type: "jpg", detected: "jpg" };
    case "png":
      return { type: "png", detected: "png" };
    case "cfb": {
      const names = cfbEntryNames(buf);
      const kind = names ? classifyCfb(names) : "other";
      if (kind === "doc" || kind === "xls") return { type: kind, detected: kind };
      if (kind === "encrypted-ooxml") return { detected: "encrypted-ooxml", encrypted: true };
      return { detected: kind === "ppt" ? "ppt" : "cfb" };
    }
    case "zip":
    case "docx":
    case "xlsx":
    case "pptx": {
      const kind = await ooxmlKind(buf);
      if (kind === "docx" || kind === "xlsx") return { type: kind, detected: kind };
      return { detected: kind ?? "zip" };
    }
    default:
      return { detected: ft.ext };
  }
}

/** Checks an upload: size, type by content, and that the file name's extension agrees with it. */
export async function inspectAttachment(
  buffer: Buffer | Uint8Array,
  filename: string,
  options: InspectOptions = {},
): Promise<InspectResult> {
  const buf = Buffer.isBuffer(buffer) ? buffer : Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const size = buf.length;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const allowed = options.allowedTypes ?? ATTACHMENT_TYPES;
  const fail = (code: InspectErrorCode, message: string, detected?: string): InspectResult => ({
    ok: false,
    code,
    message,
    size,
    ...(detected ? { detected } : {}),
  });

  if (size === 0) return fail("empty", "文件为空，请重新选择");
  if (size > maxBytes) {
    return fail("too_large", `文件大小为 ${formatSize(size)}，超过 ${formatSize(maxBytes)} 的限制`);
  }
  const extension = extensionOf(filename);
  if (!extension) {
    return fail("missing_extension", `文件名缺少扩展名，只允许上传 ${allowedList(allowed)} 文件`);
  }

  // A zip container is checked for its unpacked size before anything (type detection included) opens it.
  if (buf.length > 4 && buf[0] === 0x50 && buf[1] === 0x4b && buf[2] === 0x03 && buf[3] === 0x04) {
    const bounds = await checkZipBounds(buf, options.zipLimits ?? DEFAULT_ZIP_LIMITS);
    if (!bounds.ok && bounds.code !== "corrupt") return fail("archive_too_large", bounds.message, "zip");
  }
  const { type, detected, encrypted } = await detectType(buf);
  if (encrypted) return fail("encrypted", "文件已加密，请取消密码保护后再上传", detected);
  if (detected === "docm" || detected === "xlsm") {
    return fail("macro_enabled", "文件包含宏，不能作为公开附件，请另存为不含宏的 DOCX 或 XLSX 文件", detected);
  }
  if (!type) {
    return detected === "unknown"
      ? fail("unknown_type", `无法识别文件类型，只允许上传 ${allowedList(allowed)} 文件`)
      : fail("type_not_allowed", `不支持该文件类型，只允许上传 ${allowedList(allowed)} 文件`, detected);
  }
  if (!allowed.includes(type)) {
    return fail("type_not_allowed", `不支持 ${TYPE_LABELS[type]} 文件，只允许上传 ${allowedList(allowed)} 文件`, type);
  }
  if (!EXTENSIONS[type].includes(extension)) {
    return fail(
      "extension_mismatch",
      `文件类型与扩展名不符：文件内容为 ${TYPE_LABELS[type]}，扩展名却是 .${extension}，请核实后重新上传`,
      type,
    );
  }
  if (type === "pdf") {
    const bounds = await checkPdfBounds(buf, options.pdfLimits ?? DEFAULT_PDF_LIMITS);
    if (!bounds.ok) return fail("archive_too_large", bounds.message, "pdf");
  }
  return { ok: true, type, mime: ATTACHMENT_MIME[type], extension, size };
}
