/**
 * Shared plumbing of the application steps: loading an application with its events, turning the
 * recorded events into clock events, appending events, storing letters and writing the audit trail.
 *
 * The audit detail never carries personal data (names, numbers, phones): only ids, codes and dates.
 */
import type { Db, Prisma } from "../db/client";
import type { Application, ApplicationEvent } from "../generated/prisma/client";
import { writeAudit } from "../audit/write-audit";
import { AppError } from "../errors/app-error";
import type { BlobStorage } from "../attachments/storage";
import { getStorage } from "../attachments/get-storage";
import { loadWorkingCalendar, dbDateToIso, isoToDbDate } from "../calendar/load-calendar";
import { toChinaDate, type IsoDate } from "../calendar/dates";
import type { WorkingCalendar } from "../calendar/working-days";
import { getOrganisation } from "../org/get-organisation";
import {
  computeApplicationClock,
  validateClockEvent,
  type ApplicationClockEvent,
  type ApplicationClockResult,
  type ApplicationClockSettings,
} from "./clock";
import { loadClockSettings } from "./settings";
import type { ApplicationStatus, EventType, LetterKind } from "./labels";
import type { LetterContext } from "../letters/templates";
import type { LetterDocument } from "../letters/document";
import { renderLetterPdf } from "../letters/render-pdf";
import { renderLetterDocx } from "../letters/render-docx";
import type { Role } from "../auth/roles";

export type Tx = Prisma.TransactionClient;

export interface Actor {
  user: { id: string; displayName: string; roles?: ReadonlyArray<{ role: Role; departmentId: string | null }> };
  ip?: string | null;
}

export interface StepOptions {
  /** The instant of the step (tests pass a fixed one). */
  now?: Date;
  storage?: BlobStorage;
}

export type ApplicationWithEvents = Application & { events: ApplicationEvent[] };

/** The deployment's blob store (local directory or S3-compatible bucket, see lib/attachments/get-storage.ts). */
export function getApplicationStorage(): BlobStorage {
  return getStorage();
}

export function todayOf(now: Date = new Date()): IsoDate {
  return toChinaDate(now);
}

export { dbDateToIso, isoToDbDate };

export async function loadApplication(db: Db | Tx, id: string): Promise<ApplicationWithEvents> {
  const app = await db.application.findUnique({
    where: { id },
    include: { events: { orderBy: [{ on: "asc" }, { createdAt: "asc" }] } },
  });
  if (!app) throw new AppError("NOT_FOUND", "未找到该申请");
  return app;
}

function dataOf(e: Pick<ApplicationEvent, "data">): Record<string, unknown> {
  return e.data && typeof e.data === "object" && !Array.isArray(e.data) ? (e.data as Record<string, unknown>) : {};
}

export function eventData<T = Record<string, unknown>>(e: Pick<ApplicationEvent, "data">): T {
  return dataOf(e) as T;
}

/**
 * Recorded events → the clock engine's events. A fee notice pauses the clock until the fee is paid
 * or waived: the engine has no fee event, so the wait is passed in as a pause of the AGENCY kind
 * (uncapped, counted (notice day, payment day]) — the same arithmetic. 国办函〔2020〕109号 puts the time between
 * the 收费通知 and payment outside the reply period (check against the province's rules).
 */
export function toClockEvents(events: ReadonlyArray<Pick<ApplicationEvent, "type" | "on" | "data">>): ApplicationClockEvent[] {
  const out: ApplicationClockEvent[] = [];
  let feeOpen = false;
  for (const e of events) {
    const on = dbDateToIso(e.on);
    const d = dataOf(e);
    switch (e.type as EventType) {
      case "CORRECTION_REQUESTED":
        out.push({ type: "CORRECTION_REQUESTED", on, deadlineOn: typeof d.deadlineOn === "string" ? d.deadlineOn : null });
        break;
      case "CORRECTION_RECEIVED":
        out.push({ type: "CORRECTION_RECEIVED", on });
        break;
      case "CONSULTATION_STARTED":
        out.push({
          type: "CONSULTATION_STARTED",
          on,
          consultee: d.consultee === "AGENCY" ? "AGENCY" : "THIRD_PARTY",
          recipientReceivedOn: typeof d.recipientReceivedOn === "string" ? d.recipientReceivedOn : null,
        });
        break;
      case "CONSULTATION_ENDED":
        out.push({ type: "CONSULTATION_ENDED", on });
        break;
      case "FEE_NOTICE_ISSUED":
        feeOpen = true;
        out.push({ type: "CONSULTATION_STARTED", on, consultee: "AGENCY" });
        break;
      case "FEE_PAID":
      case "FEE_WAIVED":
        if (feeOpen) out.push({ type: "CONSULTATION_ENDED", on });
        feeOpen = false;
        break;
      case "EXTENSION_GRANTED":
        out.push({ type: "EXTENSION_GRANTED", on, workingDays: Number(d.workingDays) });
        break;
      case "CLOSED":
        out.push({ type: "CLOSED", on });
        break;
      default:
        break;
    }
  }
  return out;
}

export interface ClockContext {
  calendar: WorkingCalendar;
  settings: ApplicationClockSettings;
}

export async function loadClockContext(db: Db | Tx): Promise<ClockContext> {
  const [calendar, settings] = await Promise.all([loadWorkingCalendar(db), loadClockSettings(db)]);
  return { calendar, settings };
}

/** The clock of an application as of `now`; null before its receipt is confirmed (no period runs). */
export function clockOf(
  ctx: ClockContext,
  app: Pick<ApplicationWithEvents, "receivedOn" | "events">,
  now: Date = new Date(),
): ApplicationClockResult | null {
  if (!app.receivedOn) return null;
  return computeApplicationClock(
    ctx.calendar,
    { receivedOn: dbDateToIso(app.receivedOn), events: toClockEvents(app.events) },
    now,
    ctx.settings,
  );
}

/** Refuses a clock event the 条例 does not allow (zh-CN message from the engine). */
export function assertClockEvent(ctx: ClockContext, app: ApplicationWithEvents, event: ApplicationClockEvent): void {
  if (!app.receivedOn) throw new AppError("INVALID_STATE", "尚未确认收到申请，答复期限尚未起算");
  const problem = validateClockEvent(
    ctx.calendar,
    { receivedOn: dbDateToIso(app.receivedOn), events: toClockEvents(app.events) },
    event,
    ctx.settings,
  );
  if (problem) throw new AppError("INVALID_STATE", problem.message);
}

/**
 * The outcome in force: the recorded one once the application is closed, else the latest decision
 * awaiting its reply letter. Application.outcome is written only when the application closes, so the
 * annual report (table 三) never counts a decision whose reply has not gone out.
 */
export function decisionOf(
  app: Pick<Application, "outcome" | "outcomeBasis" | "status"> & { events: ReadonlyArray<Pick<ApplicationEvent, "type" | "data">> },
): { outcome: string; legalBasis: string | null } | null {
  if (app.outcome) return { outcome: app.outcome, legalBasis: app.outcomeBasis };
  if (app.status !== "DECIDED") return null;
  const e = [...app.events].reverse().find((x) => x.type === "DECIDED");
  const d = e ? dataOf(e) : {};
  return typeof d.outcome === "string" ? { outcome: d.outcome, legalBasis: typeof d.legalBasis === "string" ? d.legalBasis : null } : null;
}

export function assertStatus(app: Pick<Application, "status">, allowed: readonly ApplicationStatus[], message?: string): void {
  if (!allowed.includes(app.status as ApplicationStatus)) {
    throw new AppError("INVALID_STATE", message ?? "该申请当前的办理状态不允许此操作，请刷新页面后查看");
  }
}

/** Changes the status only if it is still what the caller saw (two staff clicking at once). */
export async function moveStatus(
  tx: Tx,
  app: Pick<Application, "id" | "status">,
  to: ApplicationStatus,
  data: Record<string, unknown> = {},
): Promise<void> {
  const res = await tx.application.updateMany({ where: { id: app.id, status: app.status }, data: { ...data, status: to } });
  if (res.count !== 1) throw new AppError("CONFLICT", "该申请已被他人处理，请刷新页面后查看");
}

export async function appendEvent(
  tx: Tx,
  applicationId: string,
  type: EventType,
  on: IsoDate,
  data: Record<string, unknown> | null,
  actorId: string | null,
): Promise<ApplicationEvent> {
  return tx.applicationEvent.create({
    data: { applicationId, type, on: isoToDbDate(on), data: data === null ? undefined : JSON.parse(JSON.stringify(data)), actorId },
  });
}

export async function auditStep(
  tx: Tx,
  actor: Actor | null,
  action: string,
  applicationId: string,
  detail?: Record<string, unknown>,
): Promise<void> {
  await writeAudit(tx, {
    actorId: actor?.user.id ?? null,
    actorName: actor?.user.displayName ?? (actor ? null : "系统"),
    ip: actor?.ip ?? null,
    action,
    entityType: "Application",
    entityId: applicationId,
    detail,
  });
}

export type LetterSource = Pick<
  Application,
  | "trackingCode"
  | "applicantType"
  | "applicantName"
  | "contactPerson"
  | "channel"
  | "submittedAt"
  | "receivedOn"
  | "infoTitle"
  | "infoNumber"
  | "description"
  | "formWanted"
  | "deliveryMethod"
>;

export async function letterContextFor(db: Db | Tx, app: LetterSource): Promise<LetterContext> {
  const org = await getOrganisation(db as Db);
  return {
    org: { name: org.name, address: org.address, postcode: org.postcode, phone: org.phone, superior: org.superior },
    application: {
      trackingCode: app.trackingCode,
      applicantType: app.applicantType,
      applicantName: app.applicantName,
      contactPerson: app.contactPerson,
      channel: app.channel,
      submittedAt: app.submittedAt,
      receivedOn: app.receivedOn ? dbDateToIso(app.receivedOn) : null,
      infoTitle: app.infoTitle,
      infoNumber: app.infoNumber,
      description: app.description,
      formWanted: app.formWanted,
      deliveryMethod: app.deliveryMethod,
    },
  };
}

/** A stored letter row back into a document (drafts are re-rendered from their edited body). */
export function letterDocumentOf(
  ctx: LetterContext,
  row: { title: string; body: string },
  date: IsoDate | null,
): LetterDocument {
  return {
    title: row.title,
    reference: `申请编号：${ctx.application.trackingCode}`,
    body: row.body,
    issuer: ctx.org.name,
    date,
    footer: `联系地址：${ctx.org.address}（邮编${ctx.org.postcode}）　联系电话：${ctx.org.phone}`,
  };
}

export interface StoredLetterFiles {
  pdfKey: string;
  docxKey: string;
}

/** Renders and stores both files before the transaction that records the letter (blobs are content-addressed, so a rolled-back letter leaves only an unreferenced blob). */
export async function storeLetterFiles(storage: BlobStorage, letter: LetterDocument): Promise<StoredLetterFiles> {
  const [pdf, docx] = await Promise.all([renderLetterPdf(letter), renderLetterDocx(letter)]);
  const [p, d] = await Promise.all([storage.put(pdf), storage.put(docx)]);
  return { pdfKey: p.key, docxKey: d.key };
}

export async function createLetter(
  tx: Tx,
  input: {
    applicationId: string;
    kind: LetterKind;
    letter: LetterDocument;
    files: StoredLetterFiles | null;
    issuedAt: Date | null;
    issuedById: string | null;
    deliveryMethod?: string | null;
    deliveredOn?: IsoDate | null;
  },
) {
  return tx.applicationLetter.create({
    data: {
      applicationId: input.applicationId,
      kind: input.kind,
      title: input.letter.title,
      body: input.letter.body,
      pdfKey: input.files?.pdfKey ?? null,
      docxKey: input.files?.docxKey ?? null,
      issuedAt: input.issuedAt,
      issuedById: input.issuedById,
      deliveryMethod: input.deliveryMethod ?? null,
      deliveredOn: input.deliveredOn ? isoToDbDate(input.deliveredOn) : null,
    },
  });
}

export interface FeeNoticeState {
  issuedOn: IsoDate;
  /** Day the applicant received the notice; null until recorded (post). */
  deliveredOn: IsoDate | null;
  /** Last day to pay; null until the delivery day is known. */
  dueOn: IsoDate | null;
  totalFen: number;
  letterId: string | null;
}

/** The latest 收费通知 of an application with its delivery, from the recorded events. */
export function feeNoticeOf(events: readonly Pick<ApplicationEvent, "type" | "on" | "data">[]): FeeNoticeState | null {
  const i = events.map((e) => e.type).lastIndexOf("FEE_NOTICE_ISSUED");
  if (i < 0) return null;
  const d = eventData<{ dueOn?: string | null; deliveredOn?: string | null; totalFen?: number; letterId?: string }>(events[i]);
  const state: FeeNoticeState = {
    issuedOn: dbDateToIso(events[i].on),
    deliveredOn: d.deliveredOn ?? null,
    dueOn: d.dueOn ?? null,
    totalFen: Number(d.totalFen ?? 0),
    letterId: d.letterId ?? null,
  };
  const delivered = events.slice(i + 1).find((e) => e.type === "FEE_NOTICE_DELIVERED");
  if (delivered) {
    const x = eventData<{ deliveredOn?: string; dueOn?: string }>(delivered);
    state.deliveredOn = x.deliveredOn ?? dbDateToIso(delivered.on);
    state.dueOn = x.dueOn ?? null;
  }
  return state;
}
