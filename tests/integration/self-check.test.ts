// 自查 indicators against a database of this file's own (the indicators are site-wide: the demo
// catalogue's columns, the home page, the WeChat channel), driven by an injected clock.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../../lib/db/client";
import { dropDatabase, ensureDatabase, migrate } from "../../lib/db/migrate";
import { seedDemo } from "../../lib/seed/seed-demo";
import { loadSessionUser } from "../../lib/auth/sign-in";
import type { SessionUser } from "../../lib/auth/roles";
import { LocalBlobStorage } from "../../lib/attachments/storage";
import { approveItem, createItem, dismissFinding, reviseItem, signOffItem, submitItem, updateItemDraft, type ItemActor } from "../../lib/items/item-commands";
import { addItemAttachment } from "../../lib/items/item-attachments";
import { scanItemVersion } from "../../lib/items/scan-item-version";
import { registerApplication } from "../../lib/applications/submit-application";
import { decideApplication, issueReply, updateReplyDraft } from "../../lib/applications/decision";
import { residentIdCheckChar } from "../../lib/validation/ids";
import { runSelfCheck } from "../../lib/self-check/run";
import { runFindings } from "../../lib/self-check/queries";
import { listApplications } from "../../lib/applications/queries";
import { addCalendarDays } from "../../lib/calendar/dates";
import { makePdf } from "../fixtures/documents";
import { generateWeeklyReport } from "../../lib/self-check/weekly-report";
import { extractText } from "../../lib/scan/extract-text";

const url = new URL(process.env.DATABASE_URL!);
url.pathname = `${url.pathname}_selfcheck`;
const dbUrl = url.toString();
let db: Db;
const storageDir = mkdtempSync(path.join(tmpdir(), "gk-selfcheck-"));
const storage = new LocalBlobStorage(storageDir);
const users: Record<string, SessionUser> = {};
const cats = new Map<string, string>();
let dept: string;

/** Beijing wall-clock time on a day. */
const bj = (iso: string, time = "10:00") => new Date(`${iso}T${time}:00+08:00`);
const actor = (name: string, now: Date): ItemActor => ({ user: users[name], ip: "127.0.0.1", now });
// The run day of most tests.
const RUN = bj("2026-11-20");

async function publish(code: string, on: Date, extra: { title?: string; body?: string; attachment?: Buffer } = {}) {
  const item = await createItem(db, actor("staff", on), {
    title: extra.title ?? `${code}栏目测试信息${Math.random().toString(36).slice(2, 7)}`,
    summary: "本信息为自查测试用的内容概述。",
    bodyHtml: `<p>${extra.body ?? "根据有关规定，现将有关情况公开如下。"}</p>`,
    categoryId: cats.get(code)!,
    departmentId: dept,
    documentNumber: "四宝山办发〔2026〕1号",
    generatedDate: "2026-10-01",
    topic: "综合政务",
  });
  if (extra.attachment) await addItemAttachment(db, storage, actor("staff", on), item.id, { name: "附件.pdf", data: extra.attachment });
  await submitItem(db, actor("staff", on), item.id);
  await signOffItem(db, actor("head", on), item.id);
  // Whatever the scanner's rules of the day find is dismissed by the 保密审查员, as happens in practice.
  for (const f of (await scanItemVersion(db, item.id)).open) await dismissFinding(db, actor("secrecy", on), item.id, f.fingerprint, "经核实可以公开");
  await approveItem(db, actor("reviewer", on), item.id);
  return item.id;
}

async function run(now: Date = RUN) {
  const { runId } = await runSelfCheck(db, { now, storage, trigger: "MANUAL" });
  const r = await db.selfCheckRun.findUniqueOrThrow({ where: { id: runId } });
  return { run: r, findings: await runFindings(db, r.id) };
}
const find = <T extends { key: string }>(fs: T[], key: string): T | undefined => fs.find((f) => f.key === key);

beforeAll(async () => {
  await dropDatabase(dbUrl).catch(() => undefined);
  await ensureDatabase(dbUrl);
  await migrate(dbUrl);
  db = createDb(dbUrl);
  await seedDemo(db);
  for (const u of await db.user.findMany()) users[u.username] = (await loadSessionUser(db, u.id))!;
  for (const c of await db.category.findMany()) cats.set(c.code, c.id);
  dept = (await db.department.findFirstOrThrow({ where: { code: "jjfz" } })).id;
}, 120_000);

afterAll(async () => {
  await db?.$disconnect();
  await dropDatabase(dbUrl).catch(() => undefined);
  rmSync(storageDir, { recursive: true, force: true });
});

async function leafCodes(): Promise<string[]> {
  const all = await db.category.findMany({ where: { active: true } });
  const parents = new Set(all.map((c) => c.parentId));
  return all.filter((c) => !parents.has(c.id)).map((c) => c.code);
}

describe("columns, home page", () => {
  it("an empty column: red while 5 or more are empty, amber below 5, gone once it has an item; a fresh site has a red home page", async () => {
    let { findings, run: r } = await run();
    expect(find(findings, "HOME_STALE")).toMatchObject({ indicator: "HOME_STALE", level: "RED" });
    const leaves = await leafCodes();
    expect(leaves.length).toBeGreaterThan(10);
    for (const code of leaves) expect(find(findings, `COLUMNS_EMPTY:${cats.get(code)}`)?.level).toBe("RED");
    expect((r.summary as Record<string, { light: string }>).COLUMNS_EMPTY.light).toBe("RED");

    // Fill all but five (zdgz, a news column, is kept for the stale test and filled 20 days back).
    const keep = leaves.filter((c) => c !== "zdgz").slice(0, 5);
    for (const code of leaves.filter((c) => !keep.includes(c))) await publish(code, code === "zdgz" ? bj("2026-10-31") : bj("2026-11-19"));
    ({ findings } = await run());
    expect(find(findings, "HOME_STALE")).toBeUndefined();
    for (const code of keep) expect(find(findings, `COLUMNS_EMPTY:${cats.get(code)}`)?.level).toBe("RED");

    await publish(keep[0], bj("2026-11-19"));
    ({ findings } = await run());
    expect(find(findings, `COLUMNS_EMPTY:${cats.get(keep[0])}`)).toBeUndefined();
    for (const code of keep.slice(1)) expect(find(findings, `COLUMNS_EMPTY:${cats.get(code)}`)?.level).toBe("AMBER");
    for (const code of keep.slice(1)) await publish(code, bj("2026-11-19"));
    ({ findings } = await run());
    expect(findings.filter((f) => f.indicator === "COLUMNS_EMPTY")).toEqual([]);
  });

  it("a news column with nothing for 2 weeks goes stale (amber: one column), and recovers with a new item", async () => {
    let { findings } = await run();
    const key = `COLUMNS_STALE:${cats.get("zdgz")}`;
    expect(find(findings, key)).toMatchObject({ indicator: "COLUMNS_STALE", level: "AMBER" });
    expect(find(findings, key)!.detail).toMatch(/动态、要闻类栏目超过2周未更新.*2026年10月31日/);
    // 14 days after 31 October is still within the rule (the 15th day is not).
    ({ findings } = await run(bj("2026-11-14", "23:30")));
    expect(find(findings, key)).toBeUndefined();
    ({ findings } = await run(bj("2026-11-15", "00:30")));
    expect(find(findings, key)).toBeDefined();
    await publish("zdgz", bj("2026-11-19"));
    ({ findings } = await run());
    expect(find(findings, key)).toBeUndefined();
  });
});

describe("WeChat", () => {
  it("silent for 15 days is red (Beijing days: 23:30 and 00:30), gone once an article is delivered", async () => {
    const delivery = await db.delivery.findFirstOrThrow({ where: { channel: "WECHAT" } });
    await db.delivery.update({ where: { id: delivery.id }, data: { status: "DELIVERED", deliveredAt: bj("2026-11-05", "10:00") } });
    expect(find((await run(bj("2026-11-19", "23:30"))).findings, "WECHAT_SILENT")).toBeUndefined();
    const red = find((await run(bj("2026-11-20", "00:30"))).findings, "WECHAT_SILENT");
    expect(red).toMatchObject({ indicator: "WECHAT_SILENT", level: "RED" });
    expect(red!.detail).toContain("2026年11月5日");

    const later = await db.delivery.findFirstOrThrow({ where: { channel: "WECHAT", id: { not: delivery.id } } });
    await db.delivery.update({ where: { id: later.id }, data: { status: "DELIVERED", deliveredAt: bj("2026-11-19", "16:00") } });
    expect(find((await run()).findings, "WECHAT_SILENT")).toBeUndefined();
  });
});

describe("applications", () => {
  it("an application past its statutory due date is red until the reply is issued", async () => {
    const first17 = "37030319850101555";
    const reg = await registerApplication(
      db,
      { user: users.reviewer, ip: "127.0.0.1" },
      {
        form: {
          applicantType: "NATURAL_PERSON", applicantName: "张小明", idType: "resident_id", idNumber: first17 + residentIdCheckChar(first17),
          phone: "13800138000", infoTitle: "2025年度财政预算执行情况", description: "请提供四宝山街道2025年度财政预算执行情况报告",
          formWanted: "ELECTRONIC", deliveryMethod: "POST", address: "山东省淄博市高新区四宝山街道1号", pledge: "1",
        },
        channel: "POST_SIGNED",
        receivedOn: "2026-10-09",
      },
      { now: bj("2026-10-09"), storage },
    );
    const key = `APPLICATIONS_OVERDUE:${reg.id}`;
    // 20 working days from 9 October 2026 (10 October is a make-up working day), from the application clock.
    const dueOn = (await listApplications(db, {}, bj("2026-10-09"))).find((a) => a.id === reg.id)!.clock.dueOn!;
    expect(dueOn).toBe("2026-11-05");
    expect(find((await run(bj(dueOn, "23:30"))).findings, key)).toBeUndefined();
    expect(find((await run(bj(addCalendarDays(dueOn, 1), "00:30"))).findings, key)).toMatchObject({ level: "RED", indicator: "APPLICATIONS_OVERDUE" });

    await decideApplication(db, { user: users.reviewer, ip: "127.0.0.1" }, reg.id, { outcome: "UNAVAILABLE_NOT_HELD" }, { now: RUN });
    const draft = await db.applicationLetter.findFirstOrThrow({ where: { applicationId: reg.id, kind: "REPLY" } });
    if (draft.body.includes("【请在此")) {
      await updateReplyDraft(db, { user: users.reviewer, ip: "127.0.0.1" }, reg.id, { body: draft.body.replace(/【请在此[^】]*】(（[^）]*）)?/g, "经检索，本机关未制作或获取该信息。") });
    }
    await issueReply(db, { user: users.reviewer, ip: "127.0.0.1" }, reg.id, { deliveryMethod: "POST" }, { now: RUN, storage });
    expect(find((await run()).findings, key)).toBeUndefined();
  });
});

describe("published content re-scanned with today's rules", () => {
  it("an ID number added to the word list after publication is a red finding until the item is revised", async () => {
    const id = await publish("qt", bj("2026-11-18"), { body: "经公示无异议，现将补助对象公布如下：张某，证件号码370303800101123。" });
    const key = `CONTENT_ERRORS:${id}`;
    const before = find((await run()).findings, key);
    expect(before?.detail ?? "").not.toContain("370303800101123");

    await db.sensitiveWord.create({ data: { word: "370303800101123", note: "补助对象的旧版身份证号码" } });
    const red = find((await run()).findings, key);
    expect(red).toMatchObject({ indicator: "CONTENT_ERRORS", level: "RED", link: `/console/items/${id}` });
    expect(red!.detail).toContain("370303800101123");

    // The fix: a revision without the number, through the same review.
    const on = bj("2026-11-20", "09:00");
    await reviseItem(db, actor("staff", on), id, "删除补助对象证件号码");
    const v = await db.itemVersion.findFirstOrThrow({ where: { itemId: id }, orderBy: { number: "desc" } });
    await updateItemDraft(db, actor("staff", on), id, {
      title: v.title, summary: v.summary, bodyHtml: "<p>经公示无异议，现将补助对象公布如下：张某。</p>", categoryId: cats.get("qt"),
      departmentId: dept, documentNumber: v.documentNumber, generatedDate: "2026-11-20", topic: v.topic, changeNote: "删除补助对象证件号码",
    });
    await submitItem(db, actor("staff", on), id);
    await signOffItem(db, actor("head", on), id);
    await approveItem(db, actor("reviewer", on), id);
    expect(find((await run()).findings, key)).toBeUndefined();
  });

  it("a 错敏词 from the shipped list is red with its correct form; the correct form itself is not flagged", async () => {
    const wrong = await publish("qt", bj("2026-11-18"), { body: "街道认真贯切落实上级部署。" });
    const right = await publish("qt", bj("2026-11-18"), { body: "街道认真贯彻落实上级部署，国务院总理到会讲话。" });
    const { findings } = await run();
    expect(find(findings, `CONTENT_ERRORS:${wrong}`)).toMatchObject({ level: "RED" });
    expect(find(findings, `CONTENT_ERRORS:${wrong}`)!.detail).toContain("“贯切落实”应为“贯彻落实”");
    expect(find(findings, `CONTENT_ERRORS:${right}`)).toBeUndefined();
  });
});

describe("links", () => {
  it("an attachment whose file is gone is a broken link (amber) until the file is back; outside links are listed, not fetched", async () => {
    const pdf = await makePdf([["四宝山街道附件测试"]]);
    const id = await publish("qt", bj("2026-11-18"), { attachment: pdf, body: `详见<a href="https://www.gov.cn/zhengce/">中国政府网</a>和<a href="/items/nonexistent-item">往期公告</a>。` });
    const att = await db.itemAttachment.findFirstOrThrow({ where: { version: { itemId: id } } });
    expect(find((await run()).findings, `BROKEN_LINKS:att:${att.id}`)).toBeUndefined();

    const file = storage.pathFor(att.sha256);
    const bytes = (await import("node:fs")).readFileSync(file);
    rmSync(file);
    const { findings } = await run();
    expect(find(findings, `BROKEN_LINKS:att:${att.id}`)).toMatchObject({ indicator: "BROKEN_LINKS", level: "AMBER", link: `/console/items/${id}` });
    expect(find(findings, `BROKEN_LINKS:body:${id}`)).toMatchObject({ level: "AMBER" });
    expect(find(findings, `BROKEN_LINKS:body:${id}`)!.detail).toContain("/items/nonexistent-item");
    expect(find(findings, `BROKEN_LINKS:outside:${id}`)).toMatchObject({ level: "INFO" });
    expect(find(findings, `BROKEN_LINKS:outside:${id}`)!.detail).toContain("https://www.gov.cn/zhengce/");

    await storage.put(bytes);
    expect(find((await run()).findings, `BROKEN_LINKS:att:${att.id}`)).toBeUndefined();
  });
});

describe("runs", () => {
  it("a rerun the same Beijing day replaces that day's run; another day adds one", async () => {
    await run(bj("2026-11-21", "00:30"));
    await run(bj("2026-11-21", "23:30"));
    const days = await db.selfCheckRun.findMany({ where: { day: { gte: new Date("2026-11-21T00:00:00Z") } } });
    expect(days).toHaveLength(1);
  });

  it("two runs of the same day finishing together both succeed and leave one run", async () => {
    const results = await Promise.all([0, 1].map(() => runSelfCheck(db, { now: bj("2026-11-22"), storage, trigger: "MANUAL" })));
    const rows = await db.selfCheckRun.findMany({ where: { day: new Date("2026-11-22T00:00:00Z") } });
    expect(rows).toHaveLength(1);
    expect(results.map((r) => r.runId)).toContain(rows[0].id);
  });
});

describe("weekly report", () => {
  it("lists each indicator's findings and what was fixed since the run a week earlier, as DOCX and PDF with the same text", async () => {
    // A week earlier the office's 敏感词库 flags an item; after checking, the office takes the word off its list,
    // so by the report's day the finding is gone and counts as fixed.
    const id = await publish("qt", bj("2026-11-30"), { body: "本项目由四宝山街道实施，专项资金已拨付到位。" });
    const word = await db.sensitiveWord.create({ data: { word: "专项资金已拨付", note: "须写明拨付文件" } });
    await run(bj("2026-11-30", "08:00"));
    await db.sensitiveWord.delete({ where: { id: word.id } });
    await run(bj("2026-12-07", "08:00"));
    const row = await generateWeeklyReport(db, storage, { now: bj("2026-12-07", "08:30"), trigger: "MANUAL" });
    expect(row).toMatchObject({ trigger: "MANUAL" });
    expect(row.summary).toMatchObject({ currentRunDay: "2026-12-07", previousRunDay: "2026-11-30" });
    const title = (await db.itemVersion.findFirstOrThrow({ where: { itemId: id } })).title;
    for (const key of [row.docxKey, row.pdfKey]) {
      const text = (await extractText((await storage.get(key))!)).text.replace(/\s+/g, "");
      expect(text).toContain("四宝山街道办事处");
      expect(text).toContain("政务公开自查报告");
      expect(text).toContain("2026年12月1日至2026年12月7日");
      expect(text).toContain("自2026年11月30日以来已整改");
      expect(text).toContain(title.replace(/\s+/g, ""));
      expect(text).toContain("微信公众号更新");
    }
  });
});
