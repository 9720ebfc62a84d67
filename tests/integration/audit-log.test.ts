import { afterAll, describe, expect, it } from "vitest";
import { createDb } from "../../lib/db/client";
import { writeAudit } from "../../lib/audit/write-audit";

describe("the audit log", () => {
  const db = createDb(process.env.DATABASE_URL);
  afterAll(() => db.$disconnect());

  it("accepts new rows", async () => {
    await writeAudit(db, { action: "test.append", entityType: "Test", entityId: "t1", after: { a: 1 } });
    const row = await db.auditLog.findFirst({ where: { action: "test.append" } });
    expect(row?.after).toEqual({ a: 1 });
  });

  it("refuses UPDATE at the database", async () => {
    await expect(db.$executeRawUnsafe(`UPDATE "AuditLog" SET action = 'tampered'`)).rejects.toThrow(/append-only/);
    expect(await db.auditLog.count({ where: { action: "tampered" } })).toBe(0);
  });

  it("refuses DELETE at the database", async () => {
    const before = await db.auditLog.count();
    await expect(db.$executeRawUnsafe(`DELETE FROM "AuditLog"`)).rejects.toThrow(/append-only/);
    expect(await db.auditLog.count()).toBe(before);
  });

  it("refuses TRUNCATE at the database", async () => {
    await expect(db.$executeRawUnsafe(`TRUNCATE "AuditLog"`)).rejects.toThrow(/append-only/);
    expect(await db.auditLog.count()).toBeGreaterThan(0);
  });
});
