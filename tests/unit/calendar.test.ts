import { afterEach, describe, expect, it } from "vitest";
import {
  addCalendarDays,
  asChinaDate,
  calendarDaysBetween,
  chinaDayStart,
  dayOfWeek,
  formatChineseDate,
  isIsoDate,
  toChinaDate,
} from "../../lib/calendar/dates";
import {
  OFFICIAL_SCHEDULE_LAST_YEAR,
  createWorkingCalendar,
  validateCalendarOverrides,
} from "../../lib/calendar/working-days";

const cal = createWorkingCalendar();

describe("2026 official schedule as the package reports it", () => {
  // 国务院办公厅 2025-11 notice; every day below was checked against chinese-days 1.5.7.
  const holidays = [
    "2026-01-01", "2026-01-02", "2026-01-03",
    "2026-02-15", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-02-21", "2026-02-22", "2026-02-23",
    "2026-04-04", "2026-04-05", "2026-04-06",
    "2026-05-01", "2026-05-02", "2026-05-03", "2026-05-04", "2026-05-05",
    "2026-06-19", "2026-06-20", "2026-06-21",
    "2026-09-25", "2026-09-26", "2026-09-27",
    "2026-10-01", "2026-10-02", "2026-10-03", "2026-10-04", "2026-10-05", "2026-10-06", "2026-10-07",
  ];
  const makeUpDays = ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"];

  it.each(holidays)("%s is a holiday", (d) => {
    expect(cal.isWorkingDay(d)).toBe(false);
    expect(cal.describeDay(d).source).toBe("OFFICIAL");
  });

  it.each(makeUpDays)("%s is a make-up working day on a weekend", (d) => {
    expect(cal.isWorkingDay(d)).toBe(true);
    expect(dayOfWeek(d) === 0 || dayOfWeek(d) === 6).toBe(true);
    expect(cal.describeDay(d).makeUpWorkday).toBe(true);
  });

  it("has no other non-working weekday and no other working weekend day in 2026", () => {
    let offWeekdays = 0;
    let workedWeekends = 0;
    for (let d = "2026-01-01"; d < "2027-01-01"; d = addCalendarDays(d, 1)) {
      const weekend = dayOfWeek(d) === 0 || dayOfWeek(d) === 6;
      if (!weekend && !cal.isWorkingDay(d)) offWeekdays++;
      if (weekend && cal.isWorkingDay(d)) workedWeekends++;
    }
    // Weekday holidays: 元旦 2 (Thu, Fri), 春节 6 (Feb 16–20, 23), 清明 1 (Apr 6), 劳动节 3 (May 1, 4, 5),
    // 端午 1 (Jun 19), 中秋 1 (Sep 25), 国庆 5 (Oct 1, 2, 5, 6, 7) = 19.
    expect(offWeekdays).toBe(19);
    expect(workedWeekends).toBe(6);
  });

  it("names holidays in Chinese and leaves ordinary days unnamed", () => {
    expect(cal.describeDay("2026-02-17")).toEqual({
      date: "2026-02-17", working: false, source: "OFFICIAL", name: "春节", makeUpWorkday: false,
    });
    expect(cal.describeDay("2026-10-10").name).toBe("国庆节");
    expect(cal.describeDay("2026-03-10")).toEqual({
      date: "2026-03-10", working: true, source: "REGULAR", name: null, makeUpWorkday: false,
    });
    expect(cal.describeDay("2026-03-14").working).toBe(false);
  });

  it("knows which years have a schedule", () => {
    expect(OFFICIAL_SCHEDULE_LAST_YEAR).toBe(2026);
    expect(cal.hasHolidaySchedule(2026)).toBe(true);
    expect(cal.hasHolidaySchedule(2027)).toBe(false);
    // A single override row does not make the year known; entering the whole year does.
    expect(createWorkingCalendar([{ date: "2027-01-01", kind: "HOLIDAY", name: "元旦" }]).hasHolidaySchedule(2027)).toBe(false);
    expect(createWorkingCalendar([], { scheduledYears: [2027] }).hasHolidaySchedule(2027)).toBe(true);
  });
});

describe("overrides", () => {
  it("win over the package in both directions", () => {
    const c = createWorkingCalendar([
      { date: "2026-03-10", kind: "HOLIDAY", name: "临时停止办公" },
      { date: "2026-10-10", kind: "HOLIDAY" }, // an official make-up Saturday turned off
      { date: "2026-10-05", kind: "WORKDAY" }, // an official holiday turned into a working day
      { date: "2027-01-01", kind: "HOLIDAY", name: "元旦" },
    ]);
    expect(c.isWorkingDay("2026-03-10")).toBe(false);
    expect(c.describeDay("2026-03-10")).toMatchObject({ source: "OVERRIDE", name: "临时停止办公" });
    expect(c.isWorkingDay("2026-10-10")).toBe(false);
    expect(c.isWorkingDay("2026-10-05")).toBe(true);
    expect(c.isWorkingDay("2027-01-01")).toBe(false);
    expect(cal.isWorkingDay("2027-01-01")).toBe(true); // the package has no 2027 data
    // Other calendars are not affected.
    expect(cal.isWorkingDay("2026-03-10")).toBe(true);
  });

  it("are validated with messages for the admin form", () => {
    const problems = validateCalendarOverrides([
      { date: "2027-02-30", kind: "HOLIDAY" },
      { date: "2027-01-01", kind: "HOLIDAY" },
      { date: "2027-01-01", kind: "WORKDAY" },
      { date: "2027-01-02", kind: "REST" as never },
    ]);
    expect(problems.map((p) => p.index)).toEqual([0, 2, 3]);
    expect(problems[0].message).toContain("格式不正确");
    expect(problems[1].message).toContain("只能设置一次");
    expect(() => createWorkingCalendar([{ date: "2027-1-1", kind: "HOLIDAY" }])).toThrow(RangeError);
    expect(validateCalendarOverrides([{ date: "2027-01-01", kind: "HOLIDAY" }])).toEqual([]);
  });
});

describe("counting convention: the start day is not counted", () => {
  it("addWorkingDays(d, n) is the n-th working day strictly after d", () => {
    expect(cal.addWorkingDays("2026-03-09", 1)).toBe("2026-03-10"); // Mon → Tue
    expect(cal.addWorkingDays("2026-03-13", 1)).toBe("2026-03-16"); // Fri → Mon, weekend skipped
    expect(cal.addWorkingDays("2026-03-14", 1)).toBe("2026-03-16"); // from a Saturday
    expect(cal.addWorkingDays("2026-03-09", 0)).toBe("2026-03-09");
    // 2026-02-13 (Fri) → Sat 02-14 is a make-up day.
    expect(cal.addWorkingDays("2026-02-13", 1)).toBe("2026-02-14");
    // 2026-02-14 → skip 02-15..02-23 (春节) → 02-24.
    expect(cal.addWorkingDays("2026-02-14", 1)).toBe("2026-02-24");
    // Backwards: the working day before 2026-10-08 is 2026-09-30 (Oct 1–7 off).
    expect(cal.addWorkingDays("2026-10-08", -1)).toBe("2026-09-30");
  });

  it("workingDaysBetween counts (a, b] and is the inverse of addWorkingDays", () => {
    expect(cal.workingDaysBetween("2026-03-09", "2026-03-09")).toBe(0);
    expect(cal.workingDaysBetween("2026-03-09", "2026-03-13")).toBe(4);
    expect(cal.workingDaysBetween("2026-03-13", "2026-03-09")).toBe(-4);
    // 2026-09-30 → 2026-10-12: Oct 8, 9, 10 (Sat, make-up), 12 = 4.
    expect(cal.workingDaysBetween("2026-09-30", "2026-10-12")).toBe(4);
    for (const start of ["2026-01-01", "2026-02-13", "2026-04-30", "2026-09-24", "2026-12-30"]) {
      for (const n of [1, 7, 15, 20, 40]) {
        expect(cal.workingDaysBetween(start, cal.addWorkingDays(start, n))).toBe(n);
      }
    }
  });

  it("nextWorkingDayOnOrAfter keeps a working day and skips a holiday run", () => {
    expect(cal.nextWorkingDayOnOrAfter("2026-10-10")).toBe("2026-10-10");
    expect(cal.nextWorkingDayOnOrAfter("2026-10-03")).toBe("2026-10-08");
  });

  it("rejects malformed dates and fractional counts", () => {
    expect(() => cal.isWorkingDay("2026-2-1")).toThrow(RangeError);
    expect(() => cal.addWorkingDays("2026-02-29", 1)).toThrow(RangeError);
    expect(() => cal.addWorkingDays("2026-02-10", 1.5)).toThrow(RangeError);
  });
});

describe("dates in China, independent of the server time zone", () => {
  const originalTz = process.env.TZ;
  afterEach(() => {
    process.env.TZ = originalTz;
  });

  it("converts instants to the China calendar date", () => {
    // 16:30 UTC on Jan 31 is 00:30 on Feb 1 in Beijing.
    expect(toChinaDate(new Date("2026-01-31T16:30:00Z"))).toBe("2026-02-01");
    expect(toChinaDate(new Date("2026-01-31T15:59:59Z"))).toBe("2026-01-31");
    expect(chinaDayStart("2026-02-01").toISOString()).toBe("2026-01-31T16:00:00.000Z");
    expect(asChinaDate("2026-02-01")).toBe("2026-02-01");
    expect(() => toChinaDate(new Date("nope"))).toThrow(RangeError);
  });

  it("gives the same answers on a server west of UTC", () => {
    process.env.TZ = "America/New_York";
    expect(new Date(2026, 0, 1).getTimezoneOffset()).toBeGreaterThan(0); // the zone really changed
    const c = createWorkingCalendar();
    expect(c.isWorkingDay("2026-01-01")).toBe(false);
    expect(c.isWorkingDay("2026-01-04")).toBe(true);
    expect(c.isWorkingDay("2025-12-31")).toBe(true);
    expect(c.addWorkingDays("2026-09-28", 20)).toBe("2026-10-30");
    expect(toChinaDate(new Date("2026-01-31T16:30:00Z"))).toBe("2026-02-01");
    expect(dayOfWeek("2026-01-04")).toBe(0);
  });

  it("has plain date helpers", () => {
    expect(addCalendarDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(addCalendarDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(calendarDaysBetween("2026-02-10", "2026-03-16")).toBe(34);
    expect(isIsoDate("2026-02-29")).toBe(false);
    expect(isIsoDate("2028-02-29")).toBe(true);
    expect(formatChineseDate("2026-01-04")).toBe("2026年1月4日");
  });
});
