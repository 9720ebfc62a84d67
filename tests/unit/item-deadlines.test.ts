import { describe, expect, it } from "vitest";
import { createWorkingCalendar } from "../../lib/calendar/working-days";
import {
  DEFAULT_ITEM_DEADLINE_SETTINGS,
  computeItemDueDates,
  evaluateItemClocks,
  type ItemDeadlineSettings,
} from "../../lib/items/deadlines";

const cal = createWorkingCalendar();

describe("due dates (hand-worked on the 2026 calendar)", () => {
  it("生成日期 2026-09-28 across 国庆", () => {
    const due = computeItemDueDates(cal, { generatedOn: "2026-09-28", approvedOn: "2026-09-30" });
    // Sign-off: Sep 28 + 5 calendar days = Sat Oct 3, a 国庆 holiday; rolls to the next working day:
    // Oct 4–7 are off too → Thu Oct 8.
    expect(due.signOffDueOn).toBe("2026-10-08");
    // Publish: approved Sep 30 + 10 = Sat Oct 10, a make-up working day, so it stays.
    expect(due.publishDueOn).toBe("2026-10-10");
    // Statutory: Sep 29–30 (2), skip Oct 1–7, Oct 8–9 (4), Sat Oct 10 (5), 12–16 (10), 19–23 (15), Oct 26–30 (20).
    expect(due.statutoryDueOn).toBe("2026-10-30");
  });

  it("生成日期 2026-02-10 across 春节", () => {
    const due = computeItemDueDates(cal, { generatedOn: "2026-02-10", approvedOn: "2026-02-13" });
    // Sign-off: Feb 10 + 5 = Sun Feb 15 (春节); Feb 16–23 off → Tue Feb 24.
    expect(due.signOffDueOn).toBe("2026-02-24");
    // Publish: Feb 13 + 10 = Mon Feb 23, last day of 春节 → Tue Feb 24.
    expect(due.publishDueOn).toBe("2026-02-24");
    // Statutory: Feb 11–13 (3), Sat Feb 14 (4), skip Feb 15–23, Feb 24–27 (8), Sat Feb 28 (9),
    // Mar 2–6 (14), Mar 9–13 (19), Mar 16 (20).
    expect(due.statutoryDueOn).toBe("2026-03-16");
  });

  it("plain calendar days when roll-forward is switched off", () => {
    const settings: ItemDeadlineSettings = {
      ...DEFAULT_ITEM_DEADLINE_SETTINGS,
      signOff: { length: 5, unit: "CALENDAR_DAYS", rollForwardToWorkingDay: false },
    };
    expect(computeItemDueDates(cal, { generatedOn: "2026-09-28" }, settings).signOffDueOn).toBe("2026-10-03");
  });

  it("a period set in working days", () => {
    const settings: ItemDeadlineSettings = {
      ...DEFAULT_ITEM_DEADLINE_SETTINGS,
      signOff: { length: 5, unit: "WORKING_DAYS" },
    };
    // Sep 29, 30 (2), skip Oct 1–7, Oct 8, 9 (4), Sat Oct 10 (5).
    expect(computeItemDueDates(cal, { generatedOn: "2026-09-28" }, settings).signOffDueOn).toBe("2026-10-10");
  });

  it("no publish due date before approval", () => {
    expect(computeItemDueDates(cal, { generatedOn: "2026-03-02" }).publishDueOn).toBeNull();
  });

  it("an override for 2027 moves the statutory ceiling", () => {
    // 生成日期 Thu 2026-12-24. Without 2027 data: Dec 25 (1), Dec 28–31 (5), Fri Jan 1 2027 (6),
    // Jan 4–8 (11), 11–15 (16), Jan 18–21 (20).
    expect(computeItemDueDates(cal, { generatedOn: "2026-12-24" }).statutoryDueOn).toBe("2027-01-21");
    // With 元旦 entered by staff, Jan 1 is skipped: … Jan 4–8 (10), 11–15 (15), Jan 18–22 (20).
    const withNewYear = createWorkingCalendar([{ date: "2027-01-01", kind: "HOLIDAY", name: "元旦" }]);
    expect(computeItemDueDates(withNewYear, { generatedOn: "2026-12-24" }).statutoryDueOn).toBe("2027-01-22");
  });

  it("an override turning a working day into a holiday moves a rolled due date", () => {
    // 生成日期 Wed 2026-03-04 + 5 = Mon Mar 9, a working day.
    expect(computeItemDueDates(cal, { generatedOn: "2026-03-04" }).signOffDueOn).toBe("2026-03-09");
    const closed = createWorkingCalendar([{ date: "2026-03-09", kind: "HOLIDAY", name: "临时停止办公" }]);
    expect(computeItemDueDates(closed, { generatedOn: "2026-03-04" }).signOffDueOn).toBe("2026-03-10");
  });
});

describe("clock status for the dashboard", () => {
  // 生成日期 Mon 2026-03-02: sign-off due Sat Mar 7 → rolls to Mon Mar 9; statutory Mar 30.
  const draft = { phase: "DRAFT" as const, generatedOn: "2026-03-02" };

  it("on track, due soon, overdue by remaining working days", () => {
    // Mar 4: (Mar 4, Mar 9] = Mar 5, 6, 9 → 3 > 2 → on track.
    const r4 = evaluateItemClocks(cal, draft, "2026-03-04");
    expect(r4.clocks[0]).toEqual({ clock: "SIGN_OFF", dueOn: "2026-03-09", status: "ON_TRACK", metOn: null, workingDaysRemaining: 3, provisional: false });
    expect(r4.attention).toBe("ON_TRACK");
    // Mar 5: Mar 6, 9 → 2 → due soon.
    const r5 = evaluateItemClocks(cal, draft, "2026-03-05");
    expect(r5.clocks[0].status).toBe("DUE_SOON");
    expect(r5.attention).toBe("DUE_SOON");
    // Sat Mar 7: only Mar 9 left → 1.
    expect(evaluateItemClocks(cal, draft, "2026-03-07").clocks[0].workingDaysRemaining).toBe(1);
    // Mar 9: due today → 0, still due soon, not overdue.
    expect(evaluateItemClocks(cal, draft, "2026-03-09").clocks[0]).toMatchObject({ status: "DUE_SOON", workingDaysRemaining: 0 });
    // Mar 10: one working day overdue.
    const r10 = evaluateItemClocks(cal, draft, "2026-03-10");
    expect(r10.clocks[0]).toMatchObject({ status: "OVERDUE", workingDaysRemaining: -1 });
    expect(r10.attention).toBe("OVERDUE");
    // The statutory clock is still on track: (Mar 10, Mar 30] has 14 working days.
    expect(r10.clocks[2]).toMatchObject({ clock: "STATUTORY", dueOn: "2026-03-30", status: "ON_TRACK", workingDaysRemaining: 14 });
    // Publish has not started.
    expect(r10.clocks[1]).toMatchObject({ clock: "PUBLISH", status: "NOT_STARTED", dueOn: null });
  });

  it("the due-soon threshold is configurable", () => {
    const settings = { ...DEFAULT_ITEM_DEADLINE_SETTINGS, dueSoonWorkingDays: 3 };
    expect(evaluateItemClocks(cal, draft, "2026-03-04", settings).clocks[0].status).toBe("DUE_SOON");
  });

  it("met on time and met late", () => {
    const onTime = evaluateItemClocks(cal, { ...draft, phase: "SUBMITTED", submittedOn: "2026-03-09" }, "2026-03-20");
    expect(onTime.clocks[0]).toMatchObject({ status: "MET", metOn: "2026-03-09", workingDaysRemaining: null });
    const late = evaluateItemClocks(cal, { ...draft, phase: "SUBMITTED", submittedOn: "2026-03-10" }, "2026-03-20");
    expect(late.clocks[0].status).toBe("MET_LATE");
  });

  it("publication meets both the publish and the statutory clock", () => {
    const r = evaluateItemClocks(
      cal,
      {
        phase: "PUBLISHED",
        generatedOn: "2026-09-28",
        submittedOn: "2026-09-29",
        approvedOn: "2026-09-30",
        publishedOn: "2026-10-12",
      },
      "2026-11-20",
    );
    // Publish was due Oct 10 (make-up Saturday): Oct 12 is late; statutory Oct 30 is met.
    expect(r.clocks.map((c) => c.status)).toEqual(["MET", "MET_LATE", "MET"]);
    expect(r.attention).toBe("NONE");
  });

  it("a closed item stops its open clocks", () => {
    const r = evaluateItemClocks(cal, { ...draft, phase: "CLOSED" }, "2026-04-30");
    expect(r.clocks.map((c) => c.status)).toEqual(["STOPPED", "STOPPED", "STOPPED"]);
    expect(r.attention).toBe("NONE");
  });

  it("takes 'now' as an instant in China time", () => {
    // 2026-03-04T16:30Z is 00:30 on Mar 5 in Beijing → due soon (see above).
    const r = evaluateItemClocks(cal, draft, new Date("2026-03-04T16:30:00Z"));
    expect(r.today).toBe("2026-03-05");
    expect(r.clocks[0].status).toBe("DUE_SOON");
  });

  it("refuses a phase the dates do not support", () => {
    expect(() => evaluateItemClocks(cal, { ...draft, phase: "PUBLISHED", submittedOn: "2026-03-03", approvedOn: "2026-03-04" }, "2026-03-05")).toThrow(
      /publishedOn/,
    );
  });
});
