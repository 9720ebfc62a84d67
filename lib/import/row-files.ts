import mammoth from "mammoth";
import { sha256Hex } from "../attachments/storage";
import { prepareAttachment, type PreparedAttachment } from "../attachments/prepare-attachment";
import { AppError } from "../errors/app-error";
import { sanitizeBody, textToHtml } from "../items/item-input";
import { decodePlainText, extractText } from "../scan/extract-text";
import type { BoundedZip } from "./bounded-zip";
import { COLUMN_BY_FIELD, splitFileNames, type RawRow } from "./columns";
import type { RowFile, RowProblem } from "./plan-row";

const message = (e: unknown) => (e instanceof AppError ? e.message : "文件无法读取");

/** Turns a body file (.docx, .pdf, .txt, .html) into clean HTML. */
async function bodyHtmlOf(name: string, data: Buffer): Promise<string> {
  const ext = name.toLowerCase().split(".").pop();
  if (ext === "txt") {
    const text = decodePlainText(data);
    if (text === null) throw new AppError("INVALID_INPUT", "不是纯文本文件");
    return textToHtml(text.replace(/\r\n?/g, "\n"));
  }
  if (ext === "html" || ext === "htm") return sanitizeBody(decodePlainText(data) ?? "");
  if (ext === "docx") {
    try {
      return sanitizeBody((await mammoth.convertToHtml({ buffer: data })).value);
    } catch {
      throw new AppError("INVALID_INPUT", "DOCX 文件已损坏，无法读取");
    }
  }
  if (ext === "pdf") {
    try {
      return textToHtml((await extractText(data)).text);
    } catch {
      throw new AppError("INVALID_INPUT", "PDF 文件无法提取文字（扫描件请作为附件导入）");
    }
  }
  throw new AppError("INVALID_INPUT", "正文文件须为 .docx、.pdf、.txt 或 .html");
}

/**
 * Reads the files a row names from the uploaded ZIP: the body file becomes HTML, attachments are
 * checked (type by content, size) and cleaned; both are scanned later with the row. Each file is read
 * once per batch however many rows name it.
 */
export class RowFileReader {
  private readonly byName = new Map<string, string>();
  private readonly cache = new Map<string, Promise<{ file?: RowFile; error?: string }>>();

  constructor(
    private readonly zip: BoundedZip | null,
    private readonly maxAttachmentBytes: number,
  ) {
    for (const n of zip?.names ?? []) {
      const base = n.split("/").pop()!.normalize("NFC");
      this.byName.set(n.normalize("NFC").toLowerCase(), n);
      if (!this.byName.has(base.toLowerCase())) this.byName.set(base.toLowerCase(), n);
    }
  }

  private entry(name: string): string | undefined {
    return this.byName.get(name.normalize("NFC").toLowerCase());
  }

  private load(name: string, kind: "body" | "attachment") {
    const key = `${kind}:${name}`;
    let p = this.cache.get(key);
    if (!p) {
      p = (async () => {
        const entry = this.entry(name);
        if (!this.zip || !entry) return { error: this.zip ? `文件“${name}”不在上传的压缩包中` : `填写了文件“${name}”，但没有上传文件压缩包` };
        try {
          const data = await this.zip.read(entry);
          if (kind === "body") {
            const bodyHtml = await bodyHtmlOf(name, data);
            return { file: { name, sha256: sha256Hex(data), text: "", bodyHtml } };
          }
          const prepared = await prepareAttachment({ name: entry.split("/").pop()!, data }, this.maxAttachmentBytes);
          return { file: { name: prepared.name, sha256: sha256Hex(data), text: prepared.text } };
        } catch (e) {
          return { error: `文件“${name}”：${message(e).replace(/^附件“[^”]*”：/, "")}` };
        }
      })();
      this.cache.set(key, p);
    }
    return p;
  }

  async filesOf(raw: RawRow): Promise<{ files: RowFile[]; problems: RowProblem[] }> {
    const files: RowFile[] = [];
    const problems: RowProblem[] = [];
    if (raw.bodyFile && !raw.body) {
      const r = await this.load(raw.bodyFile.trim(), "body");
      if (r.file) files.push(r.file);
      else problems.push({ column: COLUMN_BY_FIELD.bodyFile.header, message: r.error! });
    }
    for (const name of splitFileNames(raw.attachmentFiles)) {
      const r = await this.load(name, "attachment");
      if (r.file) files.push(r.file);
      else problems.push({ column: COLUMN_BY_FIELD.attachmentFiles.header, message: r.error! });
    }
    return { files, problems };
  }

  /** The cleaned attachment, read again for storing at import time (buffers are not kept). */
  async prepared(name: string): Promise<PreparedAttachment> {
    const entry = this.entry(name);
    if (!this.zip || !entry) throw new AppError("INVALID_INPUT", `文件“${name}”不在上传的压缩包中`);
    return prepareAttachment({ name: entry.split("/").pop()!, data: await this.zip.read(entry) }, this.maxAttachmentBytes);
  }
}
