/**
 * Applications that end because the applicant let a deadline pass:
 * - no correction by the 补正 deadline → 其他处理-1 (条例第三十条: 视为放弃申请);
 * - no payment by the 收费通知 deadline → 其他处理-2 (国办函〔2020〕109号: 逾期未缴纳视为放弃申请).
 *
 * Run by the daily job and again whenever the application is viewed (tracking page, console), so
 * the result does not depend on the job having run. A draft 答复告知书 (终止处理) is prepared for
 * the handler, who issues it if the office informs the applicant in writing.
 */
import type { Db } from "../db/client";
import { compareDates, type IsoDate } from "../calendar/dates";
import { replyLetter } from "../letters/templates";
import { formatYuan } from "./fees";
import { getOutcome, type OutcomeCode } from "./outcomes";
import {
  appendEvent,
  auditStep,
  createLetter,
  eventData,
  feeNoticeOf,
  isoToDbDate,
  letterContextFor,
  loadApplication,
  todayOf,
  type ApplicationWithEvents,
  type StepOptions,
} from "./records";

interface Lapse {
  outcome: OutcomeCode;
  correction?: { requestedOn: IsoDate; deadlineOn: IsoDate };
  fee?: { issuedOn: IsoDate; dueOn: IsoDate; totalYuan: string };
}

const iso = (d: Date) => d.toISOString().slice(0, 10);

/** Whether (and how) the application has lapsed as of `today`. */
export function lapseOf(app: ApplicationWithEvents, today: IsoDate): Lapse | null {
  if (app.status === "AWAITING_CORRECTION") {
    const req = [...app.events].reverse().find((e) => e.type === "CORRECTION_REQUESTED");
    const deadlineOn = req ? eventData<{ deadlineOn?: string }>(req).deadlineOn : undefined;
    if (req && deadlineOn && compareDates(today, deadlineOn) > 0) {
      return { outcome: "OTHER_NO_CORRECTION", correction: { requestedOn: iso(req.on), deadlineOn } };
    }
  }
  if (app.status === "AWAITING_PAYMENT") {
    // No deadline runs until the applicant has received the notice (lib/applications/fee-steps.ts).
    const notice = feeNoticeOf(app.events);
    if (notice?.dueOn && compareDates(today, notice.dueOn) > 0) {
      return {
        outcome: "OTHER_FEE_UNPAID",
        fee: { issuedOn: notice.issuedOn, dueOn: notice.dueOn, totalYuan: formatYuan(notice.totalFen) },
      };
    }
  }
  return null;
}

/** Ends one application if a deadline of the applicant has passed; returns the outcome or null. */
export async function closeLapsedApplication(db: Db, applicationId: string, options: StepOptions = {}): Promise<OutcomeCode | null> {
  const app = await loadApplication(db, applicationId);
  const today = todayOf(options.now);
  const lapse = lapseOf(app, today);
  if (!lapse) return null;
  const outcome = getOutcome(lapse.outcome);
  const ctx = await letterContextFor(db, app);
  const draft = replyLetter(ctx, { outcome: lapse.outcome, correction: lapse.correction, fee: lapse.fee, issuedOn: null });
  const closed = await db.$transaction(async (tx) => {
    const res = await tx.application.updateMany({
      where: { id: app.id, status: app.status },
      data: {
        status: "CLOSED",
        outcome: lapse.outcome,
        outcomeBasis: outcome.legalBasis,
        decidedOn: isoToDbDate(today),
        closedOn: isoToDbDate(today),
      },
    });
    if (res.count !== 1) return false; // another request closed it first
    const letter = await createLetter(tx, {
      applicationId: app.id,
      kind: "REPLY",
      letter: draft,
      files: null,
      issuedAt: null,
      issuedById: null,
    });
    await appendEvent(tx, app.id, "DECIDED", today, { outcome: lapse.outcome, automatic: true, letterId: letter.id }, null);
    await appendEvent(tx, app.id, "CLOSED", today, { outcome: lapse.outcome, automatic: true }, null);
    if (app.handlerId) {
      await tx.notification.create({
        data: {
          userId: app.handlerId,
          kind: "APPLICATION_LAPSED",
          title: `申请${app.trackingCode}已按“${outcome.shortName}”终止办理，请核对并出具告知书`,
          link: `/console/applications/${app.id}`,
          dedupeKey: `app-lapsed:${app.id}`,
        },
      });
    }
    await auditStep(tx, null, "application.lapse", app.id, { outcome: lapse.outcome, letterId: letter.id });
    return true;
  });
  return closed ? lapse.outcome : null;
}

/** Every application waiting on the applicant whose deadline has passed. */
export async function closeLapsedApplications(db: Db, options: StepOptions = {}): Promise<{ id: string; outcome: OutcomeCode }[]> {
  const waiting = await db.application.findMany({
    where: { status: { in: ["AWAITING_CORRECTION", "AWAITING_PAYMENT"] } },
    include: { events: { orderBy: [{ on: "asc" }, { createdAt: "asc" }] } },
  });
  const today = todayOf(options.now);
  const out: { id: string; outcome: OutcomeCode }[] = [];
  for (const app of waiting) {
    if (!lapseOf(app, today)) continue;
    const outcome = await closeLapsedApplication(db, app.id, options);
    if (outcome) out.push({ id: app.id, outcome });
  }
  return out;
}
