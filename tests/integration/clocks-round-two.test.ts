// Issue 13 against the real database: 按件 counting by 件, the payment deadline from the
// applicant's receipt of a posted 收费通知, and the whole-year calendar entry that recomputes open
// clocks and lists the due dates that moved. Dates are hand-counted on the 2026 official calendar.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../lib/db/client";
import { seedDemo } from "../../lib/seed/seed-demo";
import { loadSessionUser } from "../../lib/auth/sign-in";
import type { SessionUser } from "../../lib/auth/roles";
import { LocalBlobStorage } from "../../lib/attachments/storage";
import { residentIdCheckChar } from "../../lib/validation/ids";
import { isoToDbDate, loadWorkingCalendar } from "../../lib/calendar/load-calendar";
import { AppError } from "../../lib/errors/app-error";
import { createCaptcha } from "../../lib/captcha/captcha";
import { submitApplication } from "../../lib/applications/submit-application";
import { confirmReceipt } from "../../lib/applications/receipt";
import { issueFeeNotice, quoteApplicationFee, recordFeeNoticeDelivery } from "../../lib/applications/fee-steps";
import { closeLapsedApplications } from "../../lib/applications/lapse";
import { publicApplicationView } from "../../lib/applications/tracking";
import { clockOf, feeNoticeOf, loadApplication, loadClockContext, type Actor } from "../../lib/applications/records";
import { getItemDashboard } from "../../lib/items/item-clocks";
import { saveYearSchedule } from "../../lib/settings/calendar-year";

const db = createDb(process.env.DATABASE_URL);
const redis = new Redis(process.env.REDIS_URL || "redis://127.0.0.1:6379");
const storageDir = mkdtempSync(path.join(tmpdir(), "gk-clocks2-"));
const storage = new LocalBlobStorage(storageDir);
const users: Record<string, SessionUser> = {};
const actor = (name: string): Actor => ({ user: users[name], ip: "127.0.0.1" });
const admin = () => ({ user: users.admin, ip: "127.0.0.1" });
const at = (iso: string) => new Date(`${iso}T10:00:00+08:00`);

let serial = 500;
const newResidentId = () => {
  const first17 = `37030319850101${String(serial++).padStart(3, "0")}`;
  return first17 + residentIdCheckChar(first17);
};

let ip = 1;
async function received(on: string, extra: Record<string, string> = {}) {
  const c = createCaptcha({ secret: "integration-captcha-secret-0123456789", now: at(on).getTime() });
  const s = await submitApplication(
    {
      db,
      redis,
      redisPrefix: `${process.env.REDIS_PREFIX}:clocks2`,
      captchaSecret: "integration-captcha-secret-0123456789",
      limits: { perHour: 100, perDay: 100, attachmentMaxBytes: 1024 * 1024 },
      storage,
      now: at(on),
    },
    {
      form: {
        applicantType: "NATURAL_PERSON",
        applicantName: "李小红",
        idType: "resident_id",
        idNumber: newResidentId(),
        phone: "13800138000",
        infoTitle: "2026年度城乡环境整治资金使用情况",
        description: "请提供四宝山街道2026年度城乡环境整治资金使用情况",
        formWanted: "ELECTRONIC",
        deliveryMethod: "ONLINE",
        pledge: "1",
        ...extra,
      },
      files: [],
      captchaToken: c.token,
      captchaAnswer: c.text,
      ip: `10.3.0.${ip++}`,
    },
  );
  await confirmReceipt(db, actor("reviewer"), s.id, { now: at(on) });
  return s.id;
}

beforeAll(async () => {
  await seedDemo(db);
  for (const u of await db.user.findMany()) users[u.username] = (await loadSessionUser(db, u.id))!;
});

afterAll(async () => {
  // The run's database is shared by the files after this one: leave 2027 unknown again.
  await db.calendarYear.deleteMany({ where: { year: 2027 } });
  await db.calendarOverride.deleteMany({ where: { date: { gte: isoToDbDate("2027-01-01"), lte: isoToDbDate("2027-12-31") } } });
  await db.$disconnect();
  redis.disconnect();
  rmSync(storageDir, { recursive: true, force: true });
});

describe("(4) 按件 counts 件, not rows", () => {
  it("an earlier application counted as 3 件 makes the next one the 12th 件", async () => {
    const idNumber = newResidentId();
    for (let i = 0; i < 8; i++) await received("2026-03-02", { idNumber });
    // The 9th application counted as 3 件: 件 9, 10 free, 11 at 100元.
    const ninth = await received("2026-03-03", { idNumber });
    const n = await issueFeeNotice(db, actor("reviewer"), ninth, { method: "PER_CASE", cases: "3" }, { now: at("2026-03-03"), storage });
    expect(n.quote).toMatchObject({ earlierThisMonth: 8, quantity: 3, totalFen: 100_00 });
    // Next: 8 + 3 = 11 件 before it, so it is the 12th 件 (100元); by rows (9) it would be free.
    const next = await received("2026-03-04", { idNumber });
    const q = await quoteApplicationFee(db, next, { method: "PER_CASE" });
    expect(q).toMatchObject({ earlierThisMonth: 11, totalFen: 100_00 });
  });
});

describe("(5) payment deadline from the applicant's receipt of the 收费通知", () => {
  it("a posted notice has no deadline until its delivery day is recorded; then 20 working days from it", async () => {
    const id = await received("2026-03-02");
    const n = await issueFeeNotice(db, actor("reviewer"), id, { method: "PER_PAGE", pages: "40", deliveryMethod: "POST" }, { now: at("2026-03-04"), storage });
    expect(n.dueOn).toBeNull();
    const letter = await db.applicationLetter.findFirstOrThrow({ where: { applicationId: id, kind: "FEE_NOTICE" } });
    expect(letter.deliveredOn).toBeNull();
    expect(letter.body).toContain("请您自收到本通知书之日起20个工作日内缴纳");
    expect((await publicApplicationView(db, id, at("2026-03-05"))).fee).toMatchObject({ totalFen: 100_00, dueOn: null });

    await expect(recordFeeNoticeDelivery(db, actor("reviewer"), id, { deliveredOn: "2026-03-03" }, { now: at("2026-03-09") })).rejects.toThrow(/不能早于收费通知书出具日期/);
    await expect(recordFeeNoticeDelivery(db, actor("reviewer"), id, { deliveredOn: "2026-03-10" }, { now: at("2026-03-09") })).rejects.toThrow(/不能晚于今天/);
    // Received Mon Mar 9: Mar 10–13 (4), 16–20 (9), 23–27 (14), Mar 30–Apr 3 (19), skip 清明, Apr 7 (20).
    const d = await recordFeeNoticeDelivery(db, actor("reviewer"), id, { deliveredOn: "2026-03-09" }, { now: at("2026-03-09") });
    expect(d.dueOn).toBe("2026-04-07");
    expect((await db.applicationLetter.findUniqueOrThrow({ where: { id: letter.id } })).deliveredOn).toEqual(isoToDbDate("2026-03-09"));
    await expect(recordFeeNoticeDelivery(db, actor("reviewer"), id, { deliveredOn: "2026-03-09" }, { now: at("2026-03-10") })).rejects.toBeInstanceOf(AppError);
    // From the issue day it would have lapsed after Apr 1; it lapses after Apr 7.
    expect(await closeLapsedApplications(db, { now: at("2026-04-07") })).not.toContainEqual(expect.objectContaining({ id }));
    expect(await closeLapsedApplications(db, { now: at("2026-04-08") })).toContainEqual({ id, outcome: "OTHER_FEE_UNPAID" });
  });

  it("an online notice is received the day it is issued", async () => {
    const id = await received("2026-03-02");
    // A same-day date for a posted notice other than today is refused; online ignores the field.
    await expect(
      issueFeeNotice(db, actor("reviewer"), id, { method: "PER_PAGE", pages: "40", deliveryMethod: "POST", deliveredOn: "2026-03-05" }, { now: at("2026-03-04"), storage }),
    ).rejects.toThrow(/出具当日未送达/);
    const n = await issueFeeNotice(db, actor("reviewer"), id, { method: "PER_PAGE", pages: "40", deliveryMethod: "ONLINE" }, { now: at("2026-03-04"), storage });
    // Mar 5–6 (2), 9–13 (7), 16–20 (12), 23–27 (17), Mar 30, 31, Apr 1 (20).
    expect(n.dueOn).toBe("2026-04-01");
    expect(feeNoticeOf((await loadApplication(db, id)).events)).toMatchObject({ deliveredOn: "2026-03-04", dueOn: "2026-04-01" });
  });
});

describe("(3) entering next year's schedule", () => {
  it("recomputes open clocks, rewrites stored fee deadlines and lists what moved", async () => {
    // Received Thu Dec 10 2026: due 2027-01-07 on plain weekdays (Fri Jan 1 counted), 暂定.
    const app = await received("2026-12-10");
    const before = clockOf(await loadClockContext(db), await loadApplication(db, app), at("2026-12-11"));
    expect(before).toMatchObject({ dueOn: "2027-01-07", provisional: true });
    // A fee notice delivered online Dec 11: Dec 14–18 (5), 21–25 (10), 28–31 (14), Jan 1 (15), Jan 4–8 (20) → Jan 8.
    const feeApp = await received("2026-12-10");
    const n = await issueFeeNotice(db, actor("reviewer"), feeApp, { method: "PER_PAGE", pages: "40", deliveryMethod: "ONLINE" }, { now: at("2026-12-11"), storage });
    expect(n.dueOn).toBe("2027-01-08");
    const view = await publicApplicationView(db, app, at("2026-12-11"));
    expect(view.dueOn).toBe("2027-01-07");
    expect(view.dueProvisional).toContain("2027年");
    // An item formed Dec 10, open: statutory 20 wd → 2027-01-07 as well.
    const org = await db.organisation.findFirstOrThrow();
    const dept = await db.department.findFirstOrThrow();
    const cat = await db.category.findFirstOrThrow({ where: { code: { not: "nb" } } });
    const author = users.reviewer.id;
    const item = await db.item.create({
      data: {
        organisationId: org.id,
        departmentId: dept.id,
        categoryId: cat.id,
        createdById: author,
        generatedDate: isoToDbDate("2026-12-10"),
        versions: { create: { number: 1, title: "四宝山街道冬季供暖保障方案", summary: "冬季供暖保障方案", bodyHtml: "<p>方案</p>", topic: "其他", generatedDate: isoToDbDate("2026-12-10"), createdById: author } },
      },
    });

    const moved = await saveYearSchedule(
      db,
      admin(),
      {
        year: 2027,
        source: "测试录入",
        holidays: [
          { name: "元旦", from: "2027-01-01", to: "2027-01-03" },
          { name: "春节", from: "2027-02-06", to: "2027-02-13" },
        ],
        workdays: [{ date: "2027-02-14", name: "春节调休" }],
      },
      at("2026-12-11"),
    );
    // 元旦 skips Fri Jan 1: every 2027 due date after it moves one working day.
    expect(moved).toContainEqual(expect.objectContaining({ kind: "APPLICATION", id: app, before: "2027-01-07", after: "2027-01-08" }));
    expect(moved).toContainEqual(expect.objectContaining({ kind: "FEE", id: feeApp, before: "2027-01-08", after: "2027-01-11" }));
    expect(moved).toContainEqual(expect.objectContaining({ kind: "ITEM", id: item.id, clock: "法定公开期限（20个工作日）", before: "2027-01-07", after: "2027-01-08" }));
    expect(moved.filter((m) => m.id === item.id)).toHaveLength(1);

    const cal = await loadWorkingCalendar(db);
    expect(cal.hasHolidaySchedule(2027)).toBe(true);
    expect(cal.isWorkingDay("2027-02-14")).toBe(true);
    const after = clockOf(await loadClockContext(db), await loadApplication(db, app), at("2026-12-11"));
    expect(after).toMatchObject({ dueOn: "2027-01-08", provisional: false });
    expect(feeNoticeOf((await loadApplication(db, feeApp)).events)?.dueOn).toBe("2027-01-11");
    const dash = await getItemDashboard(db, { now: at("2026-12-11") });
    // Only the sign-off clock (Dec 15, two working days away) needs attention, and it is firm.
    expect(dash.attention.find((a) => a.id === item.id)).toMatchObject({ clock: "SIGN_OFF", dueOn: "2026-12-15", provisional: false });
    expect(await db.auditLog.count({ where: { action: "calendar.year-save", entityId: "2027" } })).toBe(1);

    // Saving the year again replaces its rows rather than adding to them.
    await saveYearSchedule(db, admin(), { year: 2027, source: "", holidays: [{ name: "元旦", from: "2027-01-01", to: "2027-01-01" }], workdays: [] }, at("2026-12-11"));
    expect(await db.calendarOverride.count({ where: { date: { gte: isoToDbDate("2027-01-01"), lte: isoToDbDate("2027-12-31") } } })).toBe(1);
    await expect(saveYearSchedule(db, admin(), { year: 2027, source: "", holidays: [], workdays: [] })).rejects.toThrow(/全年安排有误/);
  });
});
