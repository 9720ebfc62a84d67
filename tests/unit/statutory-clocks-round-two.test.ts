/*
 * Issue 13, clocks (1)–(6): hand-worked cases. Every date was counted by hand on the official 2026
 * calendar (chinese-days 1.5.7 = the 国务院办公厅 notice):
 *   清明 Apr 4–6 off; 劳动节 May 1–5 off, Sat May 9 worked; 端午 Jun 19–21 off; 中秋 Sep 25–27 off;
 *   国庆 Oct 1–7 off, Sun Sep 20 and Sat Oct 10 worked. The package has nothing for 2027.
 * Conventions: the start day is not counted; a pause covers (start, end].
 */
import { describe, expect, it } from "vitest";
import { computeApplicationClock } from "../../lib/applications/clock";
import { calculateFee, paymentDueOn } from "../../lib/applications/fees";
import { asChinaDate, toChinaDate } from "../../lib/calendar/dates";
import { calendarAlert, provisionalLetterSentence, unscheduledYears } from "../../lib/calendar/provisional";
import { createWorkingCalendar } from "../../lib/calendar/working-days";
import {
  calendarWithYear,
  previewYear,
  validateYearSchedule,
  yearScheduleOverrides,
  type YearScheduleInput,
} from "../../lib/calendar/year-schedule";
import { itemClockReport, type ClockedItem } from "../../lib/items/item-clocks";
import { DEFAULT_ITEM_DEADLINE_SETTINGS } from "../../lib/items/deadlines";
import { toDay } from "../../lib/annual-report/dates";
import { yearScheduleFromForm } from "../../lib/settings/calendar-year";
import { extensionNotice, feeNotice, type LetterContext } from "../../lib/letters/templates";

const cal = createWorkingCalendar();
const at = (iso: string) => new Date(iso);

describe("(1) consultation and fee pauses count (start, end]", () => {
  it("received May 6, consultation May 11→22: due Jun 15", () => {
    // Counted May 7–8 (2), Sat May 9 worked (3), Mon May 11 = start day (4). Skipped: May 12–15,
    // 18–22 (9 working days). May 25–29 (9), Jun 1–5 (14), Jun 8–12 (19), Jun 15 (20).
    const r = computeApplicationClock(
      cal,
      { receivedOn: "2026-05-06", events: [{ type: "CONSULTATION_STARTED", on: "2026-05-11" }, { type: "CONSULTATION_ENDED", on: "2026-05-22" }] },
      "2026-05-25",
    );
    expect(r.dueOn).toBe("2026-06-15");
    expect(r.consultations[0].pausedWorkingDays).toBe(9);
  });

  it("received Sep 15, consultation opened and closed Sep 16: nothing skipped, due Oct 19", () => {
    // Sep 16–18 (3), Sun Sep 20 worked (4), 21–24 (8); skipped 中秋 Sep 25–27 and 国庆 Oct 1–7 (holidays,
    // not pauses); Sep 28–30 (11), Oct 8–9 (13), Sat Oct 10 (14), 12–16 (19), Oct 19 (20).
    const r = computeApplicationClock(
      cal,
      { receivedOn: "2026-09-15", events: [{ type: "CONSULTATION_STARTED", on: "2026-09-16" }, { type: "CONSULTATION_ENDED", on: "2026-09-16" }] },
      "2026-09-17",
    );
    expect(r.dueOn).toBe("2026-10-19");
    expect(r.consultations[0].pausedWorkingDays).toBe(0);
  });

  it("a silent third party pauses at most 15 working days after the start", () => {
    // Received Mon Mar 2; consultation sent Mon Mar 9, letter reached the party Wed Mar 11.
    // Pause limit: 15 wd after Mar 9 = Mar 10–13 (4), 16–20 (9), 23–27 (14), Mar 30 (15) → Mar 30,
    // although the party's own deadline (15 wd after Mar 11) is Apr 1. Opinion recorded Apr 3.
    // Counted Mar 3–6 (4), Mar 9 (5); skipped Mar 10–30 (15 wd); Mar 31–Apr 3 (9), skip 清明,
    // Apr 7–10 (13), 13–17 (18), Apr 20–21 (20).
    const r = computeApplicationClock(
      cal,
      {
        receivedOn: "2026-03-02",
        events: [
          { type: "CONSULTATION_STARTED", on: "2026-03-09", recipientReceivedOn: "2026-03-11" },
          { type: "CONSULTATION_ENDED", on: "2026-04-03" },
        ],
      },
      "2026-04-03",
    );
    expect(r.consultations[0].thirdPartyDeadlineOn).toBe("2026-04-01");
    expect(r.consultations[0].pausedUntil).toBe("2026-03-30");
    expect(r.consultations[0].pausedWorkingDays).toBe(15);
    expect(r.dueOn).toBe("2026-04-21");
    expect(r.issues.map((i) => i.code)).toEqual(["CONSULTATION_PAUSE_CAPPED"]);
  });
});

describe("(2) a revision's clocks run from its own 生成日期", () => {
  const revision: ClockedItem = {
    state: "DRAFT",
    generatedDate: new Date("2026-01-05T00:00:00Z"), // the original's 生成日期
    signedOffAt: null,
    approvedAt: null,
    firstPublishedAt: new Date("2026-01-07T02:00:00Z"),
    lastPublishedAt: new Date("2026-01-07T02:00:00Z"),
    publishedVersionNo: 1,
    workingVersionNo: 2,
    versions: [
      { number: 1, generatedDate: new Date("2026-01-05T00:00:00Z") },
      { number: 2, generatedDate: new Date("2026-06-01T00:00:00Z") },
    ],
  };

  it("is on track the day after the revision was formed", () => {
    // From Mon Jun 1. Sign-off: 5 calendar days → Sat Jun 6, rolled to Mon Jun 8 (Jun 6–7 weekend).
    // Statutory: Jun 2–5 (4), 8–12 (9), 15–18 (13), skip 端午 Jun 19–21, 22–26 (18), Jun 29–30 (20).
    const r = itemClockReport(cal, revision, at("2026-06-02T01:00:00Z"), DEFAULT_ITEM_DEADLINE_SETTINGS);
    expect(r.clocks.find((c) => c.clock === "SIGN_OFF")).toMatchObject({ dueOn: "2026-06-08", status: "ON_TRACK" });
    expect(r.clocks.find((c) => c.clock === "STATUTORY")).toMatchObject({ dueOn: "2026-06-30", status: "ON_TRACK" });
    expect(r.attention).toBe("ON_TRACK");
  });

  it("the original version keeps its own date", () => {
    const original = { ...revision, workingVersionNo: 1, state: "DRAFT" as const, firstPublishedAt: null, lastPublishedAt: null, publishedVersionNo: null };
    // From Jan 5: statutory 20 wd ends Feb 2 (Jan 6–9 (4), 12–16 (9), 19–23 (14), 26–30 (19), Feb 2 (20)).
    const r = itemClockReport(cal, original, at("2026-06-02T01:00:00Z"), DEFAULT_ITEM_DEADLINE_SETTINGS);
    expect(r.clocks.find((c) => c.clock === "STATUTORY")).toMatchObject({ dueOn: "2026-02-02", status: "OVERDUE" });
  });
});

describe("(3) next year's calendar", () => {
  it("a due date past the known schedule is computed on weekdays and marked 暂定", () => {
    // Received Thu Dec 10 2026. Dec 11 (1), 14–18 (6), 21–25 (11), 28–31 (15); 2027 has no schedule,
    // so Fri Jan 1 counts as a weekday (16); Jan 4–7 (20). Nothing skipped but weekends.
    const r = computeApplicationClock(cal, { receivedOn: "2026-12-10", events: [] }, "2026-12-10");
    expect(r.dueOn).toBe("2027-01-07");
    expect(r.provisional).toBe(true);
    expect(r.provisionalYears).toEqual([2027]);
  });

  it("a due date inside the known year is firm", () => {
    // Received Nov 2: Nov 3–6 (4), 9–13 (9), 16–20 (14), 23–27 (19), Nov 30 (20).
    const r = computeApplicationClock(cal, { receivedOn: "2026-11-02", events: [] }, "2026-11-02");
    expect(r).toMatchObject({ dueOn: "2026-11-30", provisional: false, provisionalYears: [] });
  });

  it("once the year is entered, the date is recomputed and firm", () => {
    // A 2027 entry with 元旦 Jan 1–3 off: skipped Jan 1 (holiday) and Jan 2–3 (weekend); Dec 28–31
    // (15), Jan 4–8 (20).
    const entered = createWorkingCalendar([{ date: "2027-01-01", kind: "HOLIDAY", name: "元旦" }], { scheduledYears: [2027] });
    const r = computeApplicationClock(entered, { receivedOn: "2026-12-10", events: [] }, "2026-12-10");
    expect(r).toMatchObject({ dueOn: "2027-01-08", provisional: false });
    // A single override row is not a whole year: still 暂定.
    const single = createWorkingCalendar([{ date: "2027-01-01", kind: "HOLIDAY", name: "元旦" }]);
    expect(computeApplicationClock(single, { receivedOn: "2026-12-10", events: [] }, "2026-12-10").provisional).toBe(true);
  });

  it("flags item clocks too", () => {
    const item: ClockedItem = {
      state: "DRAFT",
      generatedDate: new Date("2026-12-10T00:00:00Z"),
      signedOffAt: null,
      approvedAt: null,
      firstPublishedAt: null,
      lastPublishedAt: null,
      publishedVersionNo: null,
      workingVersionNo: 1,
    };
    const r = itemClockReport(cal, item, at("2026-12-10T02:00:00Z"), DEFAULT_ITEM_DEADLINE_SETTINGS);
    // Sign-off Dec 15 (5 calendar days) is firm; statutory 2027-01-07 (as above) is provisional.
    expect(r.clocks.find((c) => c.clock === "SIGN_OFF")).toMatchObject({ dueOn: "2026-12-15", provisional: false });
    expect(r.clocks.find((c) => c.clock === "STATUTORY")).toMatchObject({ dueOn: "2027-01-07", provisional: true });
  });

  it("alerts from 1 November, Beijing time, until next year is known", () => {
    // 23:30 Beijing on Oct 31 is still October; 00:30 Beijing on Nov 1 is 16:30 UTC on Oct 31.
    expect(calendarAlert(cal, toChinaDate(at("2026-10-31T15:30:00Z")))).toBeNull();
    const alert = calendarAlert(cal, toChinaDate(at("2026-10-31T16:30:00Z")));
    expect(alert?.year).toBe(2027);
    expect(alert?.message).toContain("尚未录入2027年节假日安排");
    expect(calendarAlert(cal, "2026-12-05")?.year).toBe(2027);
    expect(calendarAlert(createWorkingCalendar([], { scheduledYears: [2027] }), "2026-12-05")).toBeNull();
    // In 2027 itself, without an entry, the alert stays (for the current year).
    expect(calendarAlert(cal, "2027-03-01")?.year).toBe(2027);
  });

  const entry: YearScheduleInput = {
    year: 2027,
    source: "测试用安排",
    holidays: [
      { name: "元旦", from: "2027-01-01", to: "2027-01-03" },
      { name: "春节", from: "2027-02-06", to: "2027-02-13" },
    ],
    workdays: [{ date: "2027-02-14", name: "春节调休" }],
  };

  it("validates a whole-year entry with clear messages", () => {
    expect(validateYearSchedule(entry)).toEqual([]);
    const bad = validateYearSchedule({
      year: 2027,
      source: "",
      holidays: [
        { name: "", from: "2027-05-01", to: "2027-05-05" },
        { name: "劳动节", from: "2027-05-05", to: "2027-05-06" },
        { name: "国庆节", from: "2027-10-07", to: "2027-10-01" },
      ],
      workdays: [{ date: "2027-04-28", name: "" }],
    });
    expect(bad.map((p) => p.message)).toEqual([
      "放假安排第1行：请填写节日名称，如“春节”",
      "放假安排第2行：2027-05-05已在放假安排第1行中填写",
      "放假安排第3行：结束日期不能早于开始日期",
      "调休上班第1行：2027-04-28不是周六或周日，本来就是工作日，无需设为调休上班",
    ]);
    expect(validateYearSchedule({ ...entry, year: 2026 })[0].message).toContain("已内置2026年");
    expect(validateYearSchedule({ ...entry, holidays: [] })[0].message).toBe("请至少填写一项放假安排");
  });

  it("reads the one form: the prefilled holiday names without dates are not entries", () => {
    const form: Record<string, string[]> = {
      year: ["2027"],
      source: [" 国办发明电〔2026〕X号 "],
      holidayName: ["元旦", "春节", "清明节"],
      holidayFrom: ["2027-01-01", "2027-02-06", ""],
      holidayTo: ["", "2027-02-13", ""],
      workdayDate: ["2027-02-14", ""],
      workdayName: ["春节调休", ""],
    };
    expect(yearScheduleFromForm((n) => form[n] ?? [])).toEqual({
      year: 2027,
      source: "国办发明电〔2026〕X号",
      // A one-day holiday may leave the end empty.
      holidays: [
        { name: "元旦", from: "2027-01-01", to: "2027-01-01" },
        { name: "春节", from: "2027-02-06", to: "2027-02-13" },
      ],
      workdays: [{ date: "2027-02-14", name: "春节调休" }],
    });
    expect(yearScheduleFromForm((n) => (n === "year" ? ["二〇二七"] : [])).year).toBeNaN();
  });

  it("turns the entry into rows and previews it month by month", () => {
    const rows = yearScheduleOverrides(entry);
    expect(rows).toHaveLength(3 + 8 + 1);
    const after = calendarWithYear([{ date: "2027-05-03", kind: "HOLIDAY", name: "旧设置" }, { date: "2026-12-31", kind: "HOLIDAY", name: "保留" }], [], entry);
    expect(after.hasHolidaySchedule(2027)).toBe(true);
    // The year's old rows are replaced, other years' kept.
    expect(after.isWorkingDay("2027-05-03")).toBe(true);
    expect(after.isWorkingDay("2026-12-31")).toBe(false);
    const months = previewYear(after, 2027);
    expect(months).toHaveLength(12);
    expect(months[1].days).toHaveLength(28);
    // January 2027: 21 weekdays, minus Fri Jan 1 = 20 working days.
    expect(months[0].workingDays).toBe(20);
    // February 2027: 20 weekdays, minus Feb 8–12 (5) = 15, plus Sun Feb 14 worked = 16.
    expect(months[1].workingDays).toBe(16);
    expect(months[1].days[13]).toMatchObject({ date: "2027-02-14", working: true, makeUpWorkday: true, name: "春节调休" });
    expect(months[1].days[7]).toMatchObject({ date: "2027-02-08", working: false, weekdayOff: true, name: "春节" });
  });

  it("letters carry the sentence that the date follows the State Council's notice", () => {
    expect(unscheduledYears(cal, "2026-12-10", "2027-01-07")).toEqual([2027]);
    expect(unscheduledYears(cal, "2026-11-02", "2026-11-30")).toEqual([]);
    const sentence = provisionalLetterSentence("2027-01-07", [2027]);
    expect(sentence).toBe("上述2027年1月7日系按正常工作日暂定；2027年部分节假日安排以国务院办公厅通知为准，期限相应顺延或提前的，以按该通知计算的日期为准。");
    const doc = extensionNotice(letterCtx, { reason: "需要汇总核实", workingDays: 20, issuedOn: "2026-12-10", newDueOn: "2027-01-07", provisionalYears: [2027] });
    expect(doc.body).toContain(sentence);
    const firm = extensionNotice(letterCtx, { reason: "需要汇总核实", workingDays: 20, issuedOn: "2026-11-02", newDueOn: "2026-11-30", provisionalYears: [] });
    expect(firm.body).not.toContain("暂定");
  });
});

describe("(4) 按件: earlier applications are counted by 件", () => {
  it("an earlier application counted as 3 件 counts 3 times", () => {
    // Earlier in March: 8 applications of 1 件 and one counted as 3 件 = 11 件, so this one is the
    // 12th 件: in the 11–30 band, 100元. Counted by rows (9) it would be the 10th, free.
    const earlier = [...Array.from({ length: 8 }, () => ({ receivedOn: "2026-03-02" })), { receivedOn: "2026-03-03", cases: 3 }];
    const q = calculateFee({ method: "PER_CASE", receivedOn: "2026-03-05", earlier });
    expect(q.earlierThisMonth).toBe(11);
    expect(q.totalFen).toBe(100_00);
    // February's applications do not count (the count resets each calendar month).
    const reset = calculateFee({ method: "PER_CASE", receivedOn: "2026-04-01", earlier });
    expect(reset).toMatchObject({ earlierThisMonth: 0, totalFen: 0 });
  });
});

describe("(5) the payment deadline runs from the applicant's receipt of the notice", () => {
  it("posted Mar 4, received Mar 9: due Apr 7, not Apr 1", () => {
    // From the receipt day Mon Mar 9: Mar 10–13 (4), 16–20 (9), 23–27 (14), Mar 30–Apr 3 (19),
    // skipped 清明 Apr 4–6, Apr 7 (20). From the issue day Mar 4 it would have been Apr 1.
    expect(paymentDueOn(cal, "2026-03-09")).toBe("2026-04-07");
    expect(paymentDueOn(cal, "2026-03-04")).toBe("2026-04-01");
  });

  it("a notice without a known receipt day carries the period, not a date", () => {
    const q = calculateFee({ method: "PER_PAGE", pages: 40 });
    const posted = feeNotice(letterCtx, { quote: q, issuedOn: "2026-03-04", dueOn: null, paymentPeriodWorkingDays: 20 });
    expect(posted.body).toContain("请您自收到本通知书之日起20个工作日内缴纳");
    const online = feeNotice(letterCtx, { quote: q, issuedOn: "2026-03-04", dueOn: "2026-04-01" });
    expect(online.body).toContain("请您于2026年4月1日前缴纳");
  });
});

describe("(6) date strings without a zone are refused everywhere", () => {
  it("the annual-report code refuses them like the calendar module", () => {
    expect(() => toDay("2026-12-31T20:00")).toThrow(/without a time zone/);
    expect(() => toDay("2026-12-31 20:00")).toThrow(RangeError);
    expect(() => asChinaDate("2026-12-31T20:00")).toThrow(RangeError);
    // With a zone the instant is unambiguous: 20:00 Beijing is Dec 31; 20:00 UTC is Jan 1 in Beijing.
    expect(toDay("2026-12-31T20:00+08:00")).toBe("2026-12-31");
    expect(toDay("2026-12-31T20:00:00Z")).toBe("2027-01-01");
    expect(toDay("2026-12-31")).toBe("2026-12-31");
    expect(() => toDay("2026-02-30")).toThrow(RangeError);
  });
});

const letterCtx: LetterContext = {
  org: { name: "淄博市某区四宝山街道办事处", address: "四宝山街道办事处党政办公室", phone: "0533-0000000", postcode: "255000", superior: "某区人民政府" },
  application: {
    trackingCode: "YS2026-000001",
    applicantName: "张三",
    applicantType: "NATURAL_PERSON",
    contactPerson: null,
    channel: "ONLINE",
    submittedAt: new Date("2026-03-02T02:00:00Z"),
    receivedOn: "2026-03-02",
    infoTitle: "某某信息",
    infoNumber: null,
    description: "某某信息",
    formWanted: "ELECTRONIC",
    deliveryMethod: "ONLINE",
  },
};
