import type { Prisma } from "../generated/prisma/client";

/**
 * 索引号 in the national form: 前段码 (the organisation's code) + "/" + 4-digit year + "-" + 5-digit
 * serial, e.g. 11370300MB28513644/2026-00001.
 */
export function formatIndexNo(organisationCode: string, year: number, serial: number): string {
  if (!Number.isInteger(serial) || serial < 1 || serial > 99_999) throw new RangeError(`索引号顺序号超出范围：${serial}`);
  return `${organisationCode}/${String(year).padStart(4, "0")}-${String(serial).padStart(5, "0")}`;
}

export function parseIndexNo(indexNo: string): { organisationCode: string; year: number; serial: number } | null {
  const m = /^([0-9A-Z]+)\/(\d{4})-(\d{5})$/.exec(indexNo);
  return m ? { organisationCode: m[1], year: Number(m[2]), serial: Number(m[3]) } : null;
}

/**
 * Takes the next serial for (organisation, year) inside the caller's transaction. The upsert holds
 * a row lock until the transaction ends, so concurrent approvals queue on it; a rolled-back
 * approval gives its number back, keeping the sequence gap-free.
 */
export async function takeNextSerial(tx: Prisma.TransactionClient, organisationId: string, year: number): Promise<number> {
  const rows = await tx.$queryRaw<{ lastSerial: number }[]>`
    INSERT INTO "IndexSerial" ("organisationId", "year", "lastSerial") VALUES (${organisationId}, ${year}, 1)
    ON CONFLICT ("organisationId", "year") DO UPDATE SET "lastSerial" = "IndexSerial"."lastSerial" + 1
    RETURNING "lastSerial"`;
  return Number(rows[0].lastSerial);
}

/** Takes the next serial and returns the item fields of a new 索引号 (inside the caller's transaction). */
export async function allocateIndexNo(
  tx: Prisma.TransactionClient,
  org: { id: string; creditCode: string },
  year: number,
): Promise<{ indexNo: string; indexYear: number; indexSerial: number }> {
  const serial = await takeNextSerial(tx, org.id, year);
  return { indexNo: formatIndexNo(org.creditCode, year, serial), indexYear: year, indexSerial: serial };
}
