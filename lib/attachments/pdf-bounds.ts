import { createInflate } from "node:zlib";

/**
 * Bounds for PDFs before a parser decodes them. A PDF's content, font and object streams are usually
 * Flate-compressed, and the readers (pdf-lib when stripping metadata, pdfjs when extracting text)
 * inflate them whole: a small file can carry a stream that inflates to gigabytes. We inflate every
 * Flate stream that is not an image (images are never decoded for text or metadata) as a stream,
 * counting and discarding, and refuse once the total passes the cap.
 */

export interface PdfLimits {
  /** Total inflated bytes of the non-image Flate streams. */
  maxInflatedBytes: number;
  maxMillis: number;
}

export const DEFAULT_PDF_LIMITS: PdfLimits = {
  maxInflatedBytes: 200 * 1024 * 1024,
  maxMillis: 10_000,
};

export type PdfBoundsResult =
  | { ok: true; streams: number; inflatedBytes: number }
  | { ok: false; code: "too_large_expanded" | "too_slow"; message: string };

function inflatedSize(data: Buffer, budget: number): Promise<number> {
  return new Promise((resolve) => {
    const inflate = createInflate({ chunkSize: 64 * 1024 });
    let count = 0;
    let done = false;
    const finish = (n: number) => {
      if (done) return;
      done = true;
      inflate.removeAllListeners("data");
      inflate.destroy();
      resolve(n);
    };
    inflate.on("data", (chunk: Buffer) => {
      count += chunk.length;
      if (count > budget) finish(-1);
    });
    inflate.on("end", () => finish(count));
    // A damaged stream counts what it produced; the readers report the damage themselves.
    inflate.on("error", () => finish(count));
    inflate.end(data);
  });
}

export async function checkPdfBounds(buf: Buffer, limits: PdfLimits = DEFAULT_PDF_LIMITS): Promise<PdfBoundsResult> {
  const deadline = Date.now() + limits.maxMillis;
  const text = buf.toString("latin1");
  const tooLarge: PdfBoundsResult = {
    ok: false,
    code: "too_large_expanded",
    message: `PDF 文件内部数据解压后超过 ${Math.round(limits.maxInflatedBytes / 1024 / 1024)} MB，超出系统可审查的上限（可能是恶意构造的文件），请重新导出或拆分后上传`,
  };
  let total = 0;
  let streams = 0;
  for (const m of text.matchAll(/\bstream(?:\r\n|\n|\r)/g)) {
    const dataStart = m.index + m[0].length;
    const head = text.slice(Math.max(0, m.index - 4096), m.index);
    const dictStart = head.lastIndexOf(" obj");
    const dict = dictStart >= 0 ? head.slice(dictStart) : head.slice(-1024);
    if (!/\/FlateDecode\b/.test(dict) || /\/Subtype\s*\/Image\b/.test(dict)) continue;
    const length = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dict)?.[1];
    let end = length ? dataStart + Number(length) : -1;
    if (end < 0 || end > buf.length) end = text.indexOf("endstream", dataStart);
    if (end < 0) end = buf.length;
    streams++;
    const n = await inflatedSize(buf.subarray(dataStart, end), limits.maxInflatedBytes - total);
    if (n < 0) return tooLarge;
    total += n;
    if (Date.now() > deadline) {
      return { ok: false, code: "too_slow", message: `PDF 文件检查超过 ${Math.round(limits.maxMillis / 1000)} 秒仍未完成，系统拒绝处理，请重新导出或拆分后上传` };
    }
  }
  return { ok: true, streams, inflatedBytes: total };
}
