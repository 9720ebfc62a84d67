/**
 * Taking in an application: online through the portal (submitApplication) or registered by staff
 * from paper, letter, fax, e-mail or in person (registerApplication).
 *
 * Nothing partial is stored: every check (rate limit, CAPTCHA, the form, each attachment) runs
 * first; only then are the files written (content-addressed, so an interrupted submission leaves at
 * most an unreferenced blob) and the application, its attachments, first events and receipt
 * recorded in one transaction.
 */
import type { Redis } from "ioredis";
import type { Db } from "../db/client";
import { AppError } from "../errors/app-error";
import { fieldErrors } from "../http/action-result";
import { inspectAttachment, type AttachmentType } from "../attachments/inspect";
import { stripMetadata } from "../attachments/strip-metadata";
import type { BlobStorage } from "../attachments/storage";
import { compareDates, isIsoDate, type IsoDate } from "../calendar/dates";
import { CAPTCHA_MESSAGES, verifyCaptcha, type CaptchaProblem } from "../captcha/captcha";
import { POW_MESSAGES, verifyPowPayload } from "../captcha/pow";
import { checkRateLimit, countRateLimit, formatRetryAfter, hitRateLimit, type RateLimitRule } from "../rate-limit/rate-limit";
import { receiptLetter } from "../letters/templates";
import { applicationFormSchema, type ApplicationForm } from "./application-schema";
import { RECEIPT_RULES, STAFF_CHANNELS, type Channel } from "./labels";
import { maskIdNumber } from "./mask";
import { generateTrackingCode } from "./tracking-code";
import {
  appendEvent,
  auditStep,
  createLetter,
  getApplicationStorage,
  isoToDbDate,
  letterContextFor,
  storeLetterFiles,
  todayOf,
  type Actor,
} from "./records";

export interface UploadedFile {
  name: string;
  bytes: Buffer;
}

/** ID scans and supporting documents: images and PDF only (no Office files from the public). */
export const APPLICANT_ATTACHMENT_TYPES: readonly AttachmentType[] = ["pdf", "jpg", "png"];
export const MAX_APPLICANT_ATTACHMENTS = 3;

export interface AttachmentLimits {
  maxBytes: number;
  maxFiles?: number;
}

interface CheckedFile {
  name: string;
  bytes: Buffer;
  mime: string;
}

/**
 * Inspects every file by content and cleans it the way item attachments are cleaned: images are
 * re-encoded without EXIF/XMP (GPS, camera, software), PDFs are rewritten object by object (Info,
 * XMP and anything outside the PDF structure — such as an HTML page glued before or after it —
 * is gone). A PDF that cannot be rewritten is refused rather than stored raw. Returns the cleaned
 * files or a zh-CN problem for the form.
 */
export async function checkUploads(
  files: readonly UploadedFile[],
  limits: AttachmentLimits,
): Promise<{ ok: true; files: CheckedFile[] } | { ok: false; message: string }> {
  // An unused file input still sends an empty part (nameless, or named "undefined" once React has
  // serialised the form): empty parts are not attachments.
  const real = files.filter((f) => f.bytes.length > 0);
  const maxFiles = limits.maxFiles ?? MAX_APPLICANT_ATTACHMENTS;
  if (real.length > maxFiles) return { ok: false, message: `附件最多上传${maxFiles}个` };
  const out: CheckedFile[] = [];
  for (const f of real) {
    const name = cleanFileName(f.name);
    const r = await inspectAttachment(f.bytes, name, { maxBytes: limits.maxBytes, allowedTypes: APPLICANT_ATTACHMENT_TYPES });
    if (!r.ok) return { ok: false, message: `附件“${name}”：${r.message}` };
    const cleaned = await stripMetadata(f.bytes, r.type).catch(() => null);
    if (!cleaned?.metadataStripped) {
      return { ok: false, message: `附件“${name}”：${cleaned?.reason ?? "文件无法解析，请重新导出后上传"}` };
    }
    out.push({ name, bytes: cleaned.buffer, mime: r.mime });
  }
  return { ok: true, files: out };
}

function cleanFileName(name: string): string {
  const base = (name.split(/[\\/]/).pop() ?? "").replace(/[\u0000-\u001f<>:"|?*]/g, "").trim();
  return Array.from(base).slice(-100).join("") || "附件";
}

function parseForm(input: Record<string, unknown>): { data?: ApplicationForm; fields: Record<string, string> } {
  const parsed = applicationFormSchema.safeParse(input);
  return parsed.success ? { data: parsed.data, fields: {} } : { fields: fieldErrors(parsed.error) };
}

const INVALID = "提交的内容有误，请按提示修改后重新提交。";

async function createWithUniqueCode<T>(year: number, create: (code: string) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await create(generateTrackingCode(year));
    } catch (e) {
      const isCodeClash = (e as { code?: string }).code === "P2002" && attempt < 4;
      if (!isCodeClash) throw e;
    }
  }
}

function applicationData(form: ApplicationForm) {
  return {
    applicantType: form.applicantType,
    applicantName: form.applicantName,
    idType: form.idType,
    idNumber: form.idNumber,
    orgCode: form.orgCode,
    contactPerson: form.contactPerson,
    phone: form.phone,
    email: form.email,
    address: form.address,
    postcode: form.postcode,
    infoTitle: form.infoTitle,
    infoNumber: form.infoNumber,
    description: form.description,
    formWanted: form.formWanted,
    deliveryMethod: form.deliveryMethod,
  };
}

// ───────────────────────── online ─────────────────────────

export interface OnlineLimits {
  perHour: number;
  perDay: number;
  attachmentMaxBytes: number;
  /** Submissions per address per hour that use the image CAPTCHA (the no-JavaScript fallback). Default 5. */
  fallbackPerHour?: number;
}

export interface SubmitApplicationDeps {
  db: Db;
  /** Null when Redis is unavailable: the CAPTCHA still holds, the address limits are skipped. */
  redis: Redis | null;
  redisPrefix: string;
  captchaSecret: string;
  captchaTestMode?: boolean;
  limits: OnlineLimits;
  storage?: BlobStorage;
  now?: Date;
}

export interface SubmitApplicationInput {
  form: Record<string, unknown>;
  files: readonly UploadedFile[];
  /** The proof-of-work widget's payload (JavaScript on); when present the image CAPTCHA is not asked for. */
  powPayload?: string | null;
  /** The image CAPTCHA (no-JavaScript fallback). */
  captchaToken: string | null;
  captchaAnswer: string | null;
  /** The applicant's address, for the flood limits only (hashed in Redis, never stored). */
  ip: string;
}

export interface SubmittedApplication {
  id: string;
  trackingCode: string;
  receiptLetterId: string;
}

function rules(limits: OnlineLimits): { attempts: RateLimitRule[]; stored: RateLimitRule[] } {
  return {
    attempts: [{ name: "apply-hour", limit: limits.perHour, windowSeconds: 3600 }],
    stored: [{ name: "apply-day", limit: limits.perDay, windowSeconds: 86_400 }],
  };
}

/** Image-CAPTCHA submissions per address: OCR can read a picture, so the fallback gets a tight quota. */
const fallbackRule = (limits: OnlineLimits): RateLimitRule => ({ name: "apply-fallback-hour", limit: limits.fallbackPerHour ?? 5, windowSeconds: 3600 });

async function guardFlood(deps: SubmitApplicationDeps, ip: string, fallback: boolean): Promise<void> {
  if (!deps.redis) return;
  const r = rules(deps.limits);
  const opts = { prefix: deps.redisPrefix, now: deps.now?.getTime() };
  let result;
  try {
    result = await hitRateLimit(deps.redis, `ip:${ip}`, fallback ? [...r.attempts, fallbackRule(deps.limits)] : r.attempts, opts);
    if (result.ok) result = await checkRateLimit(deps.redis, `ip:${ip}`, r.stored, opts);
  } catch (e) {
    console.warn(`[applications] rate limit unavailable, continuing without it: ${(e as Error).message}`);
    return;
  }
  if (!result.ok) {
    throw new AppError(
      "RATE_LIMITED",
      `您所在的网络提交申请过于频繁，请${formatRetryAfter(result.retryAfterSeconds)}后再试。如确需提交较多申请，可以信函或当面方式提交。`,
    );
  }
}

async function checkPow(deps: SubmitApplicationDeps, payload: string | null | undefined): Promise<CaptchaProblem | null> {
  try {
    return await verifyPowPayload(payload, { secret: deps.captchaSecret, redis: deps.redis, keyPrefix: deps.redisPrefix });
  } catch (e) {
    console.warn(`[applications] CAPTCHA replay check unavailable: ${(e as Error).message}`);
    return verifyPowPayload(payload, { secret: deps.captchaSecret });
  }
}

async function checkImageCaptcha(deps: SubmitApplicationDeps, input: SubmitApplicationInput, now: Date): Promise<CaptchaProblem | null> {
  const options = { secret: deps.captchaSecret, now: now.getTime(), testMode: deps.captchaTestMode };
  try {
    return await verifyCaptcha(input.captchaToken, input.captchaAnswer, { ...options, redis: deps.redis, keyPrefix: deps.redisPrefix });
  } catch (e) {
    console.warn(`[applications] CAPTCHA replay check unavailable: ${(e as Error).message}`);
    return verifyCaptcha(input.captchaToken, input.captchaAnswer, options);
  }
}

export async function submitApplication(deps: SubmitApplicationDeps, input: SubmitApplicationInput): Promise<SubmittedApplication> {
  const now = deps.now ?? new Date();
  const usePow = Boolean(input.powPayload?.trim()) || !input.captchaToken;
  await guardFlood(deps, input.ip, !usePow);

  const { data, fields } = parseForm(input.form);
  if (input.form.pledge !== "1" && input.form.pledge !== "on") {
    fields.pledge = "请确认申请人承诺";
  }
  if (usePow) {
    const problem = await checkPow(deps, input.powPayload);
    if (problem) fields.altcha = POW_MESSAGES[problem];
  } else {
    const problem = await checkImageCaptcha(deps, input, now);
    if (problem) fields.captchaAnswer = CAPTCHA_MESSAGES[problem];
  }
  const uploads = await checkUploads(input.files, { maxBytes: deps.limits.attachmentMaxBytes });
  if (!uploads.ok) fields.attachments = uploads.message;
  if (!data || Object.keys(fields).length > 0 || !uploads.ok) {
    throw new AppError("INVALID_INPUT", INVALID, { fields });
  }

  const storage = deps.storage ?? getApplicationStorage();
  const today = todayOf(now);
  const blobs = await Promise.all(uploads.files.map(async (f) => ({ ...f, stored: await storage.put(f.bytes) })));

  const created = await createWithUniqueCode(Number(today.slice(0, 4)), async (trackingCode) => {
    const draft = { ...applicationData(data), trackingCode, channel: "ONLINE", submittedAt: now };
    const ctx = await letterContextFor(deps.db, { ...draft, receivedOn: null });
    const receipt = receiptLetter(ctx, { maskedIdNumber: maskIdNumber(data.idNumber), issuedOn: today });
    const files = await storeLetterFiles(storage, receipt);
    return deps.db.$transaction(async (tx) => {
      const app = await tx.application.create({ data: { ...draft, status: "SUBMITTED" } });
      for (const b of blobs) {
        await tx.applicationAttachment.create({
          data: { applicationId: app.id, kind: "APPLICATION", name: b.name, mime: b.mime, size: b.stored.size, sha256: b.stored.key },
        });
      }
      await appendEvent(tx, app.id, "SUBMITTED", today, { channel: "ONLINE" }, null);
      const letter = await createLetter(tx, {
        applicationId: app.id,
        kind: "RECEIPT",
        letter: receipt,
        files,
        issuedAt: now,
        issuedById: null,
        deliveryMethod: "ONLINE",
        deliveredOn: today,
      });
      await auditStep(tx, null, "application.submit", app.id, { channel: "ONLINE", attachments: blobs.length, letterId: letter.id });
      return { id: app.id, trackingCode: app.trackingCode, receiptLetterId: letter.id };
    });
  });

  if (deps.redis) {
    await countRateLimit(deps.redis, `ip:${input.ip}`, rules(deps.limits).stored, {
      prefix: deps.redisPrefix,
      now: now.getTime(),
    }).catch((e) => console.warn(`[applications] rate limit count failed: ${(e as Error).message}`));
  }
  return created;
}

// ───────────────────────── staff registration ─────────────────────────

export interface RegisterApplicationInput {
  form: Record<string, unknown>;
  channel: string;
  /** 条例第三十一条 receipt date (what it means depends on the channel). */
  receivedOn: string;
  files?: readonly UploadedFile[];
}

/** A paper, letter, fax, e-mail or in-person application entered by staff; its receipt date is known. */
export async function registerApplication(
  db: Db,
  actor: Actor,
  input: RegisterApplicationInput,
  options: { now?: Date; storage?: BlobStorage; attachmentMaxBytes?: number } = {},
): Promise<SubmittedApplication> {
  const now = options.now ?? new Date();
  const today = todayOf(now);
  const { data, fields } = parseForm(input.form);
  const channel = input.channel as Channel;
  if (!(STAFF_CHANNELS as readonly string[]).includes(channel)) fields.channel = "请选择申请方式";
  const receivedOn = input.receivedOn?.trim();
  if (!receivedOn || !isIsoDate(receivedOn)) {
    fields.receivedOn = `请填写${RECEIPT_RULES[channel]?.dateLabel ?? "收到申请日期"}`;
  } else if (compareDates(receivedOn, today) > 0) {
    fields.receivedOn = "收到申请日期不能晚于今天";
  }
  const uploads = await checkUploads(input.files ?? [], { maxBytes: options.attachmentMaxBytes ?? 10 * 1024 * 1024, maxFiles: 10 });
  if (!uploads.ok) fields.attachments = uploads.message;
  if (!data || Object.keys(fields).length > 0 || !uploads.ok) throw new AppError("INVALID_INPUT", INVALID, { fields });

  const storage = options.storage ?? getApplicationStorage();
  const blobs = await Promise.all(uploads.files.map(async (f) => ({ ...f, stored: await storage.put(f.bytes) })));
  const received: IsoDate = receivedOn;

  return createWithUniqueCode(Number(today.slice(0, 4)), async (trackingCode) => {
    const draft = { ...applicationData(data), trackingCode, channel, submittedAt: now, receivedOn: isoToDbDate(received) };
    const ctx = await letterContextFor(db, draft);
    const receipt = receiptLetter(ctx, { maskedIdNumber: maskIdNumber(data.idNumber), issuedOn: today });
    const files = await storeLetterFiles(storage, receipt);
    return db.$transaction(async (tx) => {
      const app = await tx.application.create({ data: { ...draft, status: "PROCESSING", handlerId: actor.user.id } });
      for (const b of blobs) {
        await tx.applicationAttachment.create({
          data: { applicationId: app.id, kind: "APPLICATION", name: b.name, mime: b.mime, size: b.stored.size, sha256: b.stored.key },
        });
      }
      await appendEvent(tx, app.id, "REGISTERED", today, { channel }, actor.user.id);
      await appendEvent(tx, app.id, "RECEIPT_CONFIRMED", received, { channel, rule: RECEIPT_RULES[channel].rule }, actor.user.id);
      await appendEvent(tx, app.id, "HANDLER_ASSIGNED", today, { handlerId: actor.user.id }, actor.user.id);
      const letter = await createLetter(tx, {
        applicationId: app.id,
        kind: "RECEIPT",
        letter: receipt,
        files,
        issuedAt: now,
        issuedById: actor.user.id,
      });
      await auditStep(tx, actor, "application.register", app.id, { channel, receivedOn: received, letterId: letter.id });
      return { id: app.id, trackingCode: app.trackingCode, receiptLetterId: letter.id };
    });
  });
}
