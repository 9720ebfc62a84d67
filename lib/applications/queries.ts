/**
 * Read models for the console: the list (personal data masked), the application page (personal
 * data in full only for staff who handle applications), and the due-soon / overdue summary for
 * the dashboard and the daily reminders. Clocks are computed on read from the recorded events, so
 * "overdue" is never a stored state that could go stale (Alaveteli's stored-vs-computed split).
 */
import type { Db } from "../db/client";
import { formatChineseDate, toChinaDate, type IsoDate } from "../calendar/dates";
import type { ApplicationClockResult } from "./clock";
import { APPLICANT_TYPES, getOutcome, isOutcomeCode } from "./outcomes";
import {
  CHANNEL_LABELS,
  CONSULTEE_LABELS,
  DELIVERY_METHOD_LABELS,
  EVENT_LABELS,
  FORM_WANTED_LABELS,
  ID_TYPE_LABELS,
  LETTER_DELIVERY_LABELS,
  LETTER_KIND_LABELS,
  OPEN_STATUSES,
  STATUS_LABELS,
  labelOf,
  type ApplicationStatus,
  type EventType,
} from "./labels";
import { maskAddress, maskApplicantName, maskEmail, maskIdNumber, maskName, maskPhone } from "./mask";
import { findDuplicateHints, DUPLICATE_LOOKBACK_DAYS, type DuplicateHint } from "./duplicates";
import { pendingExtension, type PendingExtension } from "./extension";
import { closeLapsedApplication } from "./lapse";
import { OPINION_LABELS } from "./consultation";
import { formatYuan } from "./fees";
import { clockOf, dbDateToIso, decisionOf, eventData, feeNoticeOf, loadApplication, loadClockContext, type ClockContext } from "./records";

/** Applications with this many working days left or fewer are "due soon". */
export const DUE_SOON_WORKING_DAYS = 3;

const APPLICANT_TYPE_LABELS = Object.fromEntries(APPLICANT_TYPES.map((t) => [t.code, t.label])) as Record<string, string>;

export function applicantTypeLabel(code: string): string {
  return APPLICANT_TYPE_LABELS[code] ?? code;
}

function shorten(text: string, max = 40): string {
  const c = Array.from(text.replace(/\s+/g, " ").trim());
  return c.length > max ? `${c.slice(0, max).join("")}…` : c.join("");
}

export interface ClockSummary {
  dueOn: IsoDate | null;
  workingDaysRemaining: number | null;
  paused: boolean;
  overdue: boolean;
  dueSoon: boolean;
  phase: ApplicationClockResult["phase"] | "NOT_STARTED";
  /** dueOn counted across a year without a known holiday schedule (暂定). */
  provisional: boolean;
}

export function summariseClock(clock: ApplicationClockResult | null): ClockSummary {
  if (!clock) return { dueOn: null, workingDaysRemaining: null, paused: false, overdue: false, dueSoon: false, phase: "NOT_STARTED", provisional: false };
  const running = clock.phase === "RUNNING";
  return {
    dueOn: clock.dueOn,
    workingDaysRemaining: clock.workingDaysRemaining,
    paused: clock.paused,
    overdue: clock.overdue,
    dueSoon: running && !clock.overdue && (clock.workingDaysRemaining ?? 99) <= DUE_SOON_WORKING_DAYS,
    phase: clock.phase,
    provisional: clock.provisional,
  };
}

/** "还剩5个工作日" / "今日到期" / "已超期2个工作日" / "暂停计时". */
export function describeClock(s: ClockSummary): string {
  if (s.phase === "NOT_STARTED") return "未起算";
  if (s.phase === "CLOSED") return "已办结";
  if (s.phase === "AWAITING_CORRECTION") return "待补正（未起算）";
  if (s.paused) return `暂停计时（剩余${s.workingDaysRemaining ?? "—"}个工作日）`;
  const n = s.workingDaysRemaining ?? 0;
  if (n < 0) return `已超期${-n}个工作日`;
  if (n === 0) return "今日到期";
  return `还剩${n}个工作日`;
}

// ───────────────────────── list ─────────────────────────

export interface ApplicationListFilter {
  status?: string;
  due?: "overdue" | "soon" | "";
  q?: string;
}

export interface ApplicationListRow {
  id: string;
  trackingCode: string;
  channelLabel: string;
  applicantTypeLabel: string;
  maskedApplicant: string;
  maskedPhone: string;
  infoSummary: string;
  submittedOn: IsoDate;
  receivedOn: IsoDate | null;
  status: ApplicationStatus;
  statusLabel: string;
  handlerName: string | null;
  clock: ClockSummary;
  clockText: string;
  pendingExtension: PendingExtension | null;
  outcomeLabel: string | null;
}

export async function listApplications(db: Db, filter: ApplicationListFilter = {}, now: Date = new Date()): Promise<ApplicationListRow[]> {
  const where: Record<string, unknown> = {};
  if (filter.status === "OPEN") where.status = { in: [...OPEN_STATUSES] };
  else if (filter.status && (Object.keys(STATUS_LABELS) as string[]).includes(filter.status)) where.status = filter.status;
  if (filter.due) where.status = { in: [...OPEN_STATUSES] };
  const q = filter.q?.trim().toUpperCase();
  if (q) where.trackingCode = { contains: q };
  const [apps, ctx] = await Promise.all([
    db.application.findMany({
      where,
      include: { events: { orderBy: [{ on: "asc" }, { createdAt: "asc" }] } },
      orderBy: { submittedAt: "desc" },
      take: 500,
    }),
    loadClockContext(db),
  ]);
  const handlerIds = [...new Set(apps.map((a) => a.handlerId).filter((v): v is string => !!v))];
  const handlers = new Map(
    (await db.user.findMany({ where: { id: { in: handlerIds } }, select: { id: true, displayName: true } })).map((u) => [u.id, u.displayName]),
  );
  const rows = apps.map((a) => toRow(a, ctx, handlers, now));
  const filtered = rows.filter((r) => (filter.due === "overdue" ? r.clock.overdue : filter.due === "soon" ? r.clock.dueSoon : true));
  // Open work first, the most urgent on top; then the rest by submission.
  const urgency = (r: ApplicationListRow) =>
    r.status === "SUBMITTED" ? -1000 : r.clock.phase === "RUNNING" ? (r.clock.workingDaysRemaining ?? 0) : r.status === "CLOSED" ? 100_000 : 1000;
  return filtered.sort((a, b) => urgency(a) - urgency(b));
}

function toRow(
  a: Awaited<ReturnType<typeof loadApplication>>,
  ctx: ClockContext,
  handlers: Map<string, string>,
  now: Date,
): ApplicationListRow {
  const clock = summariseClock(clockOf(ctx, a, now));
  const status = a.status as ApplicationStatus;
  return {
    id: a.id,
    trackingCode: a.trackingCode,
    channelLabel: labelOf(CHANNEL_LABELS, a.channel),
    applicantTypeLabel: applicantTypeLabel(a.applicantType),
    maskedApplicant: maskApplicantName(a.applicantName, a.applicantType),
    maskedPhone: maskPhone(a.phone),
    infoSummary: shorten(a.infoTitle || a.description),
    submittedOn: toChinaDate(a.submittedAt),
    receivedOn: a.receivedOn ? dbDateToIso(a.receivedOn) : null,
    status,
    statusLabel: STATUS_LABELS[status] ?? status,
    handlerName: a.handlerId ? (handlers.get(a.handlerId) ?? null) : null,
    clock,
    clockText: describeClock(clock),
    pendingExtension: pendingExtension(a),
    outcomeLabel: outcomeLabelOf(decisionOf(a)?.outcome),
  };
}

function outcomeLabelOf(code: string | null | undefined): string | null {
  return isOutcomeCode(code) ? getOutcome(code).shortName : null;
}

// ───────────────────────── dashboard / reminders ─────────────────────────

export interface DueSummary {
  overdue: ApplicationListRow[];
  dueSoon: ApplicationListRow[];
  awaitingConfirmation: ApplicationListRow[];
  pendingExtensions: ApplicationListRow[];
}

export async function dueSummary(db: Db, now: Date = new Date()): Promise<DueSummary> {
  const rows = await listApplications(db, { status: "" }, now);
  const open = rows.filter((r) => r.status !== "CLOSED");
  return {
    overdue: open.filter((r) => r.clock.overdue),
    dueSoon: open.filter((r) => r.clock.dueSoon),
    awaitingConfirmation: open.filter((r) => r.status === "SUBMITTED"),
    pendingExtensions: open.filter((r) => r.pendingExtension !== null),
  };
}

// ───────────────────────── detail ─────────────────────────

export interface TimelineEntry {
  id: string;
  on: IsoDate;
  type: string;
  label: string;
  actorName: string | null;
  details: string[];
}

function eventDetails(
  type: string,
  d: Record<string, unknown>,
  names: Map<string, string>,
  canSeePersonal: boolean,
): string[] {
  const out: string[] = [];
  const str = (v: unknown) => (typeof v === "string" ? v : null);
  switch (type as EventType) {
    case "RECEIPT_CONFIRMED":
      if (str(d.rule)) out.push(`依据：${d.rule}（条例第三十一条）`);
      break;
    case "HANDLER_ASSIGNED":
      if (str(d.handlerId)) out.push(`承办人：${names.get(d.handlerId as string) ?? "—"}`);
      break;
    case "CORRECTION_REQUESTED":
      if (str(d.deadlineOn)) out.push(`补正期限：${formatChineseDate(d.deadlineOn as string)}`);
      break;
    case "CORRECTION_RECEIVED": {
      out.push(d.via === "ONLINE" ? "申请人通过查询页面在线提交" : "工作人员登记收到");
      if (d.late === true) out.push("补正材料在补正期限届满后收到");
      const corrected = d.corrected as { infoTitle?: string | null; description?: string } | undefined;
      if (corrected?.description && canSeePersonal) out.push(`补正后的申请内容：${corrected.infoTitle ? `“${corrected.infoTitle}”　` : ""}${corrected.description}`);
      break;
    }
    case "CONSULTATION_STARTED":
      out.push(`征求意见对象：${labelOf(CONSULTEE_LABELS, str(d.consultee))}${str(d.party) ? `（${d.party}）` : ""}`);
      if (str(d.replyByOn)) out.push(`第三方答复期限：${formatChineseDate(d.replyByOn as string)}（条例第三十二条）`);
      break;
    case "CONSULTATION_ENDED":
      out.push(`意见：${labelOf(OPINION_LABELS, str(d.opinion))}${str(d.note) ? `；${d.note}` : ""}`);
      break;
    case "EXTENSION_REQUESTED":
    case "EXTENSION_GRANTED":
      out.push(`延长${Number(d.workingDays)}个工作日；理由：${String(d.reason ?? "")}`);
      if (str(d.newDueOn)) out.push(`延长后的答复期限：${formatChineseDate(d.newDueOn as string)}`);
      break;
    case "EXTENSION_DECLINED":
      if (str(d.note)) out.push(`不同意理由：${d.note}`);
      break;
    case "FEE_NOTICE_ISSUED":
      out.push(`${d.method === "PER_PAGE" ? "按量计收" : "按件计收"}，合计${formatYuan(Number(d.totalFen ?? 0))}元`);
      if (str(d.dueOn)) out.push(`缴费期限：${formatChineseDate(d.dueOn as string)}`);
      else out.push("待登记申请人收到日期，缴费期限自收到之日起计算");
      break;
    case "FEE_NOTICE_DELIVERED":
      if (str(d.dueOn)) out.push(`缴费期限：${formatChineseDate(d.dueOn as string)}`);
      break;
    case "FEE_WAIVED":
      if (str(d.reason)) out.push(`减免理由：${d.reason}`);
      break;
    case "DECIDED":
    case "CLOSED":
      if (isOutcomeCode(d.outcome)) out.push(`处理结果：${getOutcome(d.outcome).shortName}`);
      if (d.automatic === true) out.push("系统按期限自动处理");
      break;
    case "LETTER_ISSUED":
      if (str(d.deliveryMethod)) out.push(`送达方式：${labelOf(LETTER_DELIVERY_LABELS, d.deliveryMethod as string)}`);
      break;
    default:
      break;
  }
  return out;
}

export async function applicationDetail(
  db: Db,
  applicationId: string,
  options: { now?: Date; canSeePersonal: boolean },
) {
  const now = options.now ?? new Date();
  await closeLapsedApplication(db, applicationId, { now });
  const [app, ctx, letters, attachments] = await Promise.all([
    loadApplication(db, applicationId),
    loadClockContext(db),
    db.applicationLetter.findMany({ where: { applicationId }, orderBy: { createdAt: "asc" } }),
    db.applicationAttachment.findMany({ where: { applicationId }, orderBy: { createdAt: "asc" } }),
  ]);
  const clock = clockOf(ctx, app, now);
  const userIds = new Set<string>();
  for (const e of app.events) {
    if (e.actorId) userIds.add(e.actorId);
    const h = eventData<{ handlerId?: string }>(e).handlerId;
    if (h) userIds.add(h);
  }
  if (app.handlerId) userIds.add(app.handlerId);
  for (const l of letters) if (l.issuedById) userIds.add(l.issuedById);
  const names = new Map(
    (await db.user.findMany({ where: { id: { in: [...userIds] } }, select: { id: true, displayName: true } })).map((u) => [u.id, u.displayName]),
  );

  let duplicates: DuplicateHint[] = [];
  if (options.canSeePersonal) {
    const since = new Date(now.getTime() - DUPLICATE_LOOKBACK_DAYS * 86_400_000);
    const others = await db.application.findMany({
      where: {
        id: { not: app.id },
        submittedAt: { gte: since },
        OR: [{ idNumber: app.idNumber }, { applicantName: app.applicantName, phone: app.phone }],
      },
      select: { id: true, trackingCode: true, applicantName: true, idNumber: true, phone: true, infoTitle: true, description: true, submittedAt: true },
      take: 200,
    });
    duplicates = findDuplicateHints(app, others);
  }

  const p = options.canSeePersonal;
  const status = app.status as ApplicationStatus;
  const decision = decisionOf(app);
  return {
    id: app.id,
    trackingCode: app.trackingCode,
    status,
    statusLabel: STATUS_LABELS[status] ?? status,
    channel: app.channel,
    channelLabel: labelOf(CHANNEL_LABELS, app.channel),
    applicant: {
      typeLabel: applicantTypeLabel(app.applicantType),
      isPerson: app.applicantType === "NATURAL_PERSON",
      name: p ? app.applicantName : maskApplicantName(app.applicantName, app.applicantType),
      idTypeLabel: labelOf(ID_TYPE_LABELS, app.idType),
      idNumber: p ? app.idNumber : maskIdNumber(app.idNumber),
      contactPerson: app.contactPerson ? (p ? app.contactPerson : maskName(app.contactPerson)) : null,
      phone: p ? app.phone : maskPhone(app.phone),
      email: app.email ? (p ? app.email : maskEmail(app.email)) : null,
      address: app.address ? (p ? app.address : maskAddress(app.address)) : null,
      postcode: app.postcode,
    },
    request: {
      infoTitle: app.infoTitle,
      infoNumber: app.infoNumber,
      description: app.description,
      formWantedLabel: labelOf(FORM_WANTED_LABELS, app.formWanted),
      deliveryMethod: app.deliveryMethod,
      deliveryMethodLabel: labelOf(DELIVERY_METHOD_LABELS, app.deliveryMethod),
    },
    submittedAt: app.submittedAt,
    receivedOn: app.receivedOn ? dbDateToIso(app.receivedOn) : null,
    handlerId: app.handlerId,
    handlerName: app.handlerId ? (names.get(app.handlerId) ?? null) : null,
    outcome: isOutcomeCode(decision?.outcome) ? decision.outcome : null,
    outcomeLabel: outcomeLabelOf(decision?.outcome),
    outcomeBasis: decision?.legalBasis ?? null,
    closedOn: app.closedOn ? dbDateToIso(app.closedOn) : null,
    fee: {
      method: app.feeMethod,
      amountFen: app.feeAmountFen,
      waived: app.feeWaived,
      waiverReason: app.feeWaiverReason,
      paidOn: app.feePaidOn ? dbDateToIso(app.feePaidOn) : null,
    },
    clock,
    clockSummary: summariseClock(clock),
    clockText: describeClock(summariseClock(clock)),
    pendingExtension: pendingExtension(app),
    hasExtension: app.events.some((e) => e.type === "EXTENSION_GRANTED"),
    hasFeeNotice: app.events.some((e) => e.type === "FEE_NOTICE_ISSUED"),
    feeNotice: feeNoticeOf(app.events),
    duplicates,
    timeline: app.events.map<TimelineEntry>((e) => ({
      id: e.id,
      on: dbDateToIso(e.on),
      type: e.type,
      label: labelOf(EVENT_LABELS, e.type as EventType),
      actorName: e.actorId ? (names.get(e.actorId) ?? null) : e.type === "SUBMITTED" || (e.type === "CORRECTION_RECEIVED" && eventData(e).via === "ONLINE") ? "申请人" : "系统",
      details: eventDetails(e.type, eventData(e), names, p),
    })),
    letters: letters.map((l) => ({
      id: l.id,
      kind: l.kind,
      kindLabel: labelOf(LETTER_KIND_LABELS, l.kind),
      title: l.title,
      body: l.body,
      issuedAt: l.issuedAt,
      issuedByName: l.issuedById ? (names.get(l.issuedById) ?? null) : null,
      deliveryLabel: l.deliveryMethod ? labelOf(LETTER_DELIVERY_LABELS, l.deliveryMethod) : null,
      hasFiles: !!l.pdfKey,
    })),
    attachments: attachments.map((a) => ({ id: a.id, kind: a.kind, name: p ? a.name : "（附件）", mime: a.mime, size: a.size })),
  };
}

export type ApplicationDetail = Awaited<ReturnType<typeof applicationDetail>>;
