import JSZip from "jszip";
import iconv from "iconv-lite";
import { AppError } from "../errors/app-error";

// ZIP archives from outside (the import's file bundle, the XLSX itself) are opened with limits on the
// number of entries and on what they expand to, counted while inflating — a declared size can lie.

export interface ZipLimits {
  maxEntries: number;
  /** Largest single entry once inflated. */
  maxEntryBytes: number;
  /** All entries together once inflated. */
  maxTotalBytes: number;
}

export const IMPORT_ZIP_LIMITS: ZipLimits = { maxEntries: 20_000, maxEntryBytes: 50 * 1024 * 1024, maxTotalBytes: 1024 * 1024 * 1024 };
export const SHEET_ZIP_LIMITS: ZipLimits = { maxEntries: 2_000, maxEntryBytes: 300 * 1024 * 1024, maxTotalBytes: 400 * 1024 * 1024 };

const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;

/** Windows archivers in China write GBK names without the UTF-8 flag. */
function decodeName(bytes: Uint8Array | string[] | string): string {
  const buf = typeof bytes === "string" ? Buffer.from(bytes, "binary") : Buffer.from(bytes as Uint8Array);
  const utf8 = buf.toString("utf8");
  return utf8.includes("\uFFFD") ? iconv.decode(buf, "gbk") : utf8;
}

export interface BoundedZip {
  /** Entry names (files only), as written in the archive. */
  names: string[];
  /** Inflates one entry, refusing once it passes the limits. */
  read(name: string): Promise<Buffer>;
}

export async function openBoundedZip(data: Buffer, limits: ZipLimits, label: string): Promise<BoundedZip> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(data, { decodeFileName: decodeName, checkCRC32: false });
  } catch {
    throw new AppError("INVALID_INPUT", `${label}不是有效的压缩文件，或已损坏`);
  }
  const files = Object.values(zip.files).filter((f) => !f.dir);
  if (files.length > limits.maxEntries) throw new AppError("INVALID_INPUT", `${label}包含的文件过多（${files.length} 个，上限 ${limits.maxEntries} 个）`);
  // Declared sizes first (cheap), then the real count while inflating.
  let declared = 0;
  for (const f of files) {
    const size = (f as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0;
    if (size > limits.maxEntryBytes) throw new AppError("INVALID_INPUT", `${label}中的“${f.name}”解压后过大（超过 ${mb(limits.maxEntryBytes)}）`);
    declared += size;
  }
  if (declared > limits.maxTotalBytes) throw new AppError("INVALID_INPUT", `${label}解压后过大（超过 ${mb(limits.maxTotalBytes)}）`);
  let inflatedTotal = 0;
  const counted = new Set<string>();
  const read = async (name: string): Promise<Buffer> => {
    const f = zip.file(name);
    if (!f) throw new AppError("NOT_FOUND", `${label}中没有“${name}”`);
    // The total counts each entry once, however often it is read again.
    const first = !counted.has(name);
    counted.add(name);
    const chunks: Buffer[] = [];
    let size = 0;
    await new Promise<void>((resolve, reject) => {
      const stream = f.nodeStream("nodebuffer");
      stream.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (first) inflatedTotal += chunk.length;
        if (size > limits.maxEntryBytes || inflatedTotal > limits.maxTotalBytes) {
          (stream as unknown as { pause(): void }).pause();
          reject(new AppError("INVALID_INPUT", `${label}中的“${name}”解压后过大，已停止读取`));
          return;
        }
        chunks.push(chunk);
      });
      stream.on("end", () => resolve());
      stream.on("error", () => reject(new AppError("INVALID_INPUT", `${label}中的“${name}”已损坏，无法解压`)));
    });
    return Buffer.concat(chunks);
  };
  return { names: files.map((f) => f.name), read };
}

/** Inflates every entry within the limits (and throws otherwise), e.g. before handing an XLSX to a parser. */
export async function assertZipWithinLimits(data: Buffer, limits: ZipLimits, label: string): Promise<void> {
  const zip = await openBoundedZip(data, limits, label);
  for (const name of zip.names) await zip.read(name);
}
