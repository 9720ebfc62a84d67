/**
 * The applicant's side after submitting: looking an application up by its tracking code and the
 * phone's last four digits, a short signed session for the tracking pages, and the public view
 * (timeline, due date, correction request, issued letters) — which carries no personal data
 * beyond the masked name.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Redis } from "ioredis";
import { provisionalExplanation, unscheduledYears } from "../calendar/provisional";
import type { Db } from "../db/client";
import { AppError } from "../errors/app-error";
import { checkRateLimit, countRateLimit, formatRetryAfter, type RateLimitRule } from "../rate-limit/rate-limit";
import { formatChineseDate, toChinaDate, type IsoDate } from "../calendar/dates";
import {
  APPLICANT_LETTER_KINDS,
  LETTER_KIND_LABELS,
  PUBLIC_EVENT_LABELS,
  PUBLIC_EVENT_TYPES,
  PUBLIC_STATUS_LABELS,
  labelOf,
  type ApplicationStatus,
  type EventType,
  type LetterKind,
} from "./labels";
import { maskApplicantName } from "./mask";
import { getOutcome, isOutcomeCode } from "./outcomes";
import { normalizeTrackingCode, phoneLastFour } from "./tracking-code";
import { closeLapsedApplication } from "./lapse";
import { clockOf, dbDateToIso, eventData, feeNoticeOf, loadApplication, loadClockContext } from "./records";
import type { BlobStorage } from "../attachments/storage";

// ───────────────────────── lookup ─────────────────────────

export interface LookupDeps {
  db: Db;
  redis: Redis | null;
  redisPrefix: string;
  failuresPer15Min: number;
  now?: Date;
}

const NOT_FOUND = "申请编号或联系电话后四位不正确，请核对后重新输入";

function lookupRules(perAddress: number): { address: RateLimitRule[]; code: RateLimitRule[] } {
  return {
    address: [{ name: "track-fail", limit: perAddress, windowSeconds: 15 * 60 }],
    // Guessing one code's four digits from many addresses.
    code: [{ name: "track-code-fail", limit: 20, windowSeconds: 3600 }],
  };
}

export async function lookupApplication(
  deps: LookupDeps,
  input: { code: string; phoneLastFour: string; ip: string },
): Promise<{ id: string; trackingCode: string }> {
  const rules = lookupRules(deps.failuresPer15Min);
  const code = normalizeTrackingCode(input.code ?? "");
  const opts = { prefix: deps.redisPrefix, now: deps.now?.getTime() };
  if (deps.redis) {
    try {
      const byAddress = await checkRateLimit(deps.redis, `ip:${input.ip}`, rules.address, opts);
      const byCode = code && byAddress.ok ? await checkRateLimit(deps.redis, `code:${code}`, rules.code, opts) : byAddress;
      const blocked = !byAddress.ok ? byAddress : !byCode.ok ? byCode : null;
      if (blocked && !blocked.ok) {
        throw new AppError("RATE_LIMITED", `查询失败次数过多，请${formatRetryAfter(blocked.retryAfterSeconds)}后再试`);
      }
    } catch (e) {
      if (e instanceof AppError) throw e;
      console.warn(`[applications] tracking rate limit unavailable: ${(e as Error).message}`);
    }
  }
  const digits = (input.phoneLastFour ?? "").replace(/\D/g, "");
  const fields: Record<string, string> = {};
  if (!input.code?.trim()) fields.code = "请填写申请编号";
  else if (!code) fields.code = "申请编号格式不正确，应为“2026-XXXX-XXXX”的形式";
  if (digits.length !== 4) fields.phoneLastFour = "请填写申请时所留联系电话的后四位数字";
  if (Object.keys(fields).length) throw new AppError("INVALID_INPUT", "请按提示填写后查询", { fields });

  const app = await deps.db.application.findUnique({ where: { trackingCode: code! }, select: { id: true, trackingCode: true, phone: true } });
  const match = app !== null && safeEqual(phoneLastFour(app.phone), digits);
  if (!match) {
    if (deps.redis) {
      await Promise.all([
        countRateLimit(deps.redis, `ip:${input.ip}`, rules.address, opts),
        countRateLimit(deps.redis, `code:${code}`, rules.code, opts),
      ]).catch(() => undefined);
    }
    throw new AppError("NOT_FOUND", NOT_FOUND);
  }
  return { id: app.id, trackingCode: app.trackingCode };
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

// ───────────────────────── session ─────────────────────────

export const TRACKING_COOKIE = "gk_track";
export const TRACKING_SESSION_SECONDS = 30 * 60;

/** "<applicationId>.<expiry>.<hmac>": proves the holder passed the lookup for that application. */
export function signTrackingSession(secret: string, applicationId: string, now = Date.now(), ttlSeconds = TRACKING_SESSION_SECONDS): string {
  const exp = Math.floor(now / 1000) + ttlSeconds;
  const mac = createHmac("sha256", secret).update(`track|${applicationId}|${exp}`).digest("base64url");
  return `${applicationId}.${exp}.${mac}`;
}

/** The application id the token grants, or null (bad, tampered or expired). */
export function verifyTrackingSession(secret: string, token: string | undefined | null, now = Date.now()): string | null {
  const parts = (token ?? "").split(".");
  if (parts.length !== 3) return null;
  const [id, expText, mac] = parts;
  const exp = Number(expText);
  if (!/^[a-z0-9]+$/i.test(id) || !Number.isInteger(exp) || exp < Math.floor(now / 1000)) return null;
  const expected = createHmac("sha256", secret).update(`track|${id}|${exp}`).digest("base64url");
  return safeEqual(mac, expected) ? id : null;
}

// ───────────────────────── public view ─────────────────────────

export interface PublicTimelineEntry {
  on: IsoDate;
  label: string;
  note: string | null;
}

export interface PublicLetter {
  id: string;
  kind: LetterKind;
  kindLabel: string;
  title: string;
  issuedOn: IsoDate;
  hasPdf: boolean;
  hasDocx: boolean;
}

export interface PublicApplicationView {
  id: string;
  trackingCode: string;
  maskedApplicant: string;
  status: ApplicationStatus;
  statusLabel: string;
  submittedOn: IsoDate;
  receivedOn: IsoDate | null;
  infoTitle: string | null;
  description: string;
  dueOn: IsoDate | null;
  /** Set when dueOn is 暂定 (counted across a year without a known holiday schedule): why. */
  dueProvisional: string | null;
  paused: boolean;
  workingDaysRemaining: number | null;
  closedOn: IsoDate | null;
  outcomeLabel: string | null;
  correction: { requestedOn: IsoDate; deadlineOn: IsoDate; letterId: string | null } | null;
  /** dueOn is null until the applicant's receipt of the notice is recorded. */
  fee: { totalFen: number; dueOn: IsoDate | null; provisional: string | null } | null;
  timeline: PublicTimelineEntry[];
  letters: PublicLetter[];
}

export async function publicApplicationView(db: Db, applicationId: string, now: Date = new Date()): Promise<PublicApplicationView> {
  await closeLapsedApplication(db, applicationId, { now });
  const [app, clockCtx, letters] = await Promise.all([
    loadApplication(db, applicationId),
    loadClockContext(db),
    db.applicationLetter.findMany({
      where: { applicationId, issuedAt: { not: null }, kind: { in: [...APPLICANT_LETTER_KINDS] } },
      orderBy: { issuedAt: "asc" },
    }),
  ]);
  const clock = clockOf(clockCtx, app, now);
  const status = app.status as ApplicationStatus;

  const timeline: PublicTimelineEntry[] = app.events
    .filter((e) => (PUBLIC_EVENT_TYPES as readonly string[]).includes(e.type))
    .map((e) => {
      const d = eventData<Record<string, unknown>>(e);
      let note: string | null = null;
      if (e.type === "CORRECTION_REQUESTED" && typeof d.deadlineOn === "string") note = `补正期限：${formatChineseDate(d.deadlineOn)}`;
      if (e.type === "EXTENSION_GRANTED") note = `延长${Number(d.workingDays)}个工作日${typeof d.newDueOn === "string" ? `，答复期限至${formatChineseDate(d.newDueOn)}` : ""}`;
      if (e.type === "FEE_NOTICE_ISSUED" || e.type === "FEE_NOTICE_DELIVERED") {
        note = typeof d.dueOn === "string" ? `缴费期限：${formatChineseDate(d.dueOn)}` : "缴费期限自您收到收费通知书之日起计算";
      }
      if (e.type === "CLOSED" && isOutcomeCode(d.outcome)) note = `处理结果：${getOutcome(d.outcome).shortName}`;
      return { on: dbDateToIso(e.on), label: labelOf(PUBLIC_EVENT_LABELS, e.type as EventType), note };
    });

  let correction: PublicApplicationView["correction"] = null;
  if (status === "AWAITING_CORRECTION") {
    const req = [...app.events].reverse().find((e) => e.type === "CORRECTION_REQUESTED");
    const d = req ? eventData<{ deadlineOn?: string; letterId?: string }>(req) : {};
    if (req && d.deadlineOn) correction = { requestedOn: dbDateToIso(req.on), deadlineOn: d.deadlineOn, letterId: d.letterId ?? null };
  }
  let fee: PublicApplicationView["fee"] = null;
  if (status === "AWAITING_PAYMENT") {
    const n = feeNoticeOf(app.events);
    const years = n?.dueOn && n.deliveredOn ? unscheduledYears(clockCtx.calendar, n.deliveredOn, n.dueOn) : [];
    if (n) fee = { totalFen: n.totalFen, dueOn: n.dueOn, provisional: years.length ? provisionalExplanation(years) : null };
  }

  return {
    id: app.id,
    trackingCode: app.trackingCode,
    maskedApplicant: maskApplicantName(app.applicantName, app.applicantType),
    status,
    statusLabel: PUBLIC_STATUS_LABELS[status] ?? status,
    submittedOn: toChinaDate(app.submittedAt),
    receivedOn: app.receivedOn ? dbDateToIso(app.receivedOn) : null,
    infoTitle: app.infoTitle,
    description: app.description,
    dueOn: status === "CLOSED" ? null : (clock?.dueOn ?? null),
    dueProvisional: status !== "CLOSED" && clock?.provisional ? provisionalExplanation(clock.provisionalYears) : null,
    paused: clock?.paused ?? false,
    workingDaysRemaining: status === "CLOSED" ? null : (clock?.workingDaysRemaining ?? null),
    closedOn: app.closedOn ? dbDateToIso(app.closedOn) : null,
    outcomeLabel: status === "CLOSED" && isOutcomeCode(app.outcome) ? getOutcome(app.outcome).shortName : null,
    correction,
    fee,
    timeline,
    letters: letters.map((l) => ({
      id: l.id,
      kind: l.kind as LetterKind,
      kindLabel: labelOf(LETTER_KIND_LABELS, l.kind),
      title: l.title,
      issuedOn: toChinaDate(l.issuedAt!),
      hasPdf: !!l.pdfKey,
      hasDocx: !!l.docxKey,
    })),
  };
}

export type LetterFormat = "pdf" | "docx";

export const LETTER_MIME: Record<LetterFormat, string> = {
  pdf: "application/pdf",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
};

/** An issued letter's file, if it belongs to the application; `applicantOnly` hides 征求意见书 etc. */
export async function letterFile(
  db: Db,
  storage: BlobStorage,
  input: { applicationId: string; letterId: string; format: LetterFormat; applicantOnly: boolean },
): Promise<{ bytes: Buffer; filename: string; mime: string } | null> {
  const letter = await db.applicationLetter.findFirst({
    where: { id: input.letterId, applicationId: input.applicationId, issuedAt: { not: null } },
    include: { application: { select: { trackingCode: true } } },
  });
  if (!letter) return null;
  if (input.applicantOnly && !(APPLICANT_LETTER_KINDS as readonly string[]).includes(letter.kind)) return null;
  const key = input.format === "pdf" ? letter.pdfKey : letter.docxKey;
  if (!key) return null;
  const bytes = await storage.get(key);
  if (!bytes) return null;
  return {
    bytes,
    filename: `${letter.title}-${letter.application.trackingCode}.${input.format}`,
    mime: LETTER_MIME[input.format],
  };
}

/** RFC 6266 Content-Disposition for a Chinese file name (ASCII fallback plus filename*). */
export function contentDisposition(filename: string, inline = false): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `${inline ? "inline" : "attachment"}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
