// Loads one year's records from the database and maps them onto the annual report's input
// (AnnualReportData, lib/annual-report). Every value is a plain string or number, so the result
// can be frozen as JSON when the report is submitted and rendered again byte for byte later.
//
// What is counted (year Y, China calendar days):
// - 主动公开: items first published in Y, by the name of their catalogue category, whatever their
//   state now (an item published in Y and withdrawn later was still disclosed in Y). Annual
//   reports themselves (category "nb") are not 业务工作类 information and are left out.
//   Timeliness uses the sign-off and approval that preceded the first publication (from the
//   audit log; the item row only keeps the latest revision's) and due dates from the working
//   calendar and 期限设置, as the console's clocks do.
// - Table 二 rows 规章/行政规范性文件: published (not withdrawn) items whose category, or nearest
//   ancestor, maps to RULE or NORMATIVE; issued = 成文日期, repealed = the published version's
//   废止日期.
// - Table 三: applications whose receipt was confirmed, received by 31 December of Y and not
//   closed before 1 January of Y; due dates from the application clock (extensions included).
// - Table 四: all cases (the computation picks the year's).
// - Fees: paid in Y (charged) and waived in Y (减免), from the applications.

import type { Db } from "../db/client";
import type {
  AnnualReportData,
  ApplicationRecord,
  CaseRecord,
  CatalogueRecord,
  FeeRecord,
  InspectionRecord,
  ProactiveItemRecord,
  TrainingRecord,
  YearlyFigures,
} from "../annual-report";
import { chinaDayStart, toChinaDate } from "../calendar/dates";
import { dbDateToIso, isoToDbDate, loadWorkingCalendar } from "../calendar/load-calendar";
import { computeItemDueDates } from "../items/deadlines";
import { CHANNEL_LABELS, CHANNELS } from "../items/item-input";
import { getSetting } from "../settings/settings";
import { getOrganisation } from "../org/get-organisation";
import { getDisclosureOrganisation, loadReportRecords } from "./report-records";
import { clockOf, loadClockContext } from "../applications/records";
import { effectiveReportRow, mapApplicantType, mapCaseKind, mapCaseResult, mapOutcome, shortNameOf } from "./map-records";

/** The annual-report column: its own items are not counted as 主动公开 information. */
export const ANNUAL_REPORT_CATEGORY_CODE = "nb";

export const DISTRICT_SYSTEM_NAME = CHANNEL_LABELS.DISTRICT;

export interface LoadOptions {
  /** Clock for "done by now" questions (rectifications); defaults to the wall clock. */
  now?: Date;
}

export const ZERO_FIGURES: YearlyFigures = { licensingDecisions: 0, penaltyDecisions: 0, enforcementDecisions: 0, administrativeFeesWan: 0 };

function yearRange(year: number) {
  return { start: chinaDayStart(`${year}-01-01`), end: chinaDayStart(`${year + 1}-01-01`) };
}

function channelNames(channels: readonly string[]): string[] {
  return channels
    .filter((c): c is (typeof CHANNELS)[number] => (CHANNELS as readonly string[]).includes(c))
    .map((c) => CHANNEL_LABELS[c]);
}

export interface PublishedItemFacts {
  record: ProactiveItemRecord;
  departmentId: string;
  /** 条例第二十六条: 20 working days from 生成日期 (as configured). */
  statutoryDueDate: string;
}

/**
 * Items first published in the year, with the dates of that first publication's sign-off and
 * approval and their due dates. Used by the report and by the scorecard, so both agree.
 */
export async function loadPublishedItemFacts(db: Db, year: number): Promise<PublishedItemFacts[]> {
  const { start, end } = yearRange(year);
  const [items, calendar, deadlines] = await Promise.all([
    db.item.findMany({
      where: { firstPublishedAt: { gte: start, lt: end }, category: { code: { not: ANNUAL_REPORT_CATEGORY_CODE } } },
      include: { category: true, versions: { select: { number: true, title: true, publishedAt: true } } },
      orderBy: { firstPublishedAt: "asc" },
    }),
    loadWorkingCalendar(db),
    getSetting(db, "itemDeadlines"),
  ]);
  const audits = await db.auditLog.findMany({
    where: { entityType: "Item", entityId: { in: items.map((i) => i.id) }, action: { in: ["item.signOff", "item.approve"] } },
    select: { entityId: true, action: true, at: true },
    orderBy: { id: "asc" },
  });
  return items.map((item) => {
    const first = item.firstPublishedAt!;
    // The last sign-off / approval before the first publication (a returned item is signed again).
    const before = (action: string) =>
      audits.filter((a) => a.entityId === item.id && a.action === action && a.at <= first).at(-1)?.at ?? null;
    const signedOff = before("item.signOff") ?? (item.signedOffAt && item.signedOffAt <= first ? item.signedOffAt : null);
    const approved = before("item.approve") ?? (item.approvedAt && item.approvedAt <= first ? item.approvedAt : null);
    const firstVersion =
      item.versions.filter((v) => v.publishedAt).sort((a, b) => a.number - b.number)[0] ?? item.versions.find((v) => v.number === 1);
    const formed = dbDateToIso(item.generatedDate);
    const approvedOn = approved ? toChinaDate(approved) : null;
    const due = computeItemDueDates(calendar, { generatedOn: formed, approvedOn }, deadlines);
    return {
      departmentId: item.departmentId,
      statutoryDueDate: due.statutoryDueOn,
      record: {
        id: item.id,
        indexNo: item.indexNo ?? undefined,
        title: firstVersion?.title ?? "",
        category: item.category.name,
        formedDate: formed,
        submittedDate: signedOff ? toChinaDate(signedOff) : null,
        approvedDate: approvedOn,
        publishedDate: toChinaDate(first),
        channels: channelNames(item.channels),
        submitDueDate: due.signOffDueOn,
        publishDueDate: due.publishDueOn,
      },
    };
  });
}

export async function loadProactiveItems(db: Db, year: number): Promise<ProactiveItemRecord[]> {
  return (await loadPublishedItemFacts(db, year)).map((f) => f.record);
}

export async function loadCatalogue(db: Db): Promise<CatalogueRecord[]> {
  const categories = await db.category.findMany({ select: { id: true, parentId: true, reportRow: true } });
  const byId = new Map(categories.map((c) => [c.id, c]));
  const mapped = categories.filter((c) => effectiveReportRow(c.id, byId) !== null).map((c) => c.id);
  if (mapped.length === 0) return [];
  const items = await db.item.findMany({
    where: { categoryId: { in: mapped }, state: "PUBLISHED", publishedVersionNo: { not: null } },
    include: { versions: { select: { number: true, validity: true, repealedDate: true, generatedDate: true } } },
  });
  return items.map((item) => {
    const v = item.versions.find((x) => x.number === item.publishedVersionNo);
    const repealed = v?.validity === "REPEALED" ? v.repealedDate : null;
    return {
      id: item.id,
      reportRow: effectiveReportRow(item.categoryId, byId)!,
      issuedDate: dbDateToIso(item.generatedDate),
      repealedDate: repealed ? dbDateToIso(repealed) : null,
    };
  });
}

export async function loadApplicationsAndFees(db: Db, year: number): Promise<{ applications: ApplicationRecord[]; fees: FeeRecord[] }> {
  const rows = await db.application.findMany({
    where: {
      receivedOn: { not: null, lte: isoToDbDate(`${year}-12-31`) },
      OR: [{ closedOn: null }, { closedOn: { gte: isoToDbDate(`${year}-01-01`) } }],
    },
    include: { events: { orderBy: [{ on: "asc" }, { createdAt: "asc" }] } },
    orderBy: { receivedOn: "asc" },
  });
  const ctx = await loadClockContext(db);
  const applications: ApplicationRecord[] = [];
  const fees: FeeRecord[] = [];
  for (const a of rows) {
    const closedDate = a.closedOn ? dbDateToIso(a.closedOn) : null;
    let dueDate: string | null = null;
    if (closedDate) {
      try {
        dueDate = clockOf(ctx, a, chinaDayStart(closedDate))?.dueOn ?? null;
      } catch {
        // An application whose events the clock cannot read counts as "timeliness unknown".
      }
    }
    applications.push({
      id: a.trackingCode,
      applicantType: mapApplicantType(a.applicantType),
      receivedDate: dbDateToIso(a.receivedOn!),
      closedDate,
      outcome: mapOutcome(a.outcome),
      dueDate,
    });
    const amountYuan = (a.feeAmountFen ?? 0) / 100;
    if (a.feePaidOn && !a.feeWaived) {
      fees.push({ applicationId: a.trackingCode, date: dbDateToIso(a.feePaidOn), amountYuan });
    } else if (a.feeWaived) {
      const waivedOn = a.events.find((e) => e.type === "FEE_WAIVED")?.on ?? a.closedOn ?? a.receivedOn!;
      fees.push({ applicationId: a.trackingCode, date: dbDateToIso(waivedOn), amountYuan, waived: true });
    }
  }
  return { applications, fees };
}

export async function loadCases(db: Db): Promise<CaseRecord[]> {
  const rows = await db.reviewCase.findMany({ orderBy: { filedOn: "asc" } });
  return rows.map((c) => ({
    id: c.id,
    kind: mapCaseKind(c.kind),
    filedDate: dbDateToIso(c.filedOn),
    result: mapCaseResult(c.result),
    closedDate: c.closedOn ? dbDateToIso(c.closedOn) : null,
  }));
}

export async function loadInspections(db: Db, year: number, now: Date = new Date()): Promise<InspectionRecord[]> {
  const rows = await db.inspection.findMany({
    where: { date: { gte: isoToDbDate(`${year}-01-01`), lte: isoToDbDate(`${year}-12-31`) } },
    include: { rectifications: true },
    orderBy: { date: "asc" },
  });
  const today = toChinaDate(now);
  return rows.map((i) => ({
    date: dbDateToIso(i.date),
    scope: i.scope,
    findingsCount: i.rectifications.length,
    rectifiedCount: i.rectifications.filter((r) => r.status === "DONE" && (!r.doneOn || dbDateToIso(r.doneOn) <= today)).length,
  }));
}

export async function loadTrainings(db: Db, year: number): Promise<TrainingRecord[]> {
  const rows = await db.training.findMany({
    where: { date: { gte: isoToDbDate(`${year}-01-01`), lte: isoToDbDate(`${year}-12-31`) } },
    orderBy: { date: "asc" },
  });
  return rows.map((t) => ({ date: dbDateToIso(t.date), topic: t.topic, hours: t.hours, attendees: t.attendeeIds.length }));
}

export async function loadYearFigures(db: Db, year: number): Promise<{ figures: YearlyFigures; entered: boolean }> {
  const row = await db.yearFigures.findUnique({ where: { year } });
  if (!row) return { figures: ZERO_FIGURES, entered: false };
  return {
    figures: {
      licensingDecisions: row.licensingDecisions,
      penaltyDecisions: row.penaltyDecisions,
      enforcementDecisions: row.enforcementDecisions,
      administrativeFeesWan: row.feeAmountWan,
    },
    entered: true,
  };
}

/** The year's records as the annual report's input (adjustments are added by the caller). */
export async function loadAnnualData(db: Db, year: number, options: LoadOptions = {}): Promise<AnnualReportData> {
  const [org, deadlines, proactiveItems, catalogue, appsAndFees, cases, inspections, trainings, figures, records, disclosureOrganisation] = await Promise.all([
    getOrganisation(db),
    getSetting(db, "itemDeadlines"),
    loadProactiveItems(db, year),
    loadCatalogue(db),
    loadApplicationsAndFees(db, year),
    loadCases(db),
    loadInspections(db, year, options.now),
    loadTrainings(db, year),
    loadYearFigures(db, year),
    loadReportRecords(db, year),
    getDisclosureOrganisation(db),
  ]);
  return {
    year,
    organisationName: org.name,
    shortName: shortNameOf(org.name),
    publicationPlace: DISTRICT_SYSTEM_NAME,
    limits: { submitDays: deadlines.signOff.length, publishDays: deadlines.publish.length },
    proactiveItems,
    catalogue,
    applications: appsAndFees.applications,
    fees: appsAndFees.fees,
    cases,
    inspections,
    trainings,
    figures: figures.figures,
    records,
    disclosureOrganisation,
  };
}
