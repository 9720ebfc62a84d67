/**
 * Just enough of the Compound File Binary format (MS-CFB) to list the names of the entries in its
 * directory: that is what tells a Word 97–2003 document ("WordDocument") from an Excel workbook
 * ("Workbook"/"Book") or an encrypted OOXML package ("EncryptedPackage").
 */

const SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const END_OF_CHAIN = 0xfffffffe;
const FREE_SECT = 0xffffffff;
const MAX_SECT = 0xfffffffa;

export function isCfb(buf: Buffer): boolean {
  return buf.length >= 512 && buf.subarray(0, 8).equals(SIGNATURE);
}

/** Names of storages and streams in the directory, or null when the container is malformed. */
export function cfbEntryNames(buf: Buffer): string[] | null {
  if (!isCfb(buf)) return null;
  const sectorShift = buf.readUInt16LE(0x1e);
  if (sectorShift !== 9 && sectorShift !== 12) return null;
  const sectorSize = 1 << sectorShift;
  const sectorOffset = (id: number) => (id + 1) * sectorSize;
  const readSector = (id: number): Buffer | null => {
    const off = sectorOffset(id);
    return off + sectorSize <= buf.length ? buf.subarray(off, off + sectorSize) : null;
  };
  const perSector = sectorSize / 4;
  // Bounded by file size: a corrupt chain must not loop forever.
  const maxSteps = Math.ceil(buf.length / sectorSize) + 1;

  const fatSectors: number[] = [];
  for (let i = 0; i < 109; i++) {
    const id = buf.readUInt32LE(0x4c + i * 4);
    if (id <= MAX_SECT) fatSectors.push(id);
  }
  let difat = buf.readUInt32LE(0x44);
  for (let steps = 0; difat <= MAX_SECT && steps < maxSteps; steps++) {
    const s = readSector(difat);
    if (!s) return null;
    for (let i = 0; i < perSector - 1; i++) {
      const id = s.readUInt32LE(i * 4);
      if (id <= MAX_SECT) fatSectors.push(id);
    }
    difat = s.readUInt32LE((perSector - 1) * 4);
  }

  const nextSector = (id: number): number | null => {
    const fatIndex = Math.floor(id / perSector);
    if (fatIndex >= fatSectors.length) return null;
    const s = readSector(fatSectors[fatIndex]);
    return s ? s.readUInt32LE((id % perSector) * 4) : null;
  };

  const names: string[] = [];
  let dir = buf.readUInt32LE(0x30);
  for (let steps = 0; dir !== END_OF_CHAIN && dir !== FREE_SECT; steps++) {
    if (steps >= maxSteps || dir > MAX_SECT) return null;
    const s = readSector(dir);
    if (!s) return null;
    for (let off = 0; off + 128 <= s.length; off += 128) {
      const type = s[off + 0x42];
      if (type !== 1 && type !== 2 && type !== 5) continue;
      const nameLength = Math.min(s.readUInt16LE(off + 0x40), 64);
      if (nameLength < 2) continue;
      names.push(s.subarray(off, off + nameLength - 2).toString("utf16le"));
    }
    const next = nextSector(dir);
    if (next === null) return null;
    dir = next;
  }
  return names;
}

export type CfbKind = "doc" | "xls" | "ppt" | "encrypted-ooxml" | "other";

export function classifyCfb(names: readonly string[]): CfbKind {
  const set = new Set(names);
  if (set.has("EncryptedPackage")) return "encrypted-ooxml";
  if (set.has("WordDocument")) return "doc";
  if (set.has("Workbook") || set.has("Book")) return "xls";
  if (set.has("PowerPoint Document")) return "ppt";
  return "other";
}
