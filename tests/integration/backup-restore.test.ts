import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadSessionUser } from "../../lib/auth/sign-in";
import { createBackup, restoreBackup, verifyBackup } from "../../lib/backup/backup";
import { createStorage, sha256Hex } from "../../lib/attachments/storage";
import { createDb, type Db } from "../../lib/db/client";
import { dropDatabase, ensureDatabase, migrate } from "../../lib/db/migrate";
import { addItemAttachment } from "../../lib/items/item-attachments";
import { approveItem, createItem, signOffItem, submitItem, type ItemActor } from "../../lib/items/item-commands";
import { seedDemo } from "../../lib/seed/seed-demo";
import { DISTRICT_DEV_CREDENTIALS } from "../../lib/channels/district/contract";
import { startDistrictStandIn } from "../../stand-ins/district-server";
import { startWeChatStandIn } from "../../stand-ins/wechat-server";
import { makeDocx, makePdf } from "../fixtures/documents";
import { WECHAT_APP, channelContext, startWorkers, type Harness } from "./channels-harness";

// A backup restores: publish items with attachments through the workflow, deliver them, back up,
// drop the database and the store, restore into an empty database and a new store → the same items,
// 索引号 counters, audit log and attachment bytes; the restored outbox delivers nothing twice.

const base = new URL(process.env.DATABASE_URL!);
const databaseUrl = Object.assign(new URL(base), { pathname: `${base.pathname}_backup` }).toString();
const dirs: string[] = [];
const tempDir = (name: string) => {
  const d = mkdtempSync(path.join(tmpdir(), `gk-${name}-`));
  dirs.push(d);
  return d;
};

afterAll(async () => {
  await dropDatabase(databaseUrl).catch(() => undefined);
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function actor(db: Db, username: string): Promise<ItemActor> {
  const u = await db.user.findUniqueOrThrow({ where: { username } });
  return { user: (await loadSessionUser(db, u.id))!, ip: "127.0.0.1" };
}

async function publishWithAttachments(db: Db, storage: ReturnType<typeof createStorage>, title: string, files: { name: string; data: Buffer }[]) {
  const staff = await actor(db, "staff");
  const item = await createItem(db, staff, {
    title,
    summary: `${title}的有关情况。`,
    bodyHtml: `<p>${title}，特此公开。</p>`,
    categoryId: (await db.category.findFirstOrThrow({ where: { code: "qt" } })).id,
    departmentId: (await db.department.findFirstOrThrow({ where: { code: "jjfz" } })).id,
    generatedDate: "2026-03-02",
    topic: "综合政务",
  });
  for (const f of files) await addItemAttachment(db, storage, staff, item.id, f);
  await submitItem(db, staff, item.id);
  await signOffItem(db, await actor(db, "head"), item.id);
  await approveItem(db, await actor(db, "reviewer"), item.id);
  return item.id;
}

/** Everything the restore must bring back, in a comparable form. */
async function snapshot(db: Db) {
  const [items, attachments, serials, audit, deliveries, publicItems] = await Promise.all([
    db.item.findMany({ orderBy: { id: "asc" }, select: { id: true, indexNo: true, state: true, publishedVersionNo: true, versions: { select: { number: true, title: true } } } }),
    db.itemAttachment.findMany({ orderBy: { id: "asc" }, select: { id: true, name: true, sha256: true } }),
    db.indexSerial.findMany({ orderBy: [{ organisationId: "asc" }, { year: "asc" }] }),
    db.auditLog.findMany({ orderBy: { id: "asc" } }),
    db.delivery.findMany({ orderBy: { id: "asc" }, select: { id: true, channel: true, status: true } }),
    db.publicItem.count(),
  ]);
  return { items, attachments, serials, audit, deliveries, publicItems };
}

async function allDelivered(db: Db, timeoutMs = 45_000) {
  await expect
    .poll(async () => (await db.delivery.findMany({ select: { status: true } })).every((d) => d.status === "DELIVERED") && (await db.delivery.count()) > 0, {
      timeout: timeoutMs,
      interval: 200,
    })
    .toBe(true);
}

describe("[DEPLOY][BACKUP] npm run backup / npm run restore", () => {
  it("restores items, 索引号 counters, the audit log and attachment bytes; the outbox redelivers nothing", async () => {
    await dropDatabase(databaseUrl);
    await ensureDatabase(databaseUrl);
    await migrate(databaseUrl);
    let db = createDb(databaseUrl);
    await seedDemo(db);
    const storeA = tempDir("store-a");
    const storage = createStorage({ driver: "local", root: storeA });
    const pdf = await makePdf([["四宝山街道2026年第一季度财政收支情况", "一般公共预算收入1234万元。"]]);
    const docx = await makeDocx({ paragraphs: ["四宝山街道老旧小区改造项目清单", "汇泉小区、柳杭小区"] });
    const ids = [
      await publishWithAttachments(db, storage, "四宝山街道2026年第一季度财政收支情况", [{ name: "财政收支.pdf", data: pdf }]),
      await publishWithAttachments(db, storage, "四宝山街道老旧小区改造项目公示", [{ name: "项目清单.docx", data: docx }, { name: "说明.pdf", data: pdf }]),
      await publishWithAttachments(db, storage, "四宝山街道便民服务事项调整公告", []),
    ];

    // Deliver everything to the stand-ins.
    const district = await startDistrictStandIn({ port: 0, keyId: DISTRICT_DEV_CREDENTIALS.keyId, secret: DISTRICT_DEV_CREDENTIALS.secret });
    const wechat = await startWeChatStandIn({ port: 0, ...WECHAT_APP });
    const harness = (d: Db, store: string): Harness => ({
      db: d,
      district,
      wechat,
      storage: createStorage({ driver: "local", root: store }),
      storageDir: store,
      prefix: `${process.env.REDIS_PREFIX ?? "gktest"}:backup:${randomBytes(3).toString("hex")}`,
      redisUrl: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
      close: async () => undefined,
    });
    const hA = harness(db, storeA);
    const workersA = await startWorkers(hA, channelContext(hA));
    try {
      await allDelivered(db);
    } finally {
      await workersA.stop();
    }
    const before = await snapshot(db);
    expect(before.items.filter((i) => ids.includes(i.id)).every((i) => i.state === "PUBLISHED" && i.indexNo)).toBe(true);
    expect(before.attachments.length).toBe(3);
    expect(before.audit.length).toBeGreaterThan(10);
    const districtBefore = district.stats().byOperation.upsert;
    const wechatBefore = wechat.state().publishes.length;
    expect(districtBefore).toBeGreaterThanOrEqual(3);

    // Back up, then lose everything.
    const backupDir = path.join(tempDir("backup"), "b1");
    const manifest = await createBackup({ databaseUrl, storage, outDir: backupDir });
    expect(manifest.blobs.keys).toEqual(expect.arrayContaining([sha256Hex(pdf)]));
    expect(readFileSync(path.join(backupDir, "SHA256SUMS"), "utf8")).toContain("  database.dump");
    await db.$disconnect();
    await dropDatabase(databaseUrl);
    rmSync(storeA, { recursive: true, force: true });

    // Restore into an empty database and a new store.
    const storeB = tempDir("store-b");
    const restored = createStorage({ driver: "local", root: storeB });
    await restoreBackup({ databaseUrl, storage: restored, fromDir: backupDir });
    db = createDb(databaseUrl);
    try {
      const after = await snapshot(db);
      expect(after).toEqual(before);
      for (const a of after.attachments) expect(sha256Hex((await restored.get(a.sha256))!)).toBe(a.sha256);
      // The audit log is still append-only after the restore.
      await expect(db.$executeRawUnsafe(`DELETE FROM "AuditLog"`)).rejects.toThrow();

      // The restored outbox: workers with an empty Redis deliver nothing again…
      const hB = harness(db, storeB);
      const workersB = await startWorkers(hB, channelContext(hB));
      try {
        await new Promise((r) => setTimeout(r, 4_000)); // several sweeps (every 0.5 s, after 1.5 s)
        expect(district.stats().byOperation.upsert).toBe(districtBefore);
        expect(wechat.state().publishes.length).toBe(wechatBefore);
        // …and the next publication continues the 索引号 series and is delivered once.
        const next = await publishWithAttachments(db, restored, "四宝山街道恢复后发布的第一条信息", [{ name: "附件.pdf", data: pdf }]);
        const serial = (n: string | null) => Number(n!.split("-").pop());
        const nextNo = (await db.item.findUniqueOrThrow({ where: { id: next } })).indexNo;
        expect(serial(nextNo)).toBe(Math.max(...before.items.filter((i) => i.indexNo).map((i) => serial(i.indexNo))) + 1);
        await allDelivered(db);
        expect(district.stats().byOperation.upsert).toBe(districtBefore + 1);
      } finally {
        await workersB.stop();
      }
    } finally {
      await db.$disconnect();
      await district.close();
      await wechat.close();
    }
  });

  it("refuses a backup whose files do not match the manifest, and a database that is not empty", async () => {
    await dropDatabase(databaseUrl);
    await ensureDatabase(databaseUrl);
    await migrate(databaseUrl);
    const store = tempDir("store-c");
    const storage = createStorage({ driver: "local", root: store });
    const { key } = await storage.put(Buffer.from("附件"));
    const dir = path.join(tempDir("backup"), "b2");
    await createBackup({ databaseUrl, storage, outDir: dir });
    await expect(createBackup({ databaseUrl, storage, outDir: dir })).rejects.toThrow(/不是空目录/);
    // The database still has its tables: a restore into it is refused before anything is written.
    await expect(restoreBackup({ databaseUrl, storage: createStorage({ driver: "local", root: tempDir("store-d") }), fromDir: dir })).rejects.toThrow(/不是空库/);

    writeFileSync(path.join(dir, "blobs", key.slice(0, 2), key), "篡改");
    await expect(verifyBackup(dir)).rejects.toThrow(new RegExp(`附件 ${key} 的内容与校验和不符`));
    const dump = path.join(dir, "database.dump");
    writeFileSync(dump, Buffer.concat([readFileSync(dump), Buffer.from("x")]));
    await expect(verifyBackup(dir)).rejects.toThrow(/database.dump 的校验和与清单不符/);
  });
});
