// What of an item's attachments can go onto the board sheet itself: a 公示 whose list is an attachment
// must carry the list, not only its file name. XLSX sheets become tables and DOCX documents (tables
// included) become text, both set into the sheet and paginated like the body; PDF pages are placed
// onto sheet pages that carry the sheet's running header and 公示期 footer (see render-sheet.ts).
import mammoth from "mammoth";
import { PDFDocument } from "pdf-lib";
import type { PublishedAttachmentDTO } from "../channels/types";
import { extractText } from "../scan/extract-text";

export interface AttachmentPdf {
  /** 1-based number in the attachment list ("附件2"). */
  number: number;
  name: string;
  bytes: Uint8Array;
  pageCount: number;
}

export interface AttachmentContent {
  /** HTML (tables, paragraphs) of XLSX/DOCX attachments, each under an "附件N：name" heading. */
  html: string;
  pdfs: AttachmentPdf[];
  /** Attachment numbers whose content is on the sheet. */
  included: Set<number>;
}

const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Tab-separated rows (lib/scan/extract-text.ts) as HTML tables, the first row as the header. */
function xlsxTextToHtml(text: string): string {
  return text
    .split(/\n{2,}/)
    .filter((block) => block.trim())
    .map((block) => {
      const rows = block.split("\n").map((r) => r.split("\t"));
      const width = Math.max(...rows.map((r) => r.length));
      const cells = (r: string[], tag: "th" | "td") =>
        Array.from({ length: width }, (_, i) => `<${tag}>${esc((r[i] ?? "").trim())}</${tag}>`).join("");
      const [head, ...body] = rows;
      return `<table><thead><tr>${cells(head, "th")}</tr></thead><tbody>${body.map((r) => `<tr>${cells(r, "td")}</tr>`).join("")}</tbody></table>`;
    })
    .join("");
}

/** Reads the attachments whose bytes are given (keyed by sha256); anything unreadable stays a name only. */
export async function loadAttachmentContent(
  attachments: readonly Pick<PublishedAttachmentDTO, "name" | "mime" | "sha256">[],
  contents: ReadonlyMap<string, Uint8Array> | undefined,
): Promise<AttachmentContent> {
  const out: AttachmentContent = { html: "", pdfs: [], included: new Set() };
  if (!contents) return out;
  for (const [i, a] of attachments.entries()) {
    const number = i + 1;
    const bytes = contents.get(a.sha256);
    if (!bytes) continue;
    const heading = `<h3>附件${number}：${esc(a.name)}</h3>`;
    try {
      if (a.mime === "application/pdf") {
        const doc = await PDFDocument.load(bytes, { updateMetadata: false });
        out.pdfs.push({ number, name: a.name, bytes, pageCount: doc.getPageCount() });
      } else if (a.mime === XLSX) {
        const { text } = await extractText(Buffer.from(bytes));
        if (!text.trim()) continue;
        out.html += heading + xlsxTextToHtml(text);
      } else if (a.mime === DOCX) {
        const { value } = await mammoth.convertToHtml({ buffer: Buffer.from(bytes) });
        if (!value.trim()) continue;
        out.html += heading + value;
      } else {
        continue;
      }
      out.included.add(number);
    } catch {
      // Encrypted or damaged files: the sheet names them and points to the portal, as before.
    }
  }
  return out;
}

/** The attachments' bytes from the blob store, by sha256 (missing ones are left out). */
export async function loadAttachmentBytes(
  storage: { get(key: string): Promise<Buffer | null> },
  attachments: readonly Pick<PublishedAttachmentDTO, "sha256">[],
): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  for (const a of attachments) {
    const bytes = await storage.get(a.sha256);
    if (bytes) out.set(a.sha256, bytes);
  }
  return out;
}
