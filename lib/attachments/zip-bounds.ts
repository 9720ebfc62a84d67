import { createInflateRaw } from "node:zlib";

/**
 * Bounds for zip containers (DOCX, XLSX) before anything unpacks them. A DOCX is a zip of XML: a few
 * kilobytes can inflate to gigabytes ("zip bomb"), and the libraries that read Office files unpack a
 * part completely into memory. So before any of them sees the file we read the central directory,
 * check the entry count and the declared sizes, and then inflate every entry as a stream, counting
 * bytes and throwing the output away, stopping the moment the running total passes the cap (the
 * declared sizes can lie). Memory stays at one zlib window, time at what the cap allows.
 */

export interface ZipLimits {
  /** Total uncompressed bytes of all entries. */
  maxExpandedBytes: number;
  maxEntries: number;
  /** Wall-clock budget for the streaming check. */
  maxMillis: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxExpandedBytes: 40 * 1024 * 1024,
  maxEntries: 2000,
  maxMillis: 10_000,
};

export type ZipBoundsResult =
  | { ok: true; entries: number; expandedBytes: number }
  | { ok: false; code: "too_many_entries" | "too_large_expanded" | "too_slow" | "corrupt"; message: string };

interface CentralEntry {
  name: string;
  method: number;
  compressedSize: number;
  declaredSize: number;
  localOffset: number;
}

const EOCD_SIG = 0x06054b50;
const CEN_SIG = 0x02014b50;
const LOC_SIG = 0x04034b50;

const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;

function findEocd(buf: Buffer): number {
  const stop = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= stop; i--) {
    if (buf.readUInt32LE(i) === EOCD_SIG) return i;
  }
  return -1;
}

function readCentralDirectory(buf: Buffer, maxEntries: number): CentralEntry[] | ZipBoundsResult {
  const corrupt: ZipBoundsResult = { ok: false, code: "corrupt", message: "压缩文件已损坏，无法读取" };
  const eocd = findEocd(buf);
  if (eocd < 0) return corrupt;
  const total = buf.readUInt16LE(eocd + 10);
  const size = buf.readUInt32LE(eocd + 12);
  const offset = buf.readUInt32LE(eocd + 16);
  // 0xFFFF / 0xFFFFFFFF mean ZIP64: far beyond what an attachment may hold.
  if (total === 0xffff || total > maxEntries) {
    return { ok: false, code: "too_many_entries", message: `文件内部包含的部件过多（超过 ${maxEntries} 个），可能是恶意构造的文件，系统拒绝处理` };
  }
  if (offset === 0xffffffff || offset + size > buf.length) return corrupt;
  const entries: CentralEntry[] = [];
  let p = offset;
  for (let i = 0; i < total; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CEN_SIG) return corrupt;
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    entries.push({
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      declaredSize: buf.readUInt32LE(p + 24),
      localOffset: buf.readUInt32LE(p + 42),
      name: buf.toString("utf8", p + 46, p + 46 + nameLen),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** Inflates `data` into nowhere, counting; resolves with the count, -1 once it passes `budget`, or "slow". */
function countInflated(data: Buffer, budget: number, deadline: number): Promise<number | "slow"> {
  return new Promise((resolve) => {
    const inflate = createInflateRaw({ chunkSize: 64 * 1024 });
    let count = 0;
    let settled = false;
    const finish = (v: number | "slow") => {
      if (settled) return;
      settled = true;
      inflate.removeAllListeners("data");
      inflate.destroy();
      resolve(v);
    };
    inflate.on("data", (chunk: Buffer) => {
      count += chunk.length;
      if (count > budget) finish(-1);
      else if (Date.now() > deadline) finish("slow");
    });
    inflate.on("end", () => finish(count));
    // A damaged stream still counts what it produced before failing; the readers report the damage.
    inflate.on("error", () => finish(count));
    inflate.end(data);
  });
}

/** Checks a zip container against the limits without keeping anything it inflates. */
export async function checkZipBounds(buf: Buffer, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<ZipBoundsResult> {
  const started = Date.now();
  const deadline = started + limits.maxMillis;
  const cd = readCentralDirectory(buf, limits.maxEntries);
  if (!Array.isArray(cd)) return cd;
  const tooLarge: ZipBoundsResult = {
    ok: false,
    code: "too_large_expanded",
    message: `文件解压后超过 ${mb(limits.maxExpandedBytes)}，超出系统可审查的上限（可能是恶意构造的压缩文件），请删除多余内容或拆分后重新上传`,
  };
  const declared = cd.reduce((sum, e) => sum + e.declaredSize, 0);
  if (declared > limits.maxExpandedBytes) return tooLarge;

  let expanded = 0;
  for (const e of cd) {
    const p = e.localOffset;
    if (p + 30 > buf.length || buf.readUInt32LE(p) !== LOC_SIG) return { ok: false, code: "corrupt", message: "压缩文件已损坏，无法读取" };
    const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
    const data = buf.subarray(start, Math.min(buf.length, start + e.compressedSize));
    if (e.method === 0) {
      expanded += data.length;
    } else if (e.method === 8) {
      const n = await countInflated(data, limits.maxExpandedBytes - expanded, deadline);
      if (n === "slow") break;
      if (n < 0) return tooLarge;
      expanded += n;
    }
    if (expanded > limits.maxExpandedBytes) return tooLarge;
    if (Date.now() > deadline) {
      return { ok: false, code: "too_slow", message: `文件解压检查超过 ${Math.round(limits.maxMillis / 1000)} 秒仍未完成，系统拒绝处理，请拆分后重新上传` };
    }
  }
  if (Date.now() > deadline) {
    return { ok: false, code: "too_slow", message: `文件解压检查超过 ${Math.round(limits.maxMillis / 1000)} 秒仍未完成，系统拒绝处理，请拆分后重新上传` };
  }
  return { ok: true, entries: cd.length, expandedBytes: expanded };
}
