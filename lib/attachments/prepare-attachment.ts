import { inspectAttachment } from "./inspect";
import { stripMetadata } from "./strip-metadata";
import { ExtractTextError, extractText } from "../scan/extract-text";
import type { TextMap } from "../scan/text-map";
import type { BlobStorage } from "./storage";
import { AppError } from "../errors/app-error";

/** An attachment checked and cleaned, ready to be stored and recorded. */
export interface PreparedAttachment {
  name: string;
  mime: string;
  kind: string;
  original: Buffer;
  published: Buffer;
  metadataStripped: boolean;
  removed: unknown;
  text: string;
  /** Where each part of the text came from (page, sheet/cell, document part), for findings. */
  textMap: TextMap;
}

/**
 * The type is decided by content, not the name; embedded metadata (author, software, EXIF) is stripped
 * from what gets published; the text is extracted for the confidentiality scan and search. Throws an
 * INVALID_INPUT AppError with a Chinese message naming the file when the file is refused.
 */
export async function prepareAttachment(file: { name: string; data: Buffer }, maxBytes: number): Promise<PreparedAttachment> {
  const inspected = await inspectAttachment(file.data, file.name, { maxBytes });
  if (!inspected.ok) throw new AppError("INVALID_INPUT", `附件“${file.name}”：${inspected.message}`);
  const stripped = await stripMetadata(file.data, inspected.type);
  let text = "";
  let textMap: TextMap = {};
  try {
    const extracted = await extractText(stripped.buffer);
    text = extracted.text;
    textMap = extracted.map ?? {};
  } catch (err) {
    // Over the bounds: refused before anything is stored.
    if (err instanceof ExtractTextError && err.code === "too_large") throw new AppError("INVALID_INPUT", `附件“${file.name}”：${err.message}`);
    // Scans, images and old DOC/XLS have no extractable text: the reviewer reads them in full.
  }
  return {
    name: file.name.slice(0, 200),
    mime: inspected.mime,
    kind: inspected.type,
    original: file.data,
    published: stripped.buffer,
    metadataStripped: stripped.metadataStripped,
    removed: stripped.removed,
    text,
    textMap,
  };
}

/** Stores the original and the cleaned copy (content-addressed) and returns the row fields. */
export async function storePreparedAttachment(storage: BlobStorage, a: PreparedAttachment, sortOrder: number) {
  const original = await storage.put(a.original);
  const published = await storage.put(a.published);
  return {
    name: a.name,
    mime: a.mime,
    kind: a.kind,
    size: a.published.length,
    sha256: published.key,
    originalSha256: original.key,
    metadataStripped: a.metadataStripped,
    textContent: a.text.slice(0, 500_000),
    textMap: JSON.parse(JSON.stringify(a.textMap)),
    sortOrder,
  };
}
