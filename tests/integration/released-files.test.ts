import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { PDFDocument } from "pdf-lib";
import { createDb } from "../../lib/db/client";
import { seedDemo } from "../../lib/seed/seed-demo";
import { loadSessionUser } from "../../lib/auth/sign-in";
import type { SessionUser } from "../../lib/auth/roles";
import { LocalBlobStorage } from "../../lib/attachments/storage";
import { residentIdCheckChar } from "../../lib/validation/ids";
import { createCaptcha } from "../../lib/captcha/captcha";
import { submitApplication } from "../../lib/applications/submit-application";
import { confirmReceipt } from "../../lib/applications/receipt";
import { decideApplication, issueReply, updateReplyDraft } from "../../lib/applications/decision";
import type { Actor } from "../../lib/applications/records";
import { AppError } from "../../lib/errors/app-error";
import {
  addReleasedFile,
  downloadReleasedFile,
  recordReplyDelivery,
  releasedFilesForApplicant,
  releasedFilesUntil,
} from "../../lib/applications/released-files";
import { makePdf } from "../fixtures/documents";

// The files an office releases with a 予以公开 reply: type-checked, metadata stripped, scanned, downloadable
// by the applicant after the reply for six months, each download audited; other deliveries recorded.
const db = createDb(process.env.DATABASE_URL);
const redis = new Redis(process.env.REDIS_URL || "redis://127.0.0.1:6379");
const storageDir = mkdtempSync(path.join(tmpdir(), "gk-released-"));
const storage = new LocalBlobStorage(storageDir);
const users: Record<string, SessionUser> = {};
const actor = (name: string): Actor => ({ user: users[name], ip: "127.0.0.1" });
const at = (iso: string) => new Date(`${iso}T10:00:00+08:00`);
const secret = "integration-captcha-secret-released-files";
let serial = 700;

async function decided(deliveryMethod: string, outcome = "GRANTED") {
  const first17 = `37030319850101${String(serial++).padStart(3, "0")}`;
  const c = createCaptcha({ secret, now: at("2026-03-02").getTime() });
  const s = await submitApplication(
    { db, redis, redisPrefix: `${process.env.REDIS_PREFIX}:released`, captchaSecret: secret, limits: { perHour: 100, perDay: 100, attachmentMaxBytes: 1024 * 1024 }, storage, now: at("2026-03-02") },
    {
      form: {
        applicantType: "NATURAL_PERSON", applicantName: "刘小军", idType: "resident_id", idNumber: first17 + residentIdCheckChar(first17),
        phone: "13800138001", description: "请提供四宝山街道2025年度老旧小区改造项目清单", formWanted: deliveryMethod === "ONLINE" ? "ELECTRONIC" : "PAPER",
        deliveryMethod, address: "山东省淄博市高新区四宝山街道某小区2号楼", pledge: "1",
      },
      files: [], captchaToken: c.token, captchaAnswer: c.text, ip: `10.9.0.${serial}`,
    },
  );
  await confirmReceipt(db, actor("reviewer"), s.id, { now: at("2026-03-02") });
  await decideApplication(db, actor("reviewer"), s.id, { outcome }, { now: at("2026-03-10") });
  return s.id;
}

async function issue(id: string, deliveryMethod = "ONLINE") {
  const draft = await db.applicationLetter.findFirstOrThrow({ where: { applicationId: id, kind: "REPLY" } });
  await updateReplyDraft(db, actor("reviewer"), id, { body: draft.body.replace(/【[^】]*】（[^）]*）/g, "详见随附文件。").replace(/【[^】]*】/g, "详见随附文件") });
  await issueReply(db, actor("reviewer"), id, { deliveryMethod }, { now: at("2026-03-10"), storage });
}

async function refused(p: Promise<unknown>, message: RegExp) {
  const e = await p.then(() => null, (err: unknown) => err);
  expect(e).toBeInstanceOf(AppError);
  expect((e as AppError).message).toMatch(message);
}

beforeAll(async () => {
  await seedDemo(db);
  for (const u of await db.user.findMany()) users[u.username] = (await loadSessionUser(db, u.id))!;
});

afterAll(async () => {
  await redis.quit();
  await db.$disconnect();
  rmSync(storageDir, { recursive: true, force: true });
});

describe("released files", () => {
  it("a PDF is stripped of its author, downloadable only after the reply and until six months on, every download audited", async () => {
    const id = await decided("ONLINE");
    const pdf = await makePdf([["四宝山街道2025年度老旧小区改造项目清单", "柳杭社区 3号楼至8号楼 外墙保温"]], { author: "王晓燕", title: "内部草稿" });
    const row = await addReleasedFile(db, storage, actor("reviewer"), id, { name: "老旧小区改造项目清单.pdf", data: pdf });
    expect(row).toMatchObject({ kind: "pdf", mime: "application/pdf", metadataStripped: true });
    const stored = (await storage.get(row.sha256))!;
    expect((await PDFDocument.load(stored)).getAuthor() ?? "").not.toContain("王晓燕");

    // Not before the reply is issued.
    expect((await releasedFilesForApplicant(db, id, at("2026-03-10"))).files).toEqual([]);
    expect(await downloadReleasedFile(db, storage, { applicationId: id, fileId: row.id, now: at("2026-03-10") })).toBeNull();

    await issue(id);
    const view = await releasedFilesForApplicant(db, id, at("2026-03-11"));
    expect(view.files.map((f) => f.name)).toEqual(["老旧小区改造项目清单.pdf"]);
    expect(view.until).toBe("2026-09-10");
    const before = await db.auditLog.count({ where: { entityId: id, action: "application.released-file-download" } });
    const got = await downloadReleasedFile(db, storage, { applicationId: id, fileId: row.id, ip: "10.9.9.9", now: at("2026-03-11") });
    expect(got!.bytes.equals(stored)).toBe(true);
    await downloadReleasedFile(db, storage, { applicationId: id, fileId: row.id, ip: "10.9.9.9", now: at("2026-09-10") });
    const audits = await db.auditLog.findMany({ where: { entityId: id, action: "application.released-file-download" } });
    expect(audits.length - before).toBe(2);
    expect(audits[0]).toMatchObject({ ip: "10.9.9.9", actorName: "申请人" });

    // Another application's file is not reachable with this application's session; after the period nothing is.
    const other = await decided("ONLINE");
    expect(await downloadReleasedFile(db, storage, { applicationId: other, fileId: row.id, now: at("2026-03-11") })).toBeNull();
    expect(await downloadReleasedFile(db, storage, { applicationId: id, fileId: row.id, now: at("2026-09-11") })).toBeNull();
    expect(await releasedFilesForApplicant(db, id, at("2026-09-11"))).toMatchObject({ files: [], expired: true });
  });

  it("refuses a file of the wrong type, one with a resident ID number in it, and applications that release nothing here", async () => {
    const id = await decided("ONLINE");
    await refused(addReleasedFile(db, storage, actor("reviewer"), id, { name: "清单.pdf", data: Buffer.from("MZ\x90\x00 not a pdf at all") }), /清单\.pdf/);
    const leaking = await makePdf([["联系人：张三，身份证号 11010519491231002X"]]);
    await refused(addReleasedFile(db, storage, actor("reviewer"), id, { name: "名单.pdf", data: leaking }), /未通过保密审查.*身份证/);
    expect(await db.applicationReleasedFile.count({ where: { applicationId: id } })).toBe(0);

    const post = await decided("POST");
    await refused(addReleasedFile(db, storage, actor("reviewer"), post, { name: "a.pdf", data: await makePdf([["一"]]) }), /在本平台查询下载/);
    const withheld = await decided("ONLINE", "WITHHELD_STATE_SECRET");
    await refused(addReleasedFile(db, storage, actor("reviewer"), withheld, { name: "a.pdf", data: await makePdf([["一"]]) }), /予以公开/);
  });

  it("records a postal delivery with its date and tracking number, and refuses one without a number", async () => {
    const id = await decided("POST");
    await refused(recordReplyDelivery(db, actor("reviewer"), id, { deliveryMethod: "POST", deliveredOn: "2026-03-11", trackingNumber: "1151234567890" }, at("2026-03-12")), /尚未出具/);
    await issue(id, "POST");
    await refused(recordReplyDelivery(db, actor("reviewer"), id, { deliveryMethod: "POST", deliveredOn: "2026-03-11" }, at("2026-03-12")), /邮件单号/);
    await refused(recordReplyDelivery(db, actor("reviewer"), id, { deliveryMethod: "POST", deliveredOn: "2026-03-09", trackingNumber: "1151234567890" }, at("2026-03-12")), /不能早于/);
    await recordReplyDelivery(db, actor("reviewer"), id, { deliveryMethod: "POST", deliveredOn: "2026-03-11", trackingNumber: "1151234567890" }, at("2026-03-12"));
    const reply = await db.applicationLetter.findFirstOrThrow({ where: { applicationId: id, kind: "REPLY" } });
    expect(reply).toMatchObject({ deliveryMethod: "POST", trackingNumber: "1151234567890" });
    expect(reply.deliveredOn!.toISOString().slice(0, 10)).toBe("2026-03-11");
  });

  it("keeps the six-month period at month ends", () => {
    expect(releasedFilesUntil("2026-08-31")).toBe("2027-02-28");
    expect(releasedFilesUntil("2026-03-10")).toBe("2026-09-10");
  });
});
