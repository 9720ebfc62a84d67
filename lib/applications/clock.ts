/**
 * The reply clock of an application for disclosure (依申请公开), computed from recorded events.
 * Pure: the caller passes the receipt date, the events and "today".
 *
 * Rules (《中华人民共和国政府信息公开条例》2019):
 * - Reply within 20 working days of receipt (第三十三条第一款); the receipt date itself is fixed
 *   by the caller per 第三十一条.
 * - 补正 may be requested once, within 7 working days of receipt; the period then runs from the day
 *   the corrected application is received (第三十条). Until then there is no running period.
 * - Time spent consulting a third party or another agency is not counted (第三十三条第二款); the
 *   third party answers within 15 working days of receiving the request (第三十二条).
 * - An extension of at most 20 working days, approved by the head of the disclosure office and
 *   notified to the applicant (第三十三条第一款) — granted once, before the period expires.
 *
 * Counting conventions (see lib/calendar/working-days.ts):
 * - The start day (receipt, or receipt of the corrected application) is not counted; the period
 *   ends on the N-th counted working day after it (民法典第二百零一条).
 * - A consultation pauses the clock over the days after its start day up to and including its end
 *   day, (start, end]: the office works on the day it sends the 征求意见书, so that day still counts
 *   toward the period; counting resumes on the first working day after the end. A consultation
 *   opened and closed on the same day pauses nothing. The wait for a fee is counted the same way.
 * - A third-party consultation pauses the clock for at most the third party's statutory window of
 *   15 working days, counted the same way from the start day: if the end is recorded later, or not
 *   yet recorded when the window has passed, the pause ends on the 15th working day after the start
 *   (第三十二条 — after it the office decides without the opinion). The third party's own deadline
 *   (from the day it received the letter) is reported separately.
 * - Events dated after "today" are ignored, so the same function answers "as of" questions.
 * - Invalid events (a late or second 补正 request, an extension beyond the limit …) are ignored
 *   for the computation and reported in `issues`; the clock never runs longer because of a step
 *   the 条例 does not allow.
 */
import { addCalendarDays, asChinaDate, compareDates, formatChineseDate, minDate, type IsoDate } from "../calendar/dates";
import type { WorkingCalendar } from "../calendar/working-days";
import { unscheduledYears } from "../calendar/provisional";

export interface ApplicationClockSettings {
  /** 第三十三条: reply period in working days. */
  replyWorkingDays: number;
  /** 第三十三条: longest extension in working days. */
  maxExtensionWorkingDays: number;
  /** 第三十条: 补正 must be requested within this many working days of receipt. */
  correctionRequestWithinWorkingDays: number;
  /** Period given to the applicant to correct when the 补正告知书 names none (office practice; check). */
  defaultCorrectionPeriodWorkingDays: number;
  /** 第三十二条: the third party's time to give its opinion. */
  thirdPartyWorkingDays: number;
}

export const DEFAULT_APPLICATION_CLOCK_SETTINGS: Readonly<ApplicationClockSettings> = Object.freeze({
  replyWorkingDays: 20,
  maxExtensionWorkingDays: 20,
  correctionRequestWithinWorkingDays: 7,
  defaultCorrectionPeriodWorkingDays: 15,
  thirdPartyWorkingDays: 15,
});

export type Consultee = "THIRD_PARTY" | "AGENCY";

export type ApplicationClockEvent =
  /** 补正告知书 issued on `on`; `deadlineOn` is the date it gives the applicant. */
  | { type: "CORRECTION_REQUESTED"; on: IsoDate; deadlineOn?: IsoDate | null }
  /** Corrected application received (date fixed as in 第三十一条). */
  | { type: "CORRECTION_RECEIVED"; on: IsoDate }
  /** 征求意见书 sent; for a third party, `recipientReceivedOn` is when it reached them (defaults to `on`). */
  | { type: "CONSULTATION_STARTED"; on: IsoDate; consultee?: Consultee; recipientReceivedOn?: IsoDate | null }
  /** Opinion received, or consultation otherwise concluded. */
  | { type: "CONSULTATION_ENDED"; on: IsoDate }
  /** Extension approved and notified (延期答复告知书). */
  | { type: "EXTENSION_GRANTED"; on: IsoDate; workingDays: number }
  /** Reply delivered, or the application otherwise concluded. */
  | { type: "CLOSED"; on: IsoDate };

export type ClockIssueCode =
  | "EVENT_BEFORE_RECEIPT"
  | "EVENT_AFTER_CLOSE"
  | "CORRECTION_TOO_LATE"
  | "CORRECTION_ALREADY_REQUESTED"
  | "CORRECTION_DEADLINE_INVALID"
  | "CORRECTION_NOT_REQUESTED"
  | "CORRECTION_RECEIVED_LATE"
  | "CORRECTION_OVERDUE"
  | "CONSULTATION_ALREADY_OPEN"
  | "CONSULTATION_NOT_OPEN"
  | "CONSULTATION_END_BEFORE_START"
  | "CONSULTATION_PAUSE_CAPPED"
  | "EXTENSION_INVALID_LENGTH"
  | "EXTENSION_EXCEEDS_LIMIT"
  | "EXTENSION_ALREADY_GRANTED"
  | "EXTENSION_AFTER_DUE_DATE"
  | "EXTENSION_WHILE_AWAITING_CORRECTION";

export interface ClockIssue {
  code: ClockIssueCode;
  /** ERROR: the event was ignored. WARNING: taken into account, but needs attention. */
  severity: "ERROR" | "WARNING";
  /** Index in the `events` array passed in, when an event caused it. */
  eventIndex: number | null;
  message: string;
}

export interface ConsultationSpan {
  consultee: Consultee;
  startedOn: IsoDate;
  endedOn: IsoDate | null;
  /** Last paused day (after the third-party cap); null while the consultation is open. The start day itself is not paused. */
  pausedUntil: IsoDate | null;
  /** 第三十二条 deadline for the third party's opinion; null for another agency. */
  thirdPartyDeadlineOn: IsoDate | null;
  /** Working days not counted because of this consultation, up to today. */
  pausedWorkingDays: number;
}

export type ApplicationClockPhase = "RUNNING" | "AWAITING_CORRECTION" | "IN_CONSULTATION" | "CLOSED";

export interface ApplicationClockResult {
  today: IsoDate;
  phase: ApplicationClockPhase;
  paused: boolean;
  /** Day the period runs from: receipt, or receipt of the corrected application. */
  clockStartOn: IsoDate;
  /** Reply period in force: statutory days plus any valid extension. */
  periodWorkingDays: number;
  extensionWorkingDays: number;
  /** Null while awaiting correction or in an open consultation (the end of the pause is unknown). */
  dueOn: IsoDate | null;
  /** dueOn reaches into a year whose holiday schedule is not known: shown as 暂定. */
  provisional: boolean;
  /** Those years (empty when the due date is firm). */
  provisionalYears: number[];
  /** Counted working days used so far (up to today or the close). */
  workingDaysUsed: number;
  /**
   * RUNNING: working days from today to dueOn (0 = due today, negative = working days overdue).
   * Paused: the period still left, which will run from the day after the pause ends.
   * CLOSED: null.
   */
  workingDaysRemaining: number | null;
  overdue: boolean;
  correction: {
    /** Last day a 补正 request is allowed (第三十条). */
    requestLatestOn: IsoDate;
    requestedOn: IsoDate | null;
    deadlineOn: IsoDate | null;
    receivedOn: IsoDate | null;
    canRequest: boolean;
    /** The applicant's correction deadline has passed without a corrected application. */
    applicantOverdue: boolean;
  };
  consultations: ConsultationSpan[];
  /** The open third-party consultation's deadline, if any. */
  thirdPartyDeadlineOn: IsoDate | null;
  closedOn: IsoDate | null;
  /** Whether the application was concluded after its due date; null while open. */
  closedLate: boolean | null;
  issues: ClockIssue[];
}

export interface ApplicationClockInput {
  /** Receipt date, fixed per 第三十一条. */
  receivedOn: IsoDate;
  events: readonly ApplicationClockEvent[];
}

const ARTICLE = "《中华人民共和国政府信息公开条例》";

/** Bounds the day-by-day walk (about ten years) so inconsistent data cannot loop forever. */
const MAX_WALK_DAYS = 3660;

interface Span {
  /** Last counted day before the pause: the pause covers (startedOn, pausedUntil]. */
  startedOn: IsoDate;
  /** Inclusive last paused day; null = still open. */
  pausedUntil: IsoDate | null;
}

function inSpan(day: IsoDate, span: Span): boolean {
  return (
    compareDates(day, span.startedOn) > 0 && (span.pausedUntil === null || compareDates(day, span.pausedUntil) <= 0)
  );
}

interface Walk {
  dueOn: IsoDate | null;
}

/** The day the `budget`-th counted working day after `start` falls on; null if a pause is still open first. */
function walkToDue(calendar: WorkingCalendar, start: IsoDate, budget: number, spans: readonly Span[]): Walk {
  if (budget <= 0) return { dueOn: start };
  let count = 0;
  let day = start;
  for (let i = 0; i < MAX_WALK_DAYS; i++) {
    day = addCalendarDays(day, 1);
    const span = spans.find((s) => inSpan(day, s));
    if (span) {
      if (span.pausedUntil === null) return { dueOn: null };
      continue;
    }
    if (calendar.isWorkingDay(day) && ++count === budget) return { dueOn: day };
  }
  throw new RangeError(`Reply period from ${start} does not end within ten years`);
}

/** Counted working days in (start, until]. */
function countCounted(calendar: WorkingCalendar, start: IsoDate, until: IsoDate, spans: readonly Span[]): number {
  let count = 0;
  for (let day = addCalendarDays(start, 1); compareDates(day, until) <= 0; day = addCalendarDays(day, 1)) {
    if (!spans.some((s) => inSpan(day, s)) && calendar.isWorkingDay(day)) count++;
  }
  return count;
}

export function computeApplicationClock(
  calendar: WorkingCalendar,
  input: ApplicationClockInput,
  now: IsoDate | Date,
  settings: ApplicationClockSettings = DEFAULT_APPLICATION_CLOCK_SETTINGS,
): ApplicationClockResult {
  const today = asChinaDate(now);
  const receivedOn = input.receivedOn;
  const issues: ClockIssue[] = [];
  const issue = (code: ClockIssueCode, severity: ClockIssue["severity"], eventIndex: number | null, message: string) =>
    issues.push({ code, severity, eventIndex, message });

  const requestLatestOn = calendar.addWorkingDays(receivedOn, settings.correctionRequestWithinWorkingDays);

  let clockStartOn = receivedOn;
  let correctionRequestedOn: IsoDate | null = null;
  let correctionDeadlineOn: IsoDate | null = null;
  let correctionReceivedOn: IsoDate | null = null;
  let awaitingCorrection = false;
  let extension = 0;
  let closedOn: IsoDate | null = null;
  interface Consultation extends Span {
    consultee: Consultee;
    endedOn: IsoDate | null;
    thirdPartyDeadlineOn: IsoDate | null;
    /** Last day a third-party consultation may pause the clock: at most N working days after its start. */
    pauseLimitOn: IsoDate | null;
  }
  const consultations: Consultation[] = [];
  let open: Consultation | null = null;

  const ordered = input.events
    .map((event, index) => ({ event, index }))
    .filter(({ event }) => compareDates(event.on, today) <= 0)
    .sort((a, b) => compareDates(a.event.on, b.event.on) || a.index - b.index);

  for (const { event, index } of ordered) {
    const on = event.on;
    if (closedOn !== null) {
      issue("EVENT_AFTER_CLOSE", "ERROR", index, `申请已于${formatChineseDate(closedOn)}办结，其后登记的事项不再计入办理时限`);
      continue;
    }
    if (compareDates(on, receivedOn) < 0) {
      issue("EVENT_BEFORE_RECEIPT", "ERROR", index, `登记日期${formatChineseDate(on)}早于收到申请之日${formatChineseDate(receivedOn)}，请核对`);
      continue;
    }
    switch (event.type) {
      case "CORRECTION_REQUESTED": {
        if (correctionRequestedOn !== null) {
          issue(
            "CORRECTION_ALREADY_REQUESTED",
            "ERROR",
            index,
            `补正告知应当一次性作出（${ARTICLE}第三十条），本申请已于${formatChineseDate(correctionRequestedOn)}发出补正告知，不得再次要求补正`,
          );
          break;
        }
        if (compareDates(on, requestLatestOn) > 0) {
          issue(
            "CORRECTION_TOO_LATE",
            "ERROR",
            index,
            `要求补正应当自收到申请之日起${settings.correctionRequestWithinWorkingDays}个工作日内作出（${ARTICLE}第三十条），本申请的补正告知期限已于${formatChineseDate(requestLatestOn)}届满`,
          );
          break;
        }
        const deadline = event.deadlineOn ?? calendar.addWorkingDays(on, settings.defaultCorrectionPeriodWorkingDays);
        if (compareDates(deadline, on) <= 0) {
          issue("CORRECTION_DEADLINE_INVALID", "ERROR", index, "补正期限应当晚于补正告知书的出具日期");
          break;
        }
        correctionRequestedOn = on;
        correctionDeadlineOn = deadline;
        awaitingCorrection = true;
        break;
      }
      case "CORRECTION_RECEIVED": {
        if (!awaitingCorrection) {
          issue("CORRECTION_NOT_REQUESTED", "ERROR", index, "本申请没有待补正的告知，不能登记收到补正材料");
          break;
        }
        if (correctionDeadlineOn !== null && compareDates(on, correctionDeadlineOn) > 0) {
          issue(
            "CORRECTION_RECEIVED_LATE",
            "WARNING",
            index,
            `补正材料在补正期限（${formatChineseDate(correctionDeadlineOn)}）届满后收到；已按收到补正之日重新起算答复期限`,
          );
        }
        awaitingCorrection = false;
        correctionReceivedOn = on;
        clockStartOn = on;
        break;
      }
      case "CONSULTATION_STARTED": {
        if (open !== null) {
          issue("CONSULTATION_ALREADY_OPEN", "ERROR", index, `已有自${formatChineseDate(open.startedOn)}起尚未结束的征求意见，请先登记其结束`);
          break;
        }
        const consultee = event.consultee ?? "THIRD_PARTY";
        const thirdPartyDeadlineOn =
          consultee === "THIRD_PARTY"
            ? calendar.addWorkingDays(event.recipientReceivedOn ?? on, settings.thirdPartyWorkingDays)
            : null;
        const pauseLimitOn = consultee === "THIRD_PARTY" ? calendar.addWorkingDays(on, settings.thirdPartyWorkingDays) : null;
        open = { consultee, startedOn: on, pausedUntil: null, endedOn: null, thirdPartyDeadlineOn, pauseLimitOn };
        consultations.push(open);
        break;
      }
      case "CONSULTATION_ENDED": {
        if (open === null) {
          issue("CONSULTATION_NOT_OPEN", "ERROR", index, "没有正在进行的征求意见，不能登记结束");
          break;
        }
        if (compareDates(on, open.startedOn) < 0) {
          issue("CONSULTATION_END_BEFORE_START", "ERROR", index, "征求意见的结束日期不能早于开始日期");
          break;
        }
        open.endedOn = on;
        open.pausedUntil = on;
        if (open.pauseLimitOn !== null && compareDates(on, open.pauseLimitOn) > 0) {
          open.pausedUntil = open.pauseLimitOn;
          issue(
            "CONSULTATION_PAUSE_CAPPED",
            "WARNING",
            index,
            `第三方应当自收到征求意见书之日起${settings.thirdPartyWorkingDays}个工作日内提出意见（${ARTICLE}第三十二条），征求意见不计入答复期限的时间最多${settings.thirdPartyWorkingDays}个工作日，${formatChineseDate(open.pauseLimitOn)}以后的时间计入答复期限`,
          );
        }
        open = null;
        break;
      }
      case "EXTENSION_GRANTED": {
        if (!Number.isInteger(event.workingDays) || event.workingDays <= 0) {
          issue("EXTENSION_INVALID_LENGTH", "ERROR", index, "延长答复期限的天数应为正整数（工作日）");
          break;
        }
        if (extension > 0) {
          issue("EXTENSION_ALREADY_GRANTED", "ERROR", index, "本申请已经延长过答复期限，不能再次延长");
          break;
        }
        if (event.workingDays > settings.maxExtensionWorkingDays) {
          issue(
            "EXTENSION_EXCEEDS_LIMIT",
            "ERROR",
            index,
            `延长答复的期限最长不得超过${settings.maxExtensionWorkingDays}个工作日（${ARTICLE}第三十三条）`,
          );
          break;
        }
        if (awaitingCorrection) {
          issue("EXTENSION_WHILE_AWAITING_CORRECTION", "ERROR", index, "申请人补正前答复期限尚未起算，不需要延长");
          break;
        }
        const current = walkToDue(calendar, clockStartOn, settings.replyWorkingDays, consultations).dueOn;
        if (current !== null && compareDates(on, current) > 0) {
          issue(
            "EXTENSION_AFTER_DUE_DATE",
            "ERROR",
            index,
            `答复期限已于${formatChineseDate(current)}届满，届满后不能再延长（${ARTICLE}第三十三条）`,
          );
          break;
        }
        extension = event.workingDays;
        break;
      }
      case "CLOSED": {
        closedOn = on;
        break;
      }
    }
  }

  // An open third-party consultation whose window has passed stops pausing the clock (第三十二条).
  if (open !== null && open.pauseLimitOn !== null && compareDates(today, open.pauseLimitOn) > 0) {
    const closedBefore = closedOn !== null && compareDates(closedOn, open.pauseLimitOn) <= 0;
    if (!closedBefore) {
      open.pausedUntil = open.pauseLimitOn;
      issue(
        "CONSULTATION_PAUSE_CAPPED",
        "WARNING",
        null,
        `征求第三方意见不计入答复期限的时间（${settings.thirdPartyWorkingDays}个工作日）已于${formatChineseDate(open.pauseLimitOn)}届满，请登记征求意见结束；此后的时间计入答复期限`,
      );
      open = null;
    }
  }

  const periodWorkingDays = settings.replyWorkingDays + extension;
  const endOfCount = closedOn ?? today;
  const dueOn = awaitingCorrection ? null : walkToDue(calendar, clockStartOn, periodWorkingDays, consultations).dueOn;
  const workingDaysUsed = awaitingCorrection
    ? 0
    : countCounted(calendar, clockStartOn, dueOn ? minDate(endOfCount, dueOn) : endOfCount, consultations);

  const applicantOverdue =
    awaitingCorrection && correctionDeadlineOn !== null && compareDates(endOfCount, correctionDeadlineOn) > 0;
  if (applicantOverdue && closedOn === null) {
    issue(
      "CORRECTION_OVERDUE",
      "WARNING",
      null,
      `申请人未在补正期限（${formatChineseDate(correctionDeadlineOn!)}）内补正；无正当理由逾期不补正的，视为放弃申请（${ARTICLE}第三十条）`,
    );
  }

  const phase: ApplicationClockPhase =
    closedOn !== null ? "CLOSED" : awaitingCorrection ? "AWAITING_CORRECTION" : dueOn === null ? "IN_CONSULTATION" : "RUNNING";
  const paused = phase === "AWAITING_CORRECTION" || phase === "IN_CONSULTATION";

  let workingDaysRemaining: number | null = null;
  if (phase === "RUNNING") workingDaysRemaining = calendar.workingDaysBetween(today, dueOn!);
  else if (paused) workingDaysRemaining = periodWorkingDays - workingDaysUsed;

  const consultationOut: ConsultationSpan[] = consultations.map((c) => {
    const last = c.pausedUntil === null ? endOfCount : minDate(c.pausedUntil, endOfCount);
    const pausedWorkingDays = compareDates(last, c.startedOn) <= 0 ? 0 : calendar.workingDaysBetween(c.startedOn, last);
    return {
      consultee: c.consultee,
      startedOn: c.startedOn,
      endedOn: c.endedOn,
      pausedUntil: c.pausedUntil,
      thirdPartyDeadlineOn: c.thirdPartyDeadlineOn,
      pausedWorkingDays,
    };
  });

  const provisionalYears = dueOn === null ? [] : unscheduledYears(calendar, clockStartOn, dueOn);
  return {
    today,
    phase,
    paused,
    clockStartOn,
    periodWorkingDays,
    extensionWorkingDays: extension,
    dueOn,
    provisional: provisionalYears.length > 0,
    provisionalYears,
    workingDaysUsed,
    workingDaysRemaining,
    overdue: phase === "RUNNING" && compareDates(today, dueOn!) > 0,
    correction: {
      requestLatestOn,
      requestedOn: correctionRequestedOn,
      deadlineOn: correctionDeadlineOn,
      receivedOn: correctionReceivedOn,
      canRequest: closedOn === null && correctionRequestedOn === null && compareDates(today, requestLatestOn) <= 0,
      applicantOverdue,
    },
    consultations: consultationOut,
    thirdPartyDeadlineOn: open?.thirdPartyDeadlineOn ?? null,
    closedOn,
    closedLate: closedOn === null ? null : dueOn !== null && compareDates(closedOn, dueOn) > 0,
    issues,
  };
}

/**
 * Checks an event before it is recorded: returns the ERROR it would raise (zh-CN message for the
 * form), or null when it is acceptable. Same rules as computeApplicationClock.
 */
export function validateClockEvent(
  calendar: WorkingCalendar,
  input: ApplicationClockInput,
  event: ApplicationClockEvent,
  settings: ApplicationClockSettings = DEFAULT_APPLICATION_CLOCK_SETTINGS,
): ClockIssue | null {
  const events = [...input.events, event];
  const latest = events.reduce((acc, e) => (compareDates(e.on, acc) > 0 ? e.on : acc), input.receivedOn);
  const result = computeApplicationClock(calendar, { receivedOn: input.receivedOn, events }, latest, settings);
  return result.issues.find((i) => i.eventIndex === events.length - 1 && i.severity === "ERROR") ?? null;
}
