import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import iconv from "iconv-lite";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../lib/db/client";
import { dropDatabase, ensureDatabase, migrate } from "../../lib/db/migrate";
import { seedDemo } from "../../lib/seed/seed-demo";
import { createStorage } from "../../lib/attachments/storage";
import { cancelImportBatch, confirmImportBatch, createImportBatch, IMPORT_JOBS, IMPORT_QUEUE } from "../../lib/import/import-batches";
import { validateImportBatch } from "../../lib/import/validate-batch";
import { runImportBatch } from "../../lib/import/run-import";
import { readImportSheet } from "../../lib/import/read-sheet";
import { buildImportTemplate } from "../../lib/import/template";
import { generateImportRows, rowsToCsv, rowsToXlsx, samplePdf } from "../fixtures/import-rows";

// Imports run against a database of their own: 10,000 imported items would change what the other
// integration files count.
const databaseUrl = `${process.env.DATABASE_URL}_import`;
const prefix = `${process.env.REDIS_PREFIX}:imp`;
const storageDir = mkdtempSync(path.join(tmpdir(), "gk-import-"));
const storage = createStorage({ driver: "local", root: storageDir });
const redis = new Redis(process.env.REDIS_URL || "redis://127.0.0.1:6379", { maxRetriesPerRequest: null });
let db: Db;
let actor: { user: { id: string; displayName: string }; ip: string };
let creditCode: string;

beforeAll(async () => {
  await dropDatabase(databaseUrl);
  await ensureDatabase(databaseUrl);
  await migrate(databaseUrl);
  db = createDb(databaseUrl);
  await seedDemo(db);
  const user = await db.user.findUniqueOrThrow({ where: { username: "reviewer" } });
  actor = { user: { id: user.id, displayName: user.displayName }, ip: "127.0.0.1" };
  creditCode = (await db.organisation.findFirstOrThrow()).creditCode;
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  await redis.quit();
  await dropDatabase(databaseUrl);
  rmSync(storageDir, { recursive: true, force: true });
});

function startWorker(): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "workers/main.ts"], {
    env: { ...process.env, DATABASE_URL: databaseUrl, REDIS_PREFIX: prefix, STORAGE_DIR: storageDir, CHANNEL_JOB_LOCK_SECONDS: "3", WORKER_HEARTBEAT_SECONDS: "1" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  child.stderr?.on("data", (c) => process.stderr.write(`[import worker] ${c}`));
  return child;
}

const importedCount = () => db.item.count({ where: { importBatchId: { not: null } } });

async function validated(sheet: { name: string; data: Buffer }, zip?: { name: string; data: Buffer }) {
  const id = await createImportBatch(db, storage, actor, { sheet, zip }, { enqueue: false });
  await validateImportBatch(db, storage, id);
  return db.importBatch.findUniqueOrThrow({ where: { id } });
}

describe("importing 10,000 rows of history", () => {
  let generated: Awaited<ReturnType<typeof generateImportRows>>;
  let xlsx: Buffer;
  let batchId: string;

  it("lists exactly the bad rows in the preview, and writes no item", async () => {
    generated = await generateImportRows(10_000, { creditCode, badEvery: 100 });
    xlsx = await rowsToXlsx(generated.rows);
    const started = Date.now();
    const batch = await validated({ name: "历史信息.xlsx", data: xlsx }, { name: "附件.zip", data: generated.zip });
    console.log(`[import] validated 10,000 rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    batchId = batch.id;
    expect(batch.status).toBe("VALIDATED");
    expect(batch.totalRows).toBe(10_000);
    const errors = await db.importRow.findMany({ where: { batchId, action: "ERROR" }, select: { rowNo: true, problems: true } });
    expect(errors.map((e) => e.rowNo).sort((a, b) => a - b)).toEqual([...generated.bad.keys()].sort((a, b) => a - b));
    const messageOf = (rowNo: number) => JSON.stringify(errors.find((e) => e.rowNo === rowNo)!.problems);
    for (const [rowNo, kind] of generated.bad) {
      const expected = { unknown_category: "不存在的分类", bad_date: "无法识别", duplicate_index: "索引号与第", missing_file: "不在上传的压缩包中", id_number: "身份证号码" }[kind];
      expect(messageOf(rowNo)).toContain(expected);
    }
    // The ID number is named, never repeated in full.
    expect(JSON.stringify(errors)).not.toMatch(/370303198\d{9}[\dX]/);
    expect(batch.createCount).toBe(9_900);
    expect(batch.errorCount).toBe(100);
    expect(await importedCount()).toBe(0);
  });

  it("imports the rest through a worker that is killed midway, with no duplicate", async () => {
    await confirmImportBatch(db, actor, batchId, [], { enqueue: false });
    const queue = new Queue(IMPORT_QUEUE, { connection: redis, prefix });
    let worker = startWorker();
    try {
      await queue.add(IMPORT_JOBS.run, { batchId }, { jobId: `run-${batchId}`, attempts: 8 });
      await expect.poll(async () => (await db.importBatch.findUniqueOrThrow({ where: { id: batchId } })).doneRows, { timeout: 120_000, interval: 200 }).toBeGreaterThan(1_500);
      worker.kill("SIGKILL");
      await new Promise((r) => worker.once("exit", r));
      const atKill = await db.importBatch.findUniqueOrThrow({ where: { id: batchId } });
      expect(atKill.status).toBe("IMPORTING");
      expect(atKill.doneRows).toBeLessThan(9_900);
      // What the batch says is done is exactly what exists: each chunk commits with its rows' flags.
      expect(await importedCount()).toBe(atKill.createdItems);
      worker = startWorker();
      await expect.poll(async () => (await db.importBatch.findUniqueOrThrow({ where: { id: batchId } })).status, { timeout: 240_000, interval: 500 }).toBe("DONE");
    } finally {
      worker.kill("SIGKILL");
      await queue.close();
    }
    const done = await db.importBatch.findUniqueOrThrow({ where: { id: batchId } });
    expect(done.createdItems).toBe(9_900);
    expect(await importedCount()).toBe(9_900);
    const dupTitles = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM (SELECT title FROM "PublicItem" GROUP BY title HAVING count(*) > 1) d`;
    expect(Number(dupTitles[0].n)).toBe(0);
    expect(await db.publicItem.count({ where: { item: { importBatchId: batchId } } })).toBe(9_900);
    // Imported as history: their own dates, no deliveries, and the office's 索引号 sequence moved past adopted numbers.
    expect(await db.delivery.count({ where: { item: { importBatchId: batchId } } })).toBe(0);
    const adopted = await db.item.findFirstOrThrow({ where: { indexNo: `${creditCode}/2016-10006` } });
    expect(adopted.generatedDate.toISOString().slice(0, 10)).toBe("2015-06-06");
    const serial = await db.indexSerial.findFirstOrThrow({ where: { year: 2016 } });
    expect(serial.lastSerial).toBeGreaterThanOrEqual(19_996);
    const withFile = await db.itemVersion.findFirstOrThrow({ where: { item: { importBatchId: batchId }, attachments: { some: {} } }, include: { attachments: true } });
    expect(withFile.attachments[0]).toMatchObject({ name: "2016年统计表.pdf", kind: "pdf", metadataStripped: true });
    const audit = await db.auditLog.count({ where: { action: "item.import-history" } });
    expect(audit).toBeGreaterThanOrEqual(9_900);
  }, 400_000);

  it("creates nothing when the same file is imported again", async () => {
    const again = await validated({ name: "历史信息.xlsx", data: xlsx }, { name: "附件.zip", data: generated.zip });
    expect(again).toMatchObject({ createCount: 0, updateCount: 0, skipCount: 9_900, errorCount: 100 });
    await expect(confirmImportBatch(db, actor, again.id, [], { enqueue: false })).rejects.toThrow("没有可导入的行");
    expect(await importedCount()).toBe(9_900);
  }, 120_000);
});

describe("smaller imports", () => {
  it("reads a GBK CSV as WPS saves it, with its Chinese intact", async () => {
    const rows = [
      { title: "四宝山街道2016年度财政预算公开说明", department: "财政所", generatedDate: "2016-01-20", category: "财政预决算", documentNumber: "四宝山财〔2016〕1号", body: "根据预算法规定，现将本街道2016年度财政预算情况公开如下。" },
      { title: "关于做好2016年防汛工作的通知", department: "城市管理办公室", generatedDate: "2016/6/1", category: "应急管理", body: "各社区：为做好今年防汛工作，现就有关事项通知如下，请认真贯彻落实。" },
    ];
    const gbk = iconv.encode(rowsToCsv(rows), "gbk");
    expect(gbk.toString("utf8")).not.toContain("财政预算"); // really GBK bytes
    const batch = await validated({ name: "导出.csv", data: gbk });
    expect(batch).toMatchObject({ status: "VALIDATED", format: "CSV", createCount: 2, errorCount: 0 });
    await confirmImportBatch(db, actor, batch.id, [], { enqueue: false });
    await runImportBatch(db, storage, batch.id);
    const items = await db.publicItem.findMany({ where: { item: { importBatchId: batch.id } }, orderBy: { generatedDate: "asc" } });
    expect(items.map((i) => i.title)).toEqual(rows.map((r) => r.title));
    expect(items[0].documentNumber).toBe("四宝山财〔2016〕1号");
    expect(items[0].bodyText).toContain("现将本街道2016年度财政预算情况公开如下");
  });

  it("takes bodies from DOCX/TXT files and attachments from a ZIP with GBK names, cleaned of metadata", async () => {
    const zip = new JSZip();
    const { Document, Packer, Paragraph } = await import("docx");
    const docx = await Packer.toBuffer(new Document({ creator: "张三", sections: [{ children: [new Paragraph("经研究，决定对辖区内老旧小区实施改造，具体方案如下。")] }] }));
    zip.file("正文/改造方案.docx", docx);
    zip.file("正文/说明.txt", iconv.encode("本说明用于历史信息导入测试，内容为纯文本。", "gbk"));
    zip.file("统计表.pdf", await samplePdf("table 2015"));
    const zipData = await zip.generateAsync({ type: "nodebuffer", encodeFileName: ((n: string) => iconv.encode(n, "gbk")) as never });
    const rows = [
      { title: "老旧小区改造实施方案（2015年）", department: "规划建设办公室", generatedDate: "2015-05-05", category: "规划计划", bodyFile: "改造方案.docx", attachmentFiles: "统计表.pdf" },
      { title: "历史信息导入说明（2015年）", department: "党政办公室", generatedDate: "2015年5月6日", category: "其他信息", bodyFile: "说明.txt" },
    ];
    const batch = await validated({ name: "带文件.xlsx", data: await rowsToXlsx(rows) }, { name: "文件.zip", data: zipData });
    expect(batch.errorCount).toBe(0);
    await confirmImportBatch(db, actor, batch.id, ["WECHAT"], { enqueue: false });
    await runImportBatch(db, storage, batch.id);
    const versions = await db.itemVersion.findMany({ where: { item: { importBatchId: batch.id } }, include: { attachments: true, item: { select: { channels: true } } }, orderBy: { generatedDate: "asc" } });
    expect(versions[0].bodyHtml).toContain("决定对辖区内老旧小区实施改造");
    expect(versions[0].attachments.map((a) => a.name)).toEqual(["统计表.pdf"]);
    const stored = await storage.get(versions[0].attachments[0].sha256);
    expect(stored!.toString("latin1")).not.toContain("Zhang San");
    expect(versions[1].bodyHtml).toContain("内容为纯文本");
    // Ticked channels: the new items are delivered there (and only there).
    expect(versions[0].item.channels).toEqual(["WECHAT"]);
    expect(await db.delivery.count({ where: { item: { importBatchId: batch.id } } })).toBe(2);
    expect(await db.delivery.count({ where: { item: { importBatchId: batch.id }, channel: { not: "WECHAT" } } })).toBe(0);
  });

  it("updates an item imported before when its row changed, and cancels a batch without writing", async () => {
    const row = { title: "关于调整社区办公时间的通知（2014年）", department: "社会事务办公室", generatedDate: "2014-03-03", category: "其他信息", documentNumber: "四宝山办〔2014〕3号", body: "各社区：自下月起，社区办公时间调整为上午8:30至下午5:30。" };
    const first = await validated({ name: "a.xlsx", data: await rowsToXlsx([row]) });
    await confirmImportBatch(db, actor, first.id, [], { enqueue: false });
    await runImportBatch(db, storage, first.id);
    const changed = await validated({ name: "b.xlsx", data: await rowsToXlsx([{ ...row, body: `${row.body}节假日另行通知。` }]) });
    expect(changed).toMatchObject({ createCount: 0, updateCount: 1 });
    await confirmImportBatch(db, actor, changed.id, [], { enqueue: false });
    await runImportBatch(db, storage, changed.id);
    const item = await db.publicItem.findFirstOrThrow({ where: { title: row.title } });
    expect(item.bodyText).toContain("节假日另行通知");
    expect(await db.item.count({ where: { versions: { some: { title: row.title } } } })).toBe(1);

    const cancelled = await validated({ name: "c.xlsx", data: await rowsToXlsx([{ ...row, title: "不会被导入的信息标题" }]) });
    await cancelImportBatch(db, actor, cancelled.id);
    expect(await db.importRow.count({ where: { batchId: cancelled.id } })).toBe(0);
    expect(await db.publicItem.count({ where: { title: "不会被导入的信息标题" } })).toBe(0);
  });

  it("refuses a spreadsheet that is not one, storing nothing for it", async () => {
    await expect(createImportBatch(db, storage, actor, { sheet: { name: "旧版.xls", data: Buffer.from("\xd0\xcf\x11\xe0 old", "latin1") } }, { enqueue: false })).rejects.toThrow("另存为 .xlsx");
    expect(await db.importBatch.count({ where: { fileName: "旧版.xls" } })).toBe(0);
    // A CSV that is not one: binary bytes under a .csv name.
    const batch = await validated({ name: "乱码.csv", data: Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe]) });
    expect(batch.status).toBe("FAILED");
    expect(batch.message).toMatch(/表头缺少必填列|没有内容/);
  }, 120_000);

  it("hands out a template that reads back as the import's columns, listing the office's categories", async () => {
    const template = await buildImportTemplate(db);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(template as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(["信息目录", "分类与科室", "填写说明"]);
    const names = wb.getWorksheet("分类与科室")!.getColumn(2).values.slice(2);
    expect(names).toContain("统计数据");
    const sheet = wb.getWorksheet("信息目录")!;
    sheet.getRow(2).values = ["模板回读测试信息标题", "", "党政办公室", new Date(Date.UTC(2016, 2, 5)), "", "", "统计数据", "", "", "", "模板回读测试的正文内容，共十个字以上。"] as never;
    const parsed = await readImportSheet("模板.xlsx", Buffer.from(await wb.xlsx.writeBuffer()));
    expect(parsed.rows).toEqual([{ rowNo: 2, raw: { title: "模板回读测试信息标题", department: "党政办公室", generatedDate: "2016-03-05", category: "统计数据", body: "模板回读测试的正文内容，共十个字以上。" } }]);
  });
});
