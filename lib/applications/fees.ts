/**
 * 信息处理费 (information processing fee) per 《政府信息公开信息处理费管理办法》(国办函〔2020〕109号).
 *
 * As a rule no fee is charged. Where one is, the office picks one method per application:
 * - 按件 (PER_CASE): by the number of applications the same applicant filed in one calendar month —
 *   the first ones are free, the later ones are charged at the price of the band they fall in, and
 *   above the last configured band the price rises by a step for each further band of fixed size;
 * - 按量 (PER_PAGE): by the number of pages of one application, progressively — each page is
 *   charged at the price of the band it falls in, the first pages free.
 * Only the part above the free allowance is charged. All amounts are integer 分 (fen) so sums are
 * exact; limits and prices come from settings because the office must follow the province's
 * implementing rules, which may differ.
 */
import { asChinaDate, monthOf, type IsoDate } from "../calendar/dates";
import type { WorkingCalendar } from "../calendar/working-days";

export type FeeMethod = "PER_CASE" | "PER_PAGE";

export interface FeeBand {
  /** First unit (件 or 页) in the band, 1-based, inclusive. */
  from: number;
  /** Last unit, inclusive; null = no upper limit. */
  to: number | null;
  /** Price per unit in 分. */
  unitPriceFen: number;
}

export interface PerCaseFeeSettings {
  /** Configured bands, contiguous from 1. */
  bands: FeeBand[];
  /** Above the last band (whose `to` must be set): bands of `bandSize`, each `stepFen` dearer. */
  escalation: { bandSize: number; stepFen: number } | null;
}

export interface FeeSettings {
  perCase: PerCaseFeeSettings;
  /** Contiguous from 1; the last band may be open-ended. */
  perPage: { bands: FeeBand[] };
  /** Working days the applicant has to pay after the 收费通知 (domain note: check against local rules). */
  paymentPeriodWorkingDays: number;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

export const DEFAULT_FEE_SETTINGS: Readonly<FeeSettings> = deepFreeze({
  perCase: {
    bands: [
      { from: 1, to: 10, unitPriceFen: 0 },
      { from: 11, to: 30, unitPriceFen: 100_00 },
    ],
    // 31–40 at 200元, 41–50 at 300元 … (国办函〔2020〕109号: 以10件为一档，每增加10件，收费标准提高100元/件)
    escalation: { bandSize: 10, stepFen: 100_00 },
  },
  perPage: {
    bands: [
      { from: 1, to: 30, unitPriceFen: 0 },
      { from: 31, to: 100, unitPriceFen: 10_00 },
      { from: 101, to: 200, unitPriceFen: 20_00 },
      { from: 201, to: null, unitPriceFen: 40_00 },
    ],
  },
  paymentPeriodWorkingDays: 20,
} satisfies FeeSettings);

export interface FeeLine {
  /** The band's limits, e.g. 11–30 (to null = open-ended). */
  bandFrom: number;
  bandTo: number | null;
  /** The units of this application that fall in the band. */
  unitsFrom: number;
  unitsTo: number;
  quantity: number;
  unitPriceFen: number;
  subtotalFen: number;
  /** zh-CN line for the 收费通知书, e.g. "本月第11—30件档：第11件，1件×100.00元". */
  label: string;
}

export interface FeeQuote {
  method: FeeMethod;
  /** PER_CASE: applications filed earlier in the same month (the month of `receivedOn`). */
  earlierThisMonth: number | null;
  /** Units of this application: 件 (PER_CASE) or 页 (PER_PAGE). */
  quantity: number;
  lines: FeeLine[];
  totalFen: number;
  /** "1700.00" */
  totalYuan: string;
  chargeable: boolean;
}

/** "1700.00" from 170000 分, exact. */
export function formatYuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`Amount in 分 must be an integer: ${fen}`);
  const sign = fen < 0 ? "-" : "";
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

function assertBands(bands: readonly FeeBand[], what: string): void {
  if (bands.length === 0) throw new RangeError(`${what}: no fee bands`);
  bands.forEach((band, i) => {
    const expectedFrom = i === 0 ? 1 : (bands[i - 1].to ?? NaN) + 1;
    if (band.from !== expectedFrom) throw new RangeError(`${what}: band ${i} must start at ${expectedFrom}`);
    if (band.to !== null && (!Number.isInteger(band.to) || band.to < band.from)) {
      throw new RangeError(`${what}: band ${i} ends before it starts`);
    }
    if (band.to === null && i !== bands.length - 1) throw new RangeError(`${what}: only the last band may be open-ended`);
    if (!Number.isSafeInteger(band.unitPriceFen) || band.unitPriceFen < 0) {
      throw new RangeError(`${what}: band ${i} price must be a non-negative integer in 分`);
    }
  });
}

/** The band that contains unit `n` (1-based), generating escalation bands as needed. */
function perCaseBand(settings: PerCaseFeeSettings, n: number): FeeBand {
  const configured = settings.bands.find((b) => n >= b.from && (b.to === null || n <= b.to));
  if (configured) return configured;
  const last = settings.bands[settings.bands.length - 1];
  if (last.to === null || settings.escalation === null) {
    throw new RangeError("Per-case fee settings do not cover this many applications");
  }
  const { bandSize, stepFen } = settings.escalation;
  const k = Math.floor((n - last.to - 1) / bandSize); // 0 = first band above the configured ones
  const from = last.to + 1 + k * bandSize;
  return { from, to: from + bandSize - 1, unitPriceFen: last.unitPriceFen + (k + 1) * stepFen };
}

function pageBand(bands: readonly FeeBand[], n: number): FeeBand {
  const band = bands.find((b) => n >= b.from && (b.to === null || n <= b.to));
  if (!band) throw new RangeError("Per-page fee settings do not cover this many pages");
  return band;
}

/** Splits units first..last into lines by band and prices them. */
function price(
  first: number,
  last: number,
  bandOf: (n: number) => FeeBand,
  label: (band: FeeBand, from: number, to: number, qty: number, unitFen: number) => string,
): FeeLine[] {
  const lines: FeeLine[] = [];
  let n = first;
  while (n <= last) {
    const band = bandOf(n);
    const to = band.to === null ? last : Math.min(band.to, last);
    const quantity = to - n + 1;
    const subtotalFen = quantity * band.unitPriceFen;
    lines.push({
      bandFrom: band.from,
      bandTo: band.to,
      unitsFrom: n,
      unitsTo: to,
      quantity,
      unitPriceFen: band.unitPriceFen,
      subtotalFen,
      label: label(band, n, to, quantity, band.unitPriceFen),
    });
    n = to + 1;
  }
  return lines;
}

const range = (from: number, to: number | null, unit: string) =>
  to === null ? `第${from}${unit}以上` : from === to ? `第${from}${unit}` : `第${from}—${to}${unit}`;

function quote(method: FeeMethod, earlier: number | null, quantity: number, lines: FeeLine[]): FeeQuote {
  const totalFen = lines.reduce((sum, l) => sum + l.subtotalFen, 0);
  return { method, earlierThisMonth: earlier, quantity, lines, totalFen, totalYuan: formatYuan(totalFen), chargeable: totalFen > 0 };
}

export interface EarlierApplication {
  /** Receipt date (第三十一条) or the instant it was received. */
  receivedOn: IsoDate | Date;
  /** How many 件 it counted as; 1 unless the office split it. */
  cases?: number;
}

export interface PerCaseFeeInput {
  method: "PER_CASE";
  /** Receipt date of this application; its calendar month is the counting month. */
  receivedOn: IsoDate | Date;
  /** The applicant's earlier applications (any dates: only those in the same month count), or their count this month. */
  earlier: readonly EarlierApplication[] | number;
  /** How many 件 this application counts as (default 1). */
  cases?: number;
}

export interface PerPageFeeInput {
  method: "PER_PAGE";
  pages: number;
}

export type FeeInput = PerCaseFeeInput | PerPageFeeInput;

function assertCount(n: number, what: string): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`${what} must be a non-negative integer: ${n}`);
}

export function calculateFee(input: FeeInput, settings: FeeSettings = DEFAULT_FEE_SETTINGS): FeeQuote {
  if (input.method === "PER_PAGE") {
    assertBands(settings.perPage.bands, "perPage");
    assertCount(input.pages, "pages");
    const lines = input.pages === 0
      ? []
      : price(1, input.pages, (n) => pageBand(settings.perPage.bands, n), (band, from, to, qty, unit) =>
          `${range(band.from, band.to, "页")}档：${range(from, to, "页")}，${qty}页×${formatYuan(unit)}元`,
        );
    return quote("PER_PAGE", null, input.pages, lines);
  }

  assertBands(settings.perCase.bands, "perCase");
  if (settings.perCase.escalation) {
    const { bandSize, stepFen } = settings.perCase.escalation;
    if (!Number.isInteger(bandSize) || bandSize <= 0 || !Number.isSafeInteger(stepFen) || stepFen < 0) {
      throw new RangeError("perCase escalation must have a positive band size and a non-negative step in 分");
    }
  }
  const cases = input.cases ?? 1;
  if (!Number.isSafeInteger(cases) || cases < 1) throw new RangeError(`cases must be a positive integer: ${cases}`);
  // The count resets each calendar month (国办函〔2020〕109号: 同一申请人一个自然月内累计申请).
  const month = monthOf(asChinaDate(input.receivedOn));
  let earlier: number;
  if (typeof input.earlier === "number") {
    assertCount(input.earlier, "earlier");
    earlier = input.earlier;
  } else {
    earlier = input.earlier
      .filter((a) => monthOf(asChinaDate(a.receivedOn)) === month)
      .reduce((sum, a) => {
        const c = a.cases ?? 1;
        assertCount(c, "cases");
        return sum + c;
      }, 0);
  }
  const lines = price(earlier + 1, earlier + cases, (n) => perCaseBand(settings.perCase, n), (band, from, to, qty, unit) =>
    `本月${range(band.from, band.to, "件")}档：${range(from, to, "件")}，${qty}件×${formatYuan(unit)}元`,
  );
  return quote("PER_CASE", earlier, cases, lines);
}

/**
 * Last day to pay: the period runs from the day the applicant receives the 收费通知 (the delivery
 * date recorded with the letter; for online delivery, the day it is issued on /track), that day
 * itself not counted — not from the day the office issues it.
 */
export function paymentDueOn(
  calendar: WorkingCalendar,
  applicantReceivedOn: IsoDate,
  settings: FeeSettings = DEFAULT_FEE_SETTINGS,
): IsoDate {
  return calendar.addWorkingDays(applicantReceivedOn, settings.paymentPeriodWorkingDays);
}
