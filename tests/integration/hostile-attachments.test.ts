import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../lib/db/client";
import { seedDemo } from "../../lib/seed/seed-demo";
import { loadSessionUser } from "../../lib/auth/sign-in";
import { createItem, type ItemActor } from "../../lib/items/item-commands";
import { addItemAttachment } from "../../lib/items/item-attachments";
import { LocalBlobStorage } from "../../lib/attachments/storage";
import { makeDocxBomb, makeOversizedXlsx } from "../fixtures/hostile-files";

const db = createDb(process.env.DATABASE_URL);
let staff: ItemActor;
let itemId: string;
const blobDir = mkdtempSync(path.join(tmpdir(), "hostile-blobs-"));
const storage = new LocalBlobStorage(blobDir);

beforeAll(async () => {
  await seedDemo(db);
  const u = await db.user.findFirstOrThrow({ where: { username: "staff" } });
  staff = { user: (await loadSessionUser(db, u.id))!, ip: "127.0.0.1" };
  const item = await createItem(db, staff, {
    title: "四宝山街道2026年临时救助金发放名单",
    summary: "公开本街道2026年临时救助金发放户数、人数和金额。",
    bodyHtml: "<p>现将临时救助金发放情况公示如下。</p>",
    categoryId: (await db.category.findFirstOrThrow({ where: { code: "tjsj" } })).id,
    departmentId: (await db.department.findFirstOrThrow({ where: { code: "jjfz" } })).id,
    generatedDate: "2026-10-09",
    topic: "民政、扶贫、救灾",
  });
  itemId = item.id;
});
afterAll(() => db.$disconnect());

/** Runs `fn`, sampling heap + Buffer memory every 5 ms; returns the error, elapsed time and peak growth. */
async function measure(fn: () => Promise<unknown>): Promise<{ error: unknown; ms: number; peakGrowthMb: number }> {
  const used = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const base = used();
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, used())), 5);
  const t = performance.now();
  let error: unknown = null;
  try {
    await fn();
  } catch (e) {
    error = e;
  }
  const ms = performance.now() - t;
  clearInterval(timer);
  peak = Math.max(peak, used());
  return { error, ms, peakGrowthMb: (peak - base) / 1024 / 1024 };
}

async function nothingStored() {
  expect(await db.itemAttachment.count({ where: { version: { itemId } } })).toBe(0);
  expect(readdirSync(blobDir, { recursive: true }).length).toBe(0);
}

describe("hostile attachments are refused at upload, bounded, with nothing stored", () => {
  it("refuses a 60 MB DOCX bomb, honest or lying about its sizes", async () => {
    for (const lie of [false, true]) {
      const bomb = await makeDocxBomb(60, lie);
      const r = await measure(() => addItemAttachment(db, storage, staff, itemId, { name: "救助名单.docx", data: bomb }));
      console.log(`DOCX bomb (${Math.round(bomb.length / 1024)} KB → 60 MB, sizes ${lie ? "falsified" : "declared"}): refused in ${r.ms.toFixed(0)} ms, peak memory growth ${r.peakGrowthMb.toFixed(1)} MB`);
      expect((r.error as Error)?.message).toMatch(/^附件“救助名单\.docx”：文件解压后超过 40 MB/);
      // Unpacking it into a string would take 60 MB as Buffer plus 120 MB on the heap.
      expect(r.peakGrowthMb).toBeLessThan(40);
      expect(r.ms).toBeLessThan(10_000);
      await nothingStored();
    }
  });

  it("refuses an XLSX whose sheets unpack past the cap", async () => {
    const xlsx = await makeOversizedXlsx(48);
    const r = await measure(() => addItemAttachment(db, storage, staff, itemId, { name: "发放明细.xlsx", data: xlsx }));
    console.log(`Oversized XLSX (${(xlsx.length / 1024 / 1024).toFixed(1)} MB → >48 MB): refused in ${r.ms.toFixed(0)} ms, peak memory growth ${r.peakGrowthMb.toFixed(1)} MB`);
    expect((r.error as Error)?.message).toMatch(/^附件“发放明细\.xlsx”：文件解压后超过 40 MB/);
    expect(r.peakGrowthMb).toBeLessThan(40);
    expect(r.ms).toBeLessThan(10_000);
    await nothingStored();
  });

  it("still takes an ordinary XLSX list", async () => {
    const ExcelJS = (await import("exceljs")).default;
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("名单");
    ws.addRow(["序号", "社区", "姓名", "金额"]);
    for (let i = 1; i <= 200; i++) ws.addRow([i, "东山社区", `居民${i}`, 1200 + i]);
    const row = await addItemAttachment(db, storage, staff, itemId, { name: "名单.xlsx", data: Buffer.from(await wb.xlsx.writeBuffer()) });
    expect(row.kind).toBe("xlsx");
    expect(row.textContent).toContain("居民200");
  });
});
