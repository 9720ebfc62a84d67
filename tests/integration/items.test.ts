import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../lib/db/client";
import { seedDemo } from "../../lib/seed/seed-demo";
import { loadSessionUser } from "../../lib/auth/sign-in";
import type { SessionUser } from "../../lib/auth/roles";
import {
  approveItem,
  createItem,
  dismissFinding,
  publishDueItems,
  reviseItem,
  signOffItem,
  submitItem,
  updateItemDraft,
  withdrawItem,
  type ItemActor,
} from "../../lib/items/item-commands";
import { takeNextSerial } from "../../lib/items/index-number";
import { scanItemVersion } from "../../lib/items/scan-item-version";
import { getItemDashboard } from "../../lib/items/item-clocks";

const db = createDb(process.env.DATABASE_URL);
const users: Record<string, SessionUser> = {};
let econ: string;
let category: string;
const actor = (name: string, now?: Date): ItemActor => ({ user: users[name], ip: "127.0.0.1", now });

// A valid resident ID (check digit X) and one with a wrong check digit.
const VALID_ID = "11010519491231002X";
const INVALID_ID = "110105194912310021";

function draftInput(extra: Record<string, unknown> = {}) {
  return {
    title: "四宝山街道2026年第三季度城乡居民最低生活保障资金发放情况",
    summary: "公开本街道2026年第三季度城乡低保资金发放户数、人数和金额。",
    bodyHtml: "<p>根据有关规定，现将本街道2026年第三季度城乡居民最低生活保障资金发放情况公开如下。</p>",
    categoryId: category,
    departmentId: econ,
    generatedDate: "2026-10-09",
    topic: "民政、扶贫、救灾",
    ...extra,
  };
}

beforeAll(async () => {
  await seedDemo(db);
  for (const u of await db.user.findMany()) users[u.username] = (await loadSessionUser(db, u.id))!;
  econ = (await db.department.findFirstOrThrow({ where: { code: "jjfz" } })).id;
  category = (await db.category.findFirstOrThrow({ where: { code: "tjsj" } })).id;
});
afterAll(() => db.$disconnect());

async function toSignedOff(extra: Record<string, unknown> = {}) {
  const item = await createItem(db, actor("staff"), draftInput(extra));
  await submitItem(db, actor("staff"), item.id);
  await signOffItem(db, actor("head"), item.id);
  return item;
}

describe("takeNextSerial", () => {
  it("gives 50 concurrent approvals in one year 50 distinct consecutive serials", async () => {
    const org = await db.organisation.findFirstOrThrow();
    const serials = await Promise.all(
      Array.from({ length: 50 }, () => db.$transaction((tx) => takeNextSerial(tx, org.id, 2031), { timeout: 30_000 })),
    );
    expect([...serials].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it("gives a rolled-back approval's number back (no gaps)", async () => {
    const org = await db.organisation.findFirstOrThrow();
    await expect(
      db.$transaction(async (tx) => {
        await takeNextSerial(tx, org.id, 2032);
        throw new Error("approval failed");
      }),
    ).rejects.toThrow("approval failed");
    expect(await db.$transaction((tx) => takeNextSerial(tx, org.id, 2032))).toBe(1);
  });
});

describe("the proactive-disclosure workflow", () => {
  it("runs draft → submit → sign-off → approve → published, with the 索引号 assigned once", async () => {
    const item = await toSignedOff();
    const published = await approveItem(db, actor("reviewer"), item.id);
    expect(published.state).toBe("PUBLISHED");
    const org = await db.organisation.findFirstOrThrow();
    expect(published.indexNo).toMatch(new RegExp(`^${org.creditCode}/2026-\\d{5}$`));
    const deliveries = await db.delivery.findMany({ where: { itemId: item.id } });
    expect(deliveries.map((d) => d.channel).sort()).toEqual(["BOARD", "DISTRICT", "WECHAT"]);
    expect(new Set(deliveries.map((d) => d.action))).toEqual(new Set(["UPSERT"]));
    const history = await db.auditLog.findMany({ where: { entityType: "Item", entityId: item.id }, orderBy: { id: "asc" } });
    expect(history.map((h) => h.action)).toEqual(["item.create", "item.submit", "item.signOff", "item.approve", "item.publish"]);
  });

  it("blocks approval on a valid resident ID until it is edited out, and ignores an invalid check digit", async () => {
    const item = await toSignedOff({ bodyHtml: `<p>联系人身份证号${VALID_ID}，另有编号${INVALID_ID}。</p>` });
    const scan = await scanItemVersion(db, item.id);
    expect(scan.open.map((f) => f.kind)).toEqual(["resident_id"]);
    await expect(approveItem(db, actor("reviewer"), item.id)).rejects.toThrow(/保密审查发现 1 处/);
    expect((await db.item.findUniqueOrThrow({ where: { id: item.id } })).state).toBe("SIGNED_OFF");

    const { returnItem } = await import("../../lib/items/item-commands");
    await returnItem(db, actor("reviewer"), item.id, "正文含有身份证号码，请删除后重新提交");
    await updateItemDraft(db, actor("staff"), item.id, draftInput({ bodyHtml: `<p>联系人信息已删除，另有编号${INVALID_ID}。</p>` }));
    await submitItem(db, actor("staff"), item.id);
    await signOffItem(db, actor("head"), item.id);
    const done = await approveItem(db, actor("reviewer"), item.id);
    expect(done.state).toBe("PUBLISHED");
  });

  it("lets a confidentiality officer dismiss a finding with a reason, and remembers it", async () => {
    const item = await toSignedOff({ bodyHtml: "<p>咨询电话13800138000（本街道便民服务热线，依规公开）。</p>" });
    await expect(dismissFinding(db, actor("reviewer"), item.id, "x", "不是涉密信息")).rejects.toThrow(/保密审查员/);
    const [finding] = (await scanItemVersion(db, item.id)).open;
    await dismissFinding(db, actor("secrecy"), item.id, finding.fingerprint, "便民服务热线，属于应当公开的联系方式");
    expect((await scanItemVersion(db, item.id)).open).toEqual([]);
    expect((await approveItem(db, actor("reviewer"), item.id)).state).toBe("PUBLISHED");
    expect(await db.auditLog.count({ where: { entityId: item.id, action: "item.finding-dismissed" } })).toBe(1);
  });

  it("refuses approval by the drafter and by the signer", async () => {
    const { createItem: create } = await import("../../lib/items/item-commands");
    const reviewerAsStaff = { ...users.reviewer, roles: [...users.reviewer.roles, { role: "STAFF" as const, departmentId: econ }] };
    const own = await create(db, { user: reviewerAsStaff }, draftInput());
    await submitItem(db, { user: reviewerAsStaff }, own.id);
    await signOffItem(db, actor("head"), own.id);
    await expect(approveItem(db, { user: reviewerAsStaff }, own.id)).rejects.toThrow("不能审核通过自己起草的信息");
  });

  it("withdraws with a reason and writes DELETE deliveries; revises with a change note", async () => {
    const item = await toSignedOff();
    await approveItem(db, actor("reviewer"), item.id);
    await expect(withdrawItem(db, actor("reviewer"), item.id, "")).rejects.toThrow(/撤回原因/);
    const withdrawn = await withdrawItem(db, actor("reviewer"), item.id, "数据有误，核实后重新发布");
    expect(withdrawn.state).toBe("WITHDRAWN");
    expect(withdrawn.withdrawnReason).toBe("数据有误，核实后重新发布");
    expect(await db.delivery.count({ where: { itemId: item.id, action: "DELETE" } })).toBe(3);

    const second = await toSignedOff();
    const first = await approveItem(db, actor("reviewer"), second.id);
    await reviseItem(db, actor("staff"), second.id, "更正第三季度发放金额");
    await updateItemDraft(db, actor("staff"), second.id, draftInput({ title: "四宝山街道2026年第三季度低保资金发放情况（更正）", changeNote: "更正第三季度发放金额" }));
    await submitItem(db, actor("staff"), second.id);
    await signOffItem(db, actor("head"), second.id);
    const revised = await approveItem(db, actor("reviewer"), second.id);
    expect(revised.publishedVersionNo).toBe(2);
    expect(revised.indexNo).toBe(first.indexNo);
    const versions = await db.itemVersion.findMany({ where: { itemId: second.id }, orderBy: { number: "asc" } });
    expect(versions.map((v) => v.changeNote)).toEqual([null, "更正第三季度发放金额"]);
    expect(await db.delivery.count({ where: { itemId: second.id, action: "UPSERT" } })).toBe(6);
  });

  it("publishes a scheduled item when its time comes, not before", async () => {
    const item = await toSignedOff();
    const at = new Date(Date.now() + 3600_000);
    const approved = await approveItem(db, actor("reviewer"), item.id, { mode: "schedule", at });
    expect(approved.state).toBe("APPROVED");
    expect(await publishDueItems(db, new Date(at.getTime() - 1000))).toEqual([]);
    expect(await publishDueItems(db, new Date(at.getTime() + 1000))).toEqual([item.id]);
    expect((await db.item.findUniqueOrThrow({ where: { id: item.id } })).state).toBe("PUBLISHED");
  });
});

describe("the dashboard clocks", () => {
  it("shows an item as overdue once its clock passes (injected time)", async () => {
    // 生成日期 2026-09-28: sign-off due 10-08 (5 calendar days, rolled past 国庆 to the next working day).
    const item = await createItem(db, actor("staff", new Date("2026-09-28T02:00:00Z")), draftInput({ generatedDate: "2026-09-28" }));
    // On 09-28 three working days remain (09-29, 09-30, 10-08): on track.
    const before = await getItemDashboard(db, { now: new Date("2026-09-28T02:00:00Z") });
    expect(before.attention.find((a) => a.id === item.id)).toBeUndefined();
    const dueSoon = await getItemDashboard(db, { now: new Date("2026-10-08T02:00:00Z") });
    expect(dueSoon.attention.find((a) => a.id === item.id)).toMatchObject({ status: "DUE_SOON", clock: "SIGN_OFF", dueOn: "2026-10-08" });
    const after = await getItemDashboard(db, { now: new Date("2026-10-09T02:00:00Z") });
    expect(after.attention.find((a) => a.id === item.id)).toMatchObject({ status: "OVERDUE", clock: "SIGN_OFF" });
    const dept = after.departments.find((d) => d.departmentId === econ)!;
    expect(dept.overdue).toBeGreaterThanOrEqual(1);
  });
});

describe("item attachments and the calendar override table", () => {
  it("stores an uploaded PDF without its author, and scans its text", async () => {
    const { mkdtempSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const path = await import("node:path");
    const { LocalBlobStorage } = await import("../../lib/attachments/storage");
    const { addItemAttachment } = await import("../../lib/items/item-attachments");
    const { makePdf } = await import("../fixtures/documents");
    const { PDFDocument } = await import("pdf-lib");
    const storage = new LocalBlobStorage(mkdtempSync(path.join(tmpdir(), "blobs-")));
    const item = await createItem(db, actor("staff"), draftInput());
    const pdf = await makePdf([["困难群众名单", `联系人身份证号 ${VALID_ID}`]], { author: "王晓燕" });
    const row = await addItemAttachment(db, storage, actor("staff"), item.id, { name: "名单.pdf", data: pdf });
    expect(row.kind).toBe("pdf");
    expect(row.metadataStripped).toBe(true);
    const stored = await storage.get(row.sha256);
    expect((await PDFDocument.load(stored!)).getAuthor()).toBeUndefined();
    const scan = await scanItemVersion(db, item.id);
    expect(scan.open.map((f) => f.location)).toContain("附件“名单.pdf”");

    await expect(
      addItemAttachment(db, storage, actor("staff"), item.id, { name: "说明.docx", data: pdf }),
    ).rejects.toThrow(/说明\.docx/);
    expect(await db.itemAttachment.count({ where: { version: { itemId: item.id } } })).toBe(1);
  });

  it("lets an override in the database change a deadline", async () => {
    const { loadWorkingCalendar, isoToDbDate } = await import("../../lib/calendar/load-calendar");
    const { computeItemDueDates } = await import("../../lib/items/deadlines");
    // 2027 has no official schedule in the package: 生成日期 2027-02-01 + 20 working days = 2027-03-01.
    const before = computeItemDueDates(await loadWorkingCalendar(db), { generatedOn: "2027-02-01" });
    expect(before.statutoryDueOn).toBe("2027-03-01");
    // The 2027 春节 holiday entered by an administrator (Feb 6–12 off, weekdays Feb 8–12) pushes it a week.
    for (const d of ["2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11", "2027-02-12"]) {
      await db.calendarOverride.create({ data: { date: isoToDbDate(d), kind: "HOLIDAY", name: "2027年春节" } });
    }
    const after = computeItemDueDates(await loadWorkingCalendar(db), { generatedOn: "2027-02-01" });
    expect(after.statutoryDueOn).toBe("2027-03-08");
  });
});
