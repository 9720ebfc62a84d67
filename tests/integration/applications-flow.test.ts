import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../lib/db/client";
import { seedDemo } from "../../lib/seed/seed-demo";
import { loadSessionUser } from "../../lib/auth/sign-in";
import type { SessionUser } from "../../lib/auth/roles";
import { LocalBlobStorage, sha256Hex } from "../../lib/attachments/storage";
import { residentIdCheckChar } from "../../lib/validation/ids";
import { isoToDbDate } from "../../lib/calendar/load-calendar";
import { AppError } from "../../lib/errors/app-error";
import { createCaptcha } from "../../lib/captcha/captcha";
import { registerApplication, submitApplication, type SubmitApplicationDeps } from "../../lib/applications/submit-application";
import { confirmReceipt } from "../../lib/applications/receipt";
import { recordCorrectionReceived, requestCorrection, submitCorrection } from "../../lib/applications/correction";
import { endConsultation, startConsultation } from "../../lib/applications/consultation";
import { grantExtension, requestExtension } from "../../lib/applications/extension";
import { issueFeeNotice, quoteApplicationFee, recordFeePayment, waiveFee } from "../../lib/applications/fee-steps";
import { decideApplication, issueReply, updateReplyDraft } from "../../lib/applications/decision";
import { closeLapsedApplications } from "../../lib/applications/lapse";
import { letterFile, lookupApplication, publicApplicationView } from "../../lib/applications/tracking";
import { applicationDetail, listApplications } from "../../lib/applications/queries";
import { runApplicationsDaily } from "../../lib/applications/daily-job";
import { clockOf, loadApplication, loadClockContext, type Actor } from "../../lib/applications/records";

const db = createDb(process.env.DATABASE_URL);
const redis = new Redis(process.env.REDIS_URL || "redis://127.0.0.1:6379");
const prefix = `${process.env.REDIS_PREFIX}:apps`;
const secret = "integration-captcha-secret-0123456789";
const storageDir = mkdtempSync(path.join(tmpdir(), "gk-apps-"));
const storage = new LocalBlobStorage(storageDir);
const users: Record<string, SessionUser> = {};
const actor = (name: string): Actor => ({ user: users[name], ip: "127.0.0.1" });

/** 10:00 China time on the given day. */
const at = (iso: string) => new Date(`${iso}T10:00:00+08:00`);

let idSerial = 100;
/** A fresh, valid resident ID per applicant, so tests do not see each other's applications. */
function newResidentId(): string {
  const first17 = `37030319850101${String(idSerial++).padStart(3, "0")}`;
  return first17 + residentIdCheckChar(first17);
}

function form(extra: Record<string, string> = {}) {
  return {
    applicantType: "NATURAL_PERSON",
    applicantName: "张小明",
    idType: "resident_id",
    idNumber: newResidentId(),
    phone: "13800138000",
    infoTitle: "2025年度财政预算执行情况",
    description: "请提供四宝山街道2025年度财政预算执行情况报告",
    formWanted: "ELECTRONIC",
    deliveryMethod: "ONLINE",
    pledge: "1",
    ...extra,
  };
}

let ipSerial = 1;
function deps(on: string, limits: Partial<SubmitApplicationDeps["limits"]> = {}): SubmitApplicationDeps {
  return {
    db,
    redis,
    redisPrefix: prefix,
    captchaSecret: secret,
    // These tests use the image CAPTCHA throughout; its own quota is tested in security-hardening.test.ts.
    limits: { perHour: 100, perDay: 100, attachmentMaxBytes: 1024 * 1024, fallbackPerHour: 1000, ...limits },
    storage,
    now: at(on),
  };
}

async function submit(on: string, extra: Record<string, string> = {}, options: { ip?: string; files?: { name: string; bytes: Buffer }[] } = {}) {
  const c = createCaptcha({ secret, now: at(on).getTime() });
  return submitApplication(deps(on), {
    form: form(extra),
    files: options.files ?? [],
    captchaToken: c.token,
    captchaAnswer: c.text,
    ip: options.ip ?? `10.1.0.${ipSerial++}`,
  });
}

/** An online application submitted and confirmed on `on`. */
async function received(on: string, extra: Record<string, string> = {}) {
  const s = await submit(on, extra);
  await confirmReceipt(db, actor("reviewer"), s.id, { now: at(on) });
  return s.id;
}

async function clockAt(id: string, on: string) {
  return clockOf(await loadClockContext(db), await loadApplication(db, id), at(on));
}

async function expectAppError(p: Promise<unknown>, code: AppError["code"], message?: RegExp): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe(code);
    if (message) expect((e as AppError).message + JSON.stringify((e as AppError).fields ?? {})).toMatch(message);
    return e as AppError;
  }
  throw new Error("expected an AppError");
}

// A 1×1 PNG.
// A decodable 1×1 PNG: attachments are re-encoded (metadata removed) before they are stored.
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==", "base64");

beforeAll(async () => {
  await seedDemo(db);
  for (const u of await db.user.findMany()) users[u.username] = (await loadSessionUser(db, u.id))!;
});

afterAll(async () => {
  await redis.quit();
  await db.$disconnect();
  rmSync(storageDir, { recursive: true, force: true });
});

describe("submitApplication", () => {
  it("stores the application, its attachment and a 登记回执, and audits without personal data", async () => {
    const s = await submit("2026-03-02", {}, { files: [{ name: "身份证.png", bytes: PNG }] });
    expect(s.trackingCode).toMatch(/^2026-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    const app = await db.application.findUniqueOrThrow({ where: { id: s.id }, include: { attachments: true, letters: true, events: true } });
    expect(app.status).toBe("SUBMITTED");
    expect(app.receivedOn).toBeNull();
    expect(app.attachments).toHaveLength(1);
    expect(await storage.has(app.attachments[0].sha256)).toBe(true);
    expect(app.letters).toMatchObject([{ kind: "RECEIPT", deliveryMethod: "ONLINE" }]);
    expect((await storage.get(app.letters[0].pdfKey!))!.subarray(0, 5).toString()).toBe("%PDF-");
    expect(app.events.map((e) => e.type)).toEqual(["SUBMITTED"]);
    const audit = await db.auditLog.findMany({ where: { entityId: s.id } });
    expect(audit.map((a) => a.action)).toEqual(["application.submit"]);
    const logged = JSON.stringify(audit.map((a) => [a.action, a.before, a.after, a.detail]));
    for (const value of [app.applicantName, app.idNumber, app.phone]) expect(logged).not.toContain(value);
  });
});

describe("bad input stores nothing", () => {
  async function counts() {
    return {
      applications: await db.application.count(),
      attachments: await db.applicationAttachment.count(),
      letters: await db.applicationLetter.count(),
      events: await db.applicationEvent.count(),
      audit: await db.auditLog.count({ where: { entityType: "Application" } }),
      blobs: readdirSync(storageDir, { recursive: true }).length,
    };
  }

  it("refuses a bad ID check digit, a missing phone, a wrong CAPTCHA, an oversized or disguised file — with Chinese messages", async () => {
    const before = await counts();
    const on = "2026-03-02";
    const attempt = (extra: Record<string, string>, files: { name: string; bytes: Buffer }[] = [], answer?: string) => {
      const c = createCaptcha({ secret, now: at(on).getTime() });
      return submitApplication(deps(on, { attachmentMaxBytes: 1024 }), {
        form: form(extra),
        files,
        captchaToken: c.token,
        captchaAnswer: answer ?? c.text,
        ip: "10.2.0.1",
      });
    };
    const bigPng = Buffer.concat([PNG, Buffer.alloc(4096, 1)]);
    const fakePdf = Buffer.from("MZ this is not a PDF at all, it is something else entirely");

    expect((await expectAppError(attempt({ idNumber: "370303199001011230" }), "INVALID_INPUT")).fields?.idNumber).toMatch(/校验/);
    expect((await expectAppError(attempt({ phone: "" }), "INVALID_INPUT")).fields?.phone).toBe("请填写联系电话");
    expect((await expectAppError(attempt({}, [], "WRONG"), "INVALID_INPUT")).fields?.captchaAnswer).toBe("验证码不正确，请重新填写");
    expect((await expectAppError(attempt({}, [{ name: "scan.png", bytes: bigPng }]), "INVALID_INPUT")).fields?.attachments).toMatch(
      /超过.*限制/,
    );
    expect((await expectAppError(attempt({}, [{ name: "scan.pdf", bytes: fakePdf }]), "INVALID_INPUT")).fields?.attachments).toMatch(
      /无法识别文件类型|不支持/,
    );
    // A valid file with another invalid field: the file is not stored either.
    const lonePng = Buffer.concat([PNG, Buffer.from("unique-bytes-1")]);
    await expectAppError(attempt({ description: "" }, [{ name: "ok.png", bytes: lonePng }]), "INVALID_INPUT");
    expect(await storage.has(sha256Hex(lonePng))).toBe(false);
    expect(await storage.has(sha256Hex(bigPng))).toBe(false);
    expect(await counts()).toEqual(before);
  });

  it("reports every problem of the form at once", async () => {
    const c = createCaptcha({ secret, now: at("2026-03-02").getTime() });
    const e = await expectAppError(
      submitApplication(deps("2026-03-02"), { form: { pledge: "" }, files: [], captchaToken: c.token, captchaAnswer: "", ip: "10.2.0.2" }),
      "INVALID_INPUT",
    );
    expect(Object.keys(e.fields ?? {}).sort()).toEqual(
      ["applicantType", "applicantName", "phone", "description", "formWanted", "deliveryMethod", "pledge", "captchaAnswer"].sort(),
    );
  });

  it("stops a flood of submissions from one address, and nothing of it is stored", async () => {
    const before = await counts();
    const on = "2026-03-03";
    const ip = "10.3.0.1";
    const tryOnce = () => {
      const c = createCaptcha({ secret, now: at(on).getTime() });
      return submitApplication(deps(on, { perHour: 3 }), { form: form({ idNumber: "bad" }), files: [], captchaToken: c.token, captchaAnswer: c.text, ip });
    };
    for (let i = 0; i < 3; i++) await expectAppError(tryOnce(), "INVALID_INPUT");
    await expectAppError(tryOnce(), "RATE_LIMITED", /提交申请过于频繁，请\d+(分钟|小时)后再试/);
    expect(await counts()).toEqual(before);
  });

  it("limits stored applications per address per day", async () => {
    const on = "2026-03-04";
    const ip = "10.3.0.2";
    const good = () => {
      const c = createCaptcha({ secret, now: at(on).getTime() });
      return submitApplication(deps(on, { perDay: 2 }), { form: form(), files: [], captchaToken: c.token, captchaAnswer: c.text, ip });
    };
    await good();
    await good();
    const before = await counts();
    await expectAppError(good(), "RATE_LIMITED");
    expect(await counts()).toEqual(before);
  });

  it("accepts a CAPTCHA token once", async () => {
    const on = "2026-03-02";
    const c = createCaptcha({ secret, now: at(on).getTime() });
    const input = { form: form(), files: [], captchaToken: c.token, captchaAnswer: c.text, ip: "10.3.0.3" };
    await submitApplication(deps(on), input);
    expect((await expectAppError(submitApplication(deps(on), input), "INVALID_INPUT")).fields?.captchaAnswer).toBe(
      "验证码已使用过，请填写新的验证码",
    );
  });
});

describe("receipt (第三十一条)", () => {
  it("an online application is received on the day staff confirm it; 20 working days run from the next day", async () => {
    const s = await submit("2026-02-27");
    expect(await clockAt(s.id, "2026-03-02")).toBeNull();
    await confirmReceipt(db, actor("reviewer"), s.id, { now: at("2026-03-02") });
    const app = await db.application.findUniqueOrThrow({ where: { id: s.id } });
    expect(app).toMatchObject({ status: "PROCESSING", receivedOn: isoToDbDate("2026-03-02"), handlerId: users.reviewer.id });
    // Mar 3–6 (4), 9–13 (9), 16–20 (14), 23–27 (19), Mar 30 (20).
    expect((await clockAt(s.id, "2026-03-02"))?.dueOn).toBe("2026-03-30");
    await expectAppError(confirmReceipt(db, actor("reviewer"), s.id, { now: at("2026-03-03") }), "INVALID_STATE", /无需重复确认/);
  });

  it("staff register a signed-for letter with the day it was signed for", async () => {
    const r = await registerApplication(
      db,
      actor("reviewer"),
      { form: form(), channel: "POST_SIGNED", receivedOn: "2026-03-05" },
      { now: at("2026-03-06"), storage },
    );
    const app = await db.application.findUniqueOrThrow({ where: { id: r.id }, include: { letters: true, events: true } });
    expect(app).toMatchObject({ status: "PROCESSING", channel: "POST_SIGNED", receivedOn: isoToDbDate("2026-03-05") });
    expect(app.letters.map((l) => l.kind)).toEqual(["RECEIPT"]);
    expect(app.events.map((e) => e.type).sort()).toEqual(["HANDLER_ASSIGNED", "RECEIPT_CONFIRMED", "REGISTERED"]);
    await expectAppError(
      registerApplication(db, actor("reviewer"), { form: form(), channel: "POST_SIGNED", receivedOn: "2026-03-09" }, { now: at("2026-03-06"), storage }),
      "INVALID_INPUT",
      /不能晚于今天/,
    );
    await expectAppError(
      registerApplication(db, actor("reviewer"), { form: form(), channel: "ONLINE", receivedOn: "2026-03-05" }, { now: at("2026-03-06"), storage }),
      "INVALID_INPUT",
      /请选择申请方式/,
    );
  });
});

describe("补正 (第三十条)", () => {
  it("restarts the clock from the day the corrected application arrives online, and only once", async () => {
    const id = await received("2026-03-02");
    const r = await requestCorrection(db, actor("reviewer"), id, { items: "请写明所需信息的年度和具体名称" }, { now: at("2026-03-04"), storage });
    expect((await db.application.findUniqueOrThrow({ where: { id } })).status).toBe("AWAITING_CORRECTION");
    const waiting = await clockAt(id, "2026-03-05");
    expect(waiting).toMatchObject({ phase: "AWAITING_CORRECTION", dueOn: null });
    const view = await publicApplicationView(db, id, at("2026-03-05"));
    expect(view.correction).toMatchObject({ requestedOn: "2026-03-04", deadlineOn: r.deadlineOn });
    expect(view.letters.map((l) => l.kind)).toEqual(["RECEIPT", "CORRECTION_NOTICE"]);

    await submitCorrection(
      db,
      id,
      { form: { infoTitle: "2025年度四宝山街道财政预算执行情况", description: "申请公开2025年度四宝山街道财政预算执行情况的报告全文" }, files: [{ name: "补正.png", bytes: PNG }] },
      { now: at("2026-03-10"), storage, attachmentMaxBytes: 1024 * 1024 },
    );
    const app = await db.application.findUniqueOrThrow({ where: { id }, include: { attachments: true } });
    expect(app.status).toBe("PROCESSING");
    expect(app.description).toBe("申请公开2025年度四宝山街道财政预算执行情况的报告全文");
    expect(app.attachments.map((a) => a.kind)).toEqual(["CORRECTION"]);
    // From Mar 10: Mar 11–13 (3), 16–20 (8), 23–27 (13), Mar 30–Apr 3 (18), 清明 Apr 4–6, Apr 7 (19), Apr 8 (20).
    expect(await clockAt(id, "2026-03-10")).toMatchObject({ clockStartOn: "2026-03-10", dueOn: "2026-04-08", phase: "RUNNING" });

    await expectAppError(
      requestCorrection(db, actor("reviewer"), id, { items: "再次补正的内容" }, { now: at("2026-03-11"), storage }),
      "INVALID_STATE",
      /一次性/,
    );
  });

  it("refuses a request made later than 7 working days after receipt", async () => {
    const id = await received("2026-03-02");
    // Mar 3, 4, 5, 6, 9, 10, 11: the last day is Mar 11.
    await expectAppError(
      requestCorrection(db, actor("reviewer"), id, { items: "请写明所需信息的年度" }, { now: at("2026-03-12"), storage }),
      "INVALID_STATE",
      /7个工作日内.*2026年3月11日/,
    );
    expect((await db.applicationLetter.count({ where: { applicationId: id, kind: "CORRECTION_NOTICE" } }))).toBe(0);
  });

  it("a correction on paper is recorded with its own date", async () => {
    const id = await received("2026-03-02");
    await requestCorrection(db, actor("reviewer"), id, { items: "请写明所需信息的年度", deadlineOn: "2026-03-20" }, { now: at("2026-03-03"), storage });
    await recordCorrectionReceived(db, actor("reviewer"), id, { receivedOn: "2026-03-09" }, { now: at("2026-03-10") });
    expect((await clockAt(id, "2026-03-10"))?.clockStartOn).toBe("2026-03-09");
  });

  it("no correction by the deadline ends the application as 其他处理-1 and the applicant can no longer correct", async () => {
    const id = await received("2026-03-02");
    await requestCorrection(db, actor("reviewer"), id, { items: "请写明所需信息的年度", deadlineOn: "2026-03-10" }, { now: at("2026-03-03"), storage });
    expect(await closeLapsedApplications(db, { now: at("2026-03-10") })).not.toContainEqual(expect.objectContaining({ id }));
    const lapsed = await closeLapsedApplications(db, { now: at("2026-03-11") });
    expect(lapsed).toContainEqual({ id, outcome: "OTHER_NO_CORRECTION" });
    const app = await db.application.findUniqueOrThrow({ where: { id }, include: { letters: true } });
    expect(app).toMatchObject({ status: "CLOSED", outcome: "OTHER_NO_CORRECTION", closedOn: isoToDbDate("2026-03-11") });
    const draft = app.letters.find((l) => l.kind === "REPLY")!;
    expect(draft.issuedAt).toBeNull();
    expect(draft.body).toContain("您无正当理由逾期未补正");

    await expectAppError(
      submitCorrection(db, id, { form: { description: "补正内容补正内容" }, files: [] }, { now: at("2026-03-12"), storage, attachmentMaxBytes: 1024 }),
      "INVALID_STATE",
      /补正期限已届满/,
    );
    await issueReply(db, actor("reviewer"), id, { deliveryMethod: "ONLINE" }, { now: at("2026-03-12"), storage });
    const view = await publicApplicationView(db, id, at("2026-03-12"));
    expect(view.outcomeLabel).toBe("其他处理（申请人无正当理由逾期不补正）");
    expect(view.letters.map((l) => l.kind)).toContain("REPLY");
  });
});

describe("征求意见 (第三十二条、第三十三条第二款)", () => {
  it("pauses the clock while the third party is consulted", async () => {
    const id = await received("2026-03-02");
    const r = await startConsultation(
      db,
      actor("reviewer"),
      id,
      { consultee: "THIRD_PARTY", party: "淄博某某建材有限公司", matter: "该公司的投标报价" },
      { now: at("2026-03-09"), storage },
    );
    // The third party has 15 working days: Mar 10–13 (4), 16–20 (9), 23–27 (14), Mar 30 (15).
    expect(r.replyByOn).toBe("2026-03-30");
    expect(await clockAt(id, "2026-03-11")).toMatchObject({ phase: "IN_CONSULTATION", dueOn: null, paused: true });
    const letter = await db.applicationLetter.findUniqueOrThrow({ where: { id: r.letterId } });
    expect(letter.body).not.toContain("张小明");
    await endConsultation(db, actor("reviewer"), id, { endedOn: "2026-03-13", opinion: "DISAGREE", note: "涉及商业秘密" }, { now: at("2026-03-13") });
    // (Mar 9, Mar 13] not counted: Mar 3–6 (4), Mar 9 (5, the day the letter went out), skipped Mar
    // 10–13, 16–20 (10), 23–27 (15), Mar 30–Apr 3 (20).
    expect(await clockAt(id, "2026-03-13")).toMatchObject({ phase: "RUNNING", dueOn: "2026-04-03" });
    // The 征求意见书 is the third party's: the applicant does not get it.
    const view = await publicApplicationView(db, id, at("2026-03-13"));
    expect(view.letters.map((l) => l.kind)).not.toContain("CONSULTATION");
    expect(await letterFile(db, storage, { applicationId: id, letterId: r.letterId, format: "pdf", applicantOnly: true })).toBeNull();
  });
});

describe("extension (第三十三条第一款)", () => {
  it("the handler asks, the office head approves up to 20 working days once, with a 延期答复告知书", async () => {
    const id = await received("2026-03-02");
    await requestExtension(db, actor("reviewer"), id, { workingDays: "20", reason: "所需信息涉及多个科室，需要汇总核实" }, { now: at("2026-03-20") });
    const rows = await listApplications(db, { status: "OPEN" }, at("2026-03-20"));
    expect(rows.find((r) => r.id === id)?.pendingExtension).toMatchObject({ workingDays: 20 });
    expect(await db.notification.count({ where: { userId: users.supervisor.id, kind: "APPLICATION_EXTENSION_REQUEST", link: { contains: id } } })).toBe(1);

    await expectAppError(
      grantExtension(db, actor("supervisor"), id, { workingDays: "21", reason: "理由理由" }, { now: at("2026-03-23"), storage }),
      "INVALID_INPUT",
      /最长不得超过20个工作日/,
    );
    const g = await grantExtension(db, actor("supervisor"), id, { workingDays: "20", reason: "所需信息涉及多个科室，需要汇总核实" }, { now: at("2026-03-23"), storage });
    // Due Mar 30 + 20: Mar 31–Apr 3 (4), 7–10 (8), 13–17 (13), 20–24 (18), Apr 27, 28 (20).
    expect(g.newDueOn).toBe("2026-04-28");
    expect(await clockAt(id, "2026-03-23")).toMatchObject({ dueOn: "2026-04-28", extensionWorkingDays: 20 });
    const letter = await db.applicationLetter.findUniqueOrThrow({ where: { id: g.letterId } });
    expect(letter).toMatchObject({ kind: "EXTENSION_NOTICE", deliveryMethod: "ONLINE" });
    expect(letter.body).toContain("2026年4月28日前");
    expect(letter.pdfKey && letter.docxKey).toBeTruthy();
    expect(await db.notification.count({ where: { userId: users.reviewer.id, kind: "APPLICATION_EXTENDED", link: { contains: id } } })).toBe(1);
    await expectAppError(
      grantExtension(db, actor("supervisor"), id, { workingDays: "5", reason: "再次延长的理由" }, { now: at("2026-03-24"), storage }),
      "INVALID_STATE",
      /已经延长过/,
    );
  });

  it("cannot extend once the period has run out", async () => {
    const id = await received("2026-03-02");
    await expectAppError(
      grantExtension(db, actor("supervisor"), id, { workingDays: "10", reason: "期限届满后申请延长" }, { now: at("2026-03-31"), storage }),
      "INVALID_STATE",
      /届满后不能再延长/,
    );
  });
});

describe("信息处理费 (国办函〔2020〕109号)", () => {
  it("按量: a notice pauses the clock until payment; 20 working days to pay", async () => {
    const id = await received("2026-03-02");
    const q = await quoteApplicationFee(db, id, { method: "PER_PAGE", pages: "120" });
    expect(q.totalFen).toBe(110_000);
    const n = await issueFeeNotice(db, actor("reviewer"), id, { method: "PER_PAGE", pages: "120" }, { now: at("2026-03-04"), storage });
    // Mar 5, 6 (2), 9–13 (7), 16–20 (12), 23–27 (17), Mar 30, 31, Apr 1 (20).
    expect(n.dueOn).toBe("2026-04-01");
    expect(await db.application.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "AWAITING_PAYMENT", feeMethod: "PER_PAGE", feeAmountFen: 110_000 });
    expect(await clockAt(id, "2026-03-05")).toMatchObject({ paused: true, dueOn: null });
    expect((await publicApplicationView(db, id, at("2026-03-05"))).fee).toEqual({ totalFen: 110_000, dueOn: "2026-04-01", provisional: null });

    await expectAppError(recordFeePayment(db, actor("reviewer"), id, { paidOn: "2026-03-03" }, { now: at("2026-03-06") }), "INVALID_INPUT");
    await recordFeePayment(db, actor("reviewer"), id, { paidOn: "2026-03-06" }, { now: at("2026-03-06") });
    // (Mar 4, Mar 6] not counted: Mar 3 (1), Mar 4 (2, notice day), skipped Mar 5–6, 9–13 (7),
    // 16–20 (12), 23–27 (17), Mar 30, 31, Apr 1 (20).
    expect(await clockAt(id, "2026-03-06")).toMatchObject({ phase: "RUNNING", dueOn: "2026-04-01" });
    await expectAppError(
      issueFeeNotice(db, actor("reviewer"), id, { method: "PER_PAGE", pages: "120" }, { now: at("2026-03-09"), storage }),
      "INVALID_STATE",
      /已发出过收费通知书/,
    );
  });

  it("no payment by the deadline ends the application as 其他处理-2", async () => {
    const id = await received("2026-03-02");
    await issueFeeNotice(db, actor("reviewer"), id, { method: "PER_PAGE", pages: "50" }, { now: at("2026-03-04"), storage });
    expect(await closeLapsedApplications(db, { now: at("2026-04-01") })).not.toContainEqual(expect.objectContaining({ id }));
    expect(await closeLapsedApplications(db, { now: at("2026-04-02") })).toContainEqual({ id, outcome: "OTHER_FEE_UNPAID" });
    const draft = await db.applicationLetter.findFirstOrThrow({ where: { applicationId: id, kind: "REPLY" } });
    expect(draft.body).toContain("缴纳信息处理费200.00元。您逾期未缴纳");
  });

  it("a waiver with its reason ends the wait and is recorded", async () => {
    const id = await received("2026-03-02");
    await issueFeeNotice(db, actor("reviewer"), id, { method: "PER_PAGE", pages: "40" }, { now: at("2026-03-04"), storage });
    await expectAppError(waiveFee(db, actor("reviewer"), id, { reason: "" }, { now: at("2026-03-05") }), "INVALID_INPUT", /减免理由/);
    await waiveFee(db, actor("reviewer"), id, { reason: "申请人系低保户，经批准免收" }, { now: at("2026-03-05") });
    const app = await db.application.findUniqueOrThrow({ where: { id }, include: { events: true } });
    expect(app).toMatchObject({ status: "PROCESSING", feeWaived: true, feeWaiverReason: "申请人系低保户，经批准免收" });
    expect(app.events.find((e) => e.type === "FEE_WAIVED")?.data).toMatchObject({ afterNotice: true, waivedFen: 10_000 });
    expect(await clockAt(id, "2026-03-05")).toMatchObject({ phase: "RUNNING" });
  });

  it("按件: the 11th application of one applicant in a calendar month is charged, the count resets next month", async () => {
    const idNumber = newResidentId();
    let last = "";
    for (let i = 0; i < 11; i++) last = await received("2026-03-02", { idNumber });
    expect((await quoteApplicationFee(db, last, { method: "PER_CASE" })).totalFen).toBe(10_000);
    const april = await received("2026-04-01", { idNumber });
    expect((await quoteApplicationFee(db, april, { method: "PER_CASE" })).chargeable).toBe(false);
    await expectAppError(
      issueFeeNotice(db, actor("reviewer"), april, { method: "PER_CASE" }, { now: at("2026-04-02"), storage }),
      "INVALID_INPUT",
      /不需要收取/,
    );
  });

  it("takes amounts from the fees setting", async () => {
    const id = await received("2026-03-02");
    await db.setting.upsert({
      where: { key: "fees" },
      create: { key: "fees", value: { perPage: { bands: [{ from: 1, to: 30, unitPriceFen: 0 }, { from: 31, to: null, unitPriceFen: 500 }] } } },
      update: { value: { perPage: { bands: [{ from: 1, to: 30, unitPriceFen: 0 }, { from: 31, to: null, unitPriceFen: 500 }] } } },
    });
    try {
      expect((await quoteApplicationFee(db, id, { method: "PER_PAGE", pages: "120" })).totalFen).toBe(45_000);
    } finally {
      await db.setting.delete({ where: { key: "fees" } });
    }
  });
});

describe("decision and reply", () => {
  it("部分公开: draft from the template, edited, issued as DOCX and PDF, closes the application, the applicant downloads it", async () => {
    const id = await received("2026-03-02");
    await decideApplication(db, actor("reviewer"), id, { outcome: "PARTIAL" }, { now: at("2026-03-20") });
    // The outcome counts (annual report) only once the reply is issued.
    expect(await db.application.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "DECIDED", outcome: null, closedOn: null });
    expect((await applicationDetail(db, id, { canSeePersonal: true, now: at("2026-03-20") })).outcomeLabel).toBe("部分公开");
    await expectAppError(issueReply(db, actor("reviewer"), id, { deliveryMethod: "ONLINE" }, { now: at("2026-03-20"), storage }), "INVALID_INPUT", /【请在此/);
    const draft = await db.applicationLetter.findFirstOrThrow({ where: { applicationId: id, kind: "REPLY" } });
    await updateReplyDraft(db, actor("reviewer"), id, {
      body: draft.body.replace(/【请在此写明具体情况】（写明不予公开的部分及理由）/, "报告第三部分涉及第三方商业秘密，不予公开。"),
    });
    await issueReply(db, actor("reviewer"), id, { deliveryMethod: "ONLINE" }, { now: at("2026-03-20"), storage });

    const app = await db.application.findUniqueOrThrow({ where: { id }, include: { events: true, letters: true } });
    expect(app).toMatchObject({ status: "CLOSED", outcome: "PARTIAL", closedOn: isoToDbDate("2026-03-20") });
    expect(app.outcomeBasis).toContain("第三十七条");
    expect(app.events.map((e) => e.type)).toEqual(expect.arrayContaining(["DECIDED", "LETTER_ISSUED", "CLOSED"]));
    const reply = app.letters.find((l) => l.kind === "REPLY")!;
    expect(reply).toMatchObject({ deliveryMethod: "ONLINE", issuedById: users.reviewer.id });
    expect(reply.body).toContain("报告第三部分涉及第三方商业秘密，不予公开。");
    expect(await clockAt(id, "2026-03-20")).toMatchObject({ phase: "CLOSED", closedLate: false });

    const view = await publicApplicationView(db, id, at("2026-03-21"));
    expect(view).toMatchObject({ status: "CLOSED", outcomeLabel: "部分公开", maskedApplicant: "张*明" });
    expect(view.letters.map((l) => l.kind)).toEqual(["RECEIPT", "REPLY"]);
    const pdf = await letterFile(db, storage, { applicationId: id, letterId: reply.id, format: "pdf", applicantOnly: true });
    expect(pdf?.bytes.subarray(0, 5).toString()).toBe("%PDF-");
    const docx = await letterFile(db, storage, { applicationId: id, letterId: reply.id, format: "docx", applicantOnly: true });
    expect(docx?.bytes.subarray(0, 2).toString()).toBe("PK");
    await expectAppError(
      updateReplyDraft(db, actor("reviewer"), id, { body: "张小明：\n这是对已经出具的答复告知书所作的修改，不应被接受。" }),
      "INVALID_STATE",
      /已出具/,
    );

    // Every step was audited, and the audit trail holds ids and codes, never the applicant's data.
    const audit = await db.auditLog.findMany({ where: { entityId: id }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual([
      "application.submit",
      "application.confirm-receipt",
      "application.decide",
      "application.reply-edit",
      "application.reply-issue",
    ]);
    const logged = JSON.stringify(audit.map((a) => [a.action, a.before, a.after, a.detail]));
    for (const value of [app.applicantName, app.idNumber, app.phone]) expect(logged).not.toContain(value);
  });

  it("a decision is refused while the applicant is to correct", async () => {
    const id = await received("2026-03-02");
    await requestCorrection(db, actor("reviewer"), id, { items: "请写明所需信息的年度" }, { now: at("2026-03-03"), storage });
    await expectAppError(decideApplication(db, actor("reviewer"), id, { outcome: "GRANTED" }, { now: at("2026-03-04") }), "INVALID_STATE");
    await expectAppError(decideApplication(db, actor("reviewer"), id, { outcome: "NOPE" }, { now: at("2026-03-04") }), "INVALID_INPUT", /请选择处理结果/);
  });
});

describe("tracking lookup", () => {
  it("opens with the code and the phone's last four digits; guessing is limited", async () => {
    const s = await submit("2026-03-02", { phone: "13912345678" });
    const lookupDeps = { db, redis, redisPrefix: prefix, failuresPer15Min: 3, now: at("2026-03-02") };
    expect(await lookupApplication(lookupDeps, { code: s.trackingCode.toLowerCase(), phoneLastFour: "5678", ip: "10.4.0.1" })).toMatchObject({ id: s.id });
    for (let i = 0; i < 3; i++) {
      await expectAppError(lookupApplication(lookupDeps, { code: s.trackingCode, phoneLastFour: "0000", ip: "10.4.0.2" }), "NOT_FOUND", /不正确/);
    }
    await expectAppError(lookupApplication(lookupDeps, { code: s.trackingCode, phoneLastFour: "5678", ip: "10.4.0.2" }), "RATE_LIMITED", /查询失败次数过多/);
    await expectAppError(lookupApplication(lookupDeps, { code: "", phoneLastFour: "12", ip: "10.4.0.3" }), "INVALID_INPUT");
  });
});

describe("console read models", () => {
  it("masks personal data for staff without application.handle and hints at duplicates for handlers", async () => {
    const idNumber = newResidentId();
    const first = await received("2026-03-02", { idNumber });
    const second = await received("2026-03-09", { idNumber, description: "申请公开四宝山街道2025年度财政预算执行情况" });
    const handler = await applicationDetail(db, second, { canSeePersonal: true, now: at("2026-03-09") });
    expect(handler.applicant).toMatchObject({ name: "张小明", idNumber, phone: "13800138000" });
    expect(handler.duplicates.map((d) => d.id)).toContain(first);
    const oversight = await applicationDetail(db, second, { canSeePersonal: false, now: at("2026-03-09") });
    expect(oversight.applicant).toMatchObject({ name: "张*明", idNumber: `${idNumber.slice(0, 4)}**********${idNumber.slice(-4)}`, phone: "138****8000" });
    expect(oversight.duplicates).toEqual([]);
    const row = (await listApplications(db, {}, at("2026-03-09"))).find((r) => r.id === second)!;
    expect(row).toMatchObject({ maskedApplicant: "张*明", maskedPhone: "138****8000" });
    expect(JSON.stringify(row)).not.toContain(idNumber);
  });

  it("filters overdue applications and the daily job reminds once a day", async () => {
    const id = await received("2026-02-02");
    const overdue = await listApplications(db, { due: "overdue" }, at("2026-03-16"));
    expect(overdue.map((r) => r.id)).toContain(id);
    const first = await runApplicationsDaily(db, { now: at("2026-03-16") });
    expect(first.overdue).toBeGreaterThan(0);
    expect(await db.notification.count({ where: { kind: "APPLICATION_OVERDUE", userId: users.reviewer.id, link: { contains: id } } })).toBe(1);
    expect(await db.notification.count({ where: { kind: "APPLICATION_OVERDUE", userId: users.supervisor.id, link: { contains: id } } })).toBe(1);
    const again = await runApplicationsDaily(db, { now: at("2026-03-16") });
    expect(again.notifications).toBe(0);
  });
});
