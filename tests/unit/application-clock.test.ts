import { describe, expect, it } from "vitest";
import {
  computeApplicationClock,
  validateClockEvent,
  type ApplicationClockEvent,
  type ApplicationClockPhase,
  type ClockIssueCode,
} from "../../lib/applications/clock";
import { createWorkingCalendar, type CalendarOverride } from "../../lib/calendar/working-days";

/*
 * Every expected date below was counted by hand on the 2026 official calendar (checked against
 * chinese-days 1.5.7, which matches the 国务院办公厅 notice):
 *   元旦 Jan 1–3 off, Sun Jan 4 worked; 春节 Feb 15–23 off, Sat Feb 14 and Sat Feb 28 worked;
 *   清明 Apr 4–6 off; 劳动节 May 1–5 off, Sat May 9 worked; 端午 Jun 19–21 off; 中秋 Sep 25–27 off;
 *   国庆 Oct 1–7 off, Sun Sep 20 and Sat Oct 10 worked. No 2027 data in the package.
 * Conventions: the start day is not counted; a consultation (and the wait for a fee) pauses the
 * days after its start day up to and including its end day, (start, end] — the day the office
 * sends the letter is a working day that counts; a silent third party pauses at most 15 working
 * days after the start.
 */

interface Case {
  name: string;
  receivedOn: string;
  events?: ApplicationClockEvent[];
  today: string;
  overrides?: CalendarOverride[];
  dueOn: string | null;
  phase?: ApplicationClockPhase;
  remaining?: number | null;
  used?: number;
  issues?: ClockIssueCode[];
}

const cases: Case[] = [
  {
    // Mar 3–6 (4), 9–13 (9), 16–20 (14), 23–27 (19), Mar 30 (20).
    name: "1. plain month, no holidays",
    receivedOn: "2026-03-02",
    today: "2026-03-02",
    dueOn: "2026-03-30",
    phase: "RUNNING",
    remaining: 20,
  },
  {
    // Mar 9–13 (5), 16–20 (10), 23–27 (15), Mar 30–Apr 3 (20); 清明 comes after.
    name: "2. ends just before 清明",
    receivedOn: "2026-03-06",
    today: "2026-03-06",
    dueOn: "2026-04-03",
  },
  {
    // Mar 10–13 (4), 16–20 (9), 23–27 (14), Mar 30–Apr 3 (19), skip Apr 4–6 清明, Apr 7 (20).
    name: "3. crosses 清明",
    receivedOn: "2026-03-09",
    today: "2026-03-20",
    dueOn: "2026-04-07",
    // today Mar 20 → Mar 23–27 (5), Mar 30–Apr 3 (10), Apr 7 (11).
    remaining: 11,
    // Mar 10–13, 16–20 = 9 used.
    used: 9,
  },
  {
    // Skip Jan 1–3 元旦; Sun Jan 4 worked (1), Jan 5–9 (6), 12–16 (11), 19–23 (16), Jan 26–29 (20).
    name: "4. crosses 元旦 with the Sunday make-up day",
    receivedOn: "2025-12-31",
    today: "2026-01-05",
    dueOn: "2026-01-29",
  },
  {
    // Received on the make-up Sunday Jan 4 (office open, not counted): Jan 5–9 (5), 12–16 (10),
    // 19–23 (15), 26–30 (20).
    name: "5. received on a make-up Sunday",
    receivedOn: "2026-01-04",
    today: "2026-01-04",
    dueOn: "2026-01-30",
  },
  {
    // Feb 10–13 (4), Sat Feb 14 worked (5), skip Feb 15–23, Feb 24–27 (9), Sat Feb 28 worked (10),
    // skip Sun Mar 1, Mar 2–6 (15), Mar 9–13 (20).
    name: "6. crosses 春节 with both make-up Saturdays",
    receivedOn: "2026-02-09",
    today: "2026-02-09",
    dueOn: "2026-03-13",
  },
  {
    // Sat Feb 14 (1), skip Feb 15–23, Feb 24–27 (5), Feb 28 (6), Mar 2–6 (11), 9–13 (16), Mar 16–19 (20).
    name: "7. received the Friday before 春节",
    receivedOn: "2026-02-13",
    today: "2026-02-24",
    dueOn: "2026-03-19",
    // today Feb 24: used = Feb 14, Feb 24 = 2.
    used: 2,
    remaining: 18,
  },
  {
    // Received on the make-up Saturday Feb 14: Feb 24–27 (4), Feb 28 (5), Mar 2–6 (10), 9–13 (15), 16–20 (20).
    name: "8. received on the 春节 make-up Saturday",
    receivedOn: "2026-02-14",
    today: "2026-02-14",
    dueOn: "2026-03-20",
  },
  {
    // Apr 27–30 (4), skip May 1–5, May 6–8 (7), Sat May 9 worked (8), May 11–15 (13), 18–22 (18), May 25–26 (20).
    name: "9. crosses 劳动节 with the make-up Saturday",
    receivedOn: "2026-04-24",
    today: "2026-04-24",
    dueOn: "2026-05-26",
  },
  {
    // Jun 8–12 (5), 15–18 (9), skip Jun 19–21 端午, 22–26 (14), Jun 29–Jul 3 (19), Jul 6 (20).
    name: "10. crosses 端午",
    receivedOn: "2026-06-05",
    today: "2026-06-05",
    dueOn: "2026-07-06",
  },
  {
    // Sat Sep 19 off, Sun Sep 20 worked (1), Sep 21–24 (5), skip Sep 25–27 中秋, Sep 28–30 (8),
    // skip Oct 1–7 国庆, Oct 8–9 (10), Sat Oct 10 worked (11), Oct 12–16 (16), Oct 19–22 (20).
    name: "11. crosses 中秋 and 国庆 with both make-up days",
    receivedOn: "2026-09-18",
    today: "2026-09-18",
    dueOn: "2026-10-22",
  },
  {
    // Skip Oct 1–7, Oct 8–9 (2), Oct 10 (3), 12–16 (8), 19–23 (13), 26–30 (18), Nov 2–3 (20).
    name: "12. received the day before 国庆",
    receivedOn: "2026-09-30",
    today: "2026-10-08",
    dueOn: "2026-11-03",
    // today Oct 8 (a working day, counted): used 1; remaining = Oct 9 … Nov 3 = 19.
    used: 1,
    remaining: 19,
  },
  {
    // No 2027 data: Fri Jan 1 2027 counts (1), Jan 4–8 (6), 11–15 (11), 18–22 (16), Jan 25–28 (20).
    name: "13. into 2027 without the new schedule",
    receivedOn: "2026-12-31",
    today: "2026-12-31",
    dueOn: "2027-01-28",
  },
  {
    // Override: Jan 1 2027 is 元旦. Jan 4–8 (5), 11–15 (10), 18–22 (15), 25–29 (20).
    name: "14. into 2027 with an override entered by staff",
    receivedOn: "2026-12-31",
    today: "2026-12-31",
    overrides: [{ date: "2027-01-01", kind: "HOLIDAY", name: "元旦" }],
    dueOn: "2027-01-29",
  },
  {
    // 补正 on Mar 5 (latest allowed Mar 11). Corrected application Fri Mar 20 restarts the clock:
    // Mar 23–27 (5), Mar 30–Apr 3 (10), skip Apr 4–6, Apr 7–10 (14), 13–17 (19), Apr 20 (20).
    name: "15. 补正 restarts the clock from the corrected application",
    receivedOn: "2026-03-02",
    events: [
      { type: "CORRECTION_REQUESTED", on: "2026-03-05", deadlineOn: "2026-03-19" },
      { type: "CORRECTION_RECEIVED", on: "2026-03-20" },
    ],
    today: "2026-04-01",
    dueOn: "2026-04-20",
    phase: "RUNNING",
    // (Apr 1, Apr 20]: Apr 2–3 (2), 7–10 (6), 13–17 (11), 20 (12).
    remaining: 12,
    issues: ["CORRECTION_RECEIVED_LATE"], // received a day after the Mar 19 deadline: accepted, flagged
  },
  {
    // Received Thu Feb 12. 7 working days: Feb 13 (1), Sat Feb 14 (2), Feb 24–27 (6), Sat Feb 28 (7):
    // a request on Feb 28 is the last one allowed. Until the correction arrives nothing runs.
    name: "16. 补正 on the last allowed day (a make-up Saturday), awaiting correction",
    receivedOn: "2026-02-12",
    events: [{ type: "CORRECTION_REQUESTED", on: "2026-02-28", deadlineOn: "2026-03-13" }],
    today: "2026-03-05",
    dueOn: null,
    phase: "AWAITING_CORRECTION",
    remaining: 20,
  },
  {
    // Request on Mon Mar 2 is after Feb 28: ignored. Due from Feb 12: Feb 13 (1), 14 (2), 24–27 (6),
    // 28 (7), Mar 2–6 (12), 9–13 (17), Mar 16–18 (20).
    name: "17. 补正 requested too late is rejected and the clock keeps running",
    receivedOn: "2026-02-12",
    events: [{ type: "CORRECTION_REQUESTED", on: "2026-03-02" }],
    today: "2026-03-02",
    dueOn: "2026-03-18",
    phase: "RUNNING",
    issues: ["CORRECTION_TOO_LATE"],
  },
  {
    // Second request ignored; clock from Fri Mar 6: Mar 9–13 (5), 16–20 (10), 23–27 (15), Mar 30–Apr 3 (20).
    name: "18. a second 补正 request is rejected",
    receivedOn: "2026-03-02",
    events: [
      { type: "CORRECTION_REQUESTED", on: "2026-03-04" },
      { type: "CORRECTION_RECEIVED", on: "2026-03-06" },
      { type: "CORRECTION_REQUESTED", on: "2026-03-10" },
    ],
    today: "2026-03-10",
    dueOn: "2026-04-03",
    issues: ["CORRECTION_ALREADY_REQUESTED"],
  },
  {
    // Counted Mar 3–6, 9 (5), Tue Mar 10 = start day, counted (6); skipped (paused) Wed Mar 11–Fri
    // Mar 13; Mar 16–20 (11), 23–27 (16), Mar 30–Apr 2 (20). (Case 1's Mar 30 moved by the 3 paused
    // working days.)
    name: "19. closed consultation pauses (start, end]",
    receivedOn: "2026-03-02",
    events: [
      { type: "CONSULTATION_STARTED", on: "2026-03-10" },
      { type: "CONSULTATION_ENDED", on: "2026-03-13" },
    ],
    today: "2026-03-16",
    dueOn: "2026-04-02",
    // used: Mar 3–6, 9, 10, 16 = 7.
    used: 7,
  },
  {
    // Open third-party consultation since Mar 10: paused from Mar 11; used Mar 3–6, 9, 10 = 6, 14 left.
    name: "20. open consultation: paused, no due date yet",
    receivedOn: "2026-03-02",
    events: [{ type: "CONSULTATION_STARTED", on: "2026-03-10" }],
    today: "2026-03-20",
    dueOn: null,
    phase: "IN_CONSULTATION",
    used: 6,
    remaining: 14,
  },
  {
    // Pause limit = 15 wd after Mar 10: Mar 11–13 (3), 16–20 (8), 23–27 (13), Mar 30–31 (15)
    // → Mar 31. Still open on Apr 8, so the pause covers Mar 11–31 (15 wd skipped). Used Mar 3–6, 9,
    // 10 (6), then Apr 1–3 (9), skip 清明 Apr 4–6, Apr 7–10 (13), 13–17 (18), Apr 20–21 (20).
    name: "21. consultation past the third party's 15 working days stops pausing",
    receivedOn: "2026-03-02",
    events: [{ type: "CONSULTATION_STARTED", on: "2026-03-10" }],
    today: "2026-04-08",
    dueOn: "2026-04-21",
    phase: "RUNNING",
    // (Apr 8, Apr 21]: Apr 9–10 (2), 13–17 (7), 20–21 (9).
    remaining: 9,
    issues: ["CONSULTATION_PAUSE_CAPPED"],
  },
  {
    // Counted Apr 21–24 (4), 27–29 (7; Apr 29 is the start day); skipped Apr 30–May 8 (paused,
    // includes 劳动节); Sat May 9 worked (8), May 11–15 (13), 18–22 (18), May 25–26 (20).
    name: "22. consultation across 劳动节",
    receivedOn: "2026-04-20",
    events: [
      { type: "CONSULTATION_STARTED", on: "2026-04-29" },
      { type: "CONSULTATION_ENDED", on: "2026-05-08" },
    ],
    today: "2026-05-11",
    dueOn: "2026-05-26",
  },
  {
    // Third party received the letter Mar 4: its deadline Mar 5–6 (2), 9–13 (7), 16–20 (12), Mar
    // 23–25 (15) → Mar 25. But the pause is at most 15 wd after the start Mar 3: Mar 4–6 (3), 9–13 (8),
    // 16–20 (13), 23–24 (15) → Mar 24; the end recorded Mar 31 is capped there. Counted Mar 3 (1,
    // start day); skipped Mar 4–24; Mar 25–27 (4), Mar 30–Apr 3 (9), skip 清明, Apr 7–10 (13),
    // 13–17 (18), Apr 20–21 (20).
    name: "23. recorded end after the third-party deadline is capped",
    receivedOn: "2026-03-02",
    events: [
      { type: "CONSULTATION_STARTED", on: "2026-03-03", recipientReceivedOn: "2026-03-04" },
      { type: "CONSULTATION_ENDED", on: "2026-03-31" },
    ],
    today: "2026-04-01",
    dueOn: "2026-04-21",
    issues: ["CONSULTATION_PAUSE_CAPPED"],
  },
  {
    // Another agency has no statutory window: the whole span after the start, Feb 12–26, is paused
    // (incl. the worked Sat Feb 14). Counted Feb 9–10 (2), Feb 11 (3, start day); Feb 27 (4), Sat
    // Feb 28 (5), Mar 2–6 (10), 9–13 (15), 16–20 (20).
    name: "24. agency consultation across 春节 is not capped",
    receivedOn: "2026-02-06",
    events: [
      { type: "CONSULTATION_STARTED", on: "2026-02-11", consultee: "AGENCY" },
      { type: "CONSULTATION_ENDED", on: "2026-02-26" },
    ],
    today: "2026-03-02",
    dueOn: "2026-03-20",
    issues: [],
  },
  {
    // Base due Mar 30 (case 1); +20: Mar 31–Apr 3 (24), skip 清明, Apr 7–10 (28), 13–17 (33),
    // 20–24 (38), Apr 27–28 (40).
    name: "25. 20-working-day extension granted before the due date",
    receivedOn: "2026-03-02",
    events: [{ type: "EXTENSION_GRANTED", on: "2026-03-27", workingDays: 20 }],
    today: "2026-03-27",
    dueOn: "2026-04-28",
  },
  {
    // Base due Apr 7 (case 3); granted on the due date itself (allowed); +10: Apr 8–10 (3), 13–17 (8), Apr 20–21 (10).
    name: "26. shorter extension granted on the due date",
    receivedOn: "2026-03-09",
    events: [{ type: "EXTENSION_GRANTED", on: "2026-04-07", workingDays: 10 }],
    today: "2026-04-07",
    dueOn: "2026-04-21",
  },
  {
    // Due Mar 30 had passed when the extension was granted on Mar 31: ignored, 2 days overdue on Apr 1.
    name: "27. extension after the due date is rejected: overdue",
    receivedOn: "2026-03-02",
    events: [{ type: "EXTENSION_GRANTED", on: "2026-03-31", workingDays: 20 }],
    today: "2026-04-01",
    dueOn: "2026-03-30",
    remaining: -2, // Mar 31, Apr 1
    issues: ["EXTENSION_AFTER_DUE_DATE"],
  },
  {
    name: "28. extension above 20 working days is rejected",
    receivedOn: "2026-03-02",
    events: [{ type: "EXTENSION_GRANTED", on: "2026-03-20", workingDays: 21 }],
    today: "2026-03-20",
    dueOn: "2026-03-30",
    issues: ["EXTENSION_EXCEEDS_LIMIT"],
  },
  {
    // Received Mon Sep 14; 补正 Sep 16; corrected Fri Sep 18 → clock from Sep 18. Sun Sep 20 worked (1),
    // Mon Sep 21 (2), Tue Sep 22 (3, consultation start day); skipped Sep 23–29 (paused, incl. 中秋);
    // Sep 30 (4), skip 国庆, Oct 8–9 (6), Sat Oct 10 (7), 12–16 (12), 19–23 (17), Oct 26–28 (20)
    // → base Oct 28. Extension of 5 granted Oct 20: Oct 29–30 (22), Nov 2–4 (25).
    name: "29. 补正 + consultation + extension across 中秋 and 国庆",
    receivedOn: "2026-09-14",
    events: [
      { type: "CORRECTION_REQUESTED", on: "2026-09-16", deadlineOn: "2026-09-30" },
      { type: "CORRECTION_RECEIVED", on: "2026-09-18" },
      { type: "CONSULTATION_STARTED", on: "2026-09-22" },
      { type: "CONSULTATION_ENDED", on: "2026-09-29" },
      { type: "EXTENSION_GRANTED", on: "2026-10-20", workingDays: 5 },
    ],
    today: "2026-10-26",
    dueOn: "2026-11-04",
    phase: "RUNNING",
    // (Oct 26, Nov 4]: Oct 27–30 (4), Nov 2–4 (7).
    remaining: 7,
    issues: [],
  },
  {
    // Counted Jun 2 (1), Jun 3 (2, start day); skipped Jun 4; Jun 5 (3), 8–12 (8), Jun 15 (9, start
    // day); skipped Jun 16; Jun 17–18 (11), skip 端午 Jun 19–21, 22–26 (16), Jun 29–Jul 2 (20).
    name: "30. two consultations in a row across 端午",
    receivedOn: "2026-06-01",
    events: [
      { type: "CONSULTATION_STARTED", on: "2026-06-03" },
      { type: "CONSULTATION_ENDED", on: "2026-06-04" },
      { type: "CONSULTATION_STARTED", on: "2026-06-15", consultee: "AGENCY" },
      { type: "CONSULTATION_ENDED", on: "2026-06-16" },
    ],
    today: "2026-06-17",
    dueOn: "2026-07-02",
  },
  {
    // Issue 13 example: received Wed May 6. Counted May 7–8 (2), Sat May 9 worked (3), Mon May 11
    // (4, start day); skipped May 12–15, 18–22 (9 wd paused); May 25–29 (9), Jun 1–5 (14),
    // 8–12 (19), Jun 15 (20). The old [start, end] reading gave Jun 16.
    name: "30a. consultation May 11→22 (start day counts)",
    receivedOn: "2026-05-06",
    events: [
      { type: "CONSULTATION_STARTED", on: "2026-05-11" },
      { type: "CONSULTATION_ENDED", on: "2026-05-22" },
    ],
    today: "2026-05-25",
    dueOn: "2026-06-15",
  },
  {
    // Issue 13 example: consultation opened and closed on Sep 16 pauses nothing (no day skipped).
    // Sep 16–18 (3), Sun Sep 20 worked (4), 21–24 (8), skip 中秋 Sep 25–27, 28–30 (11), skip 国庆
    // Oct 1–7, Oct 8–9 (13), Sat Oct 10 worked (14), 12–16 (19), Oct 19 (20).
    name: "30b. same-day consultation pauses nothing",
    receivedOn: "2026-09-15",
    events: [
      { type: "CONSULTATION_STARTED", on: "2026-09-16" },
      { type: "CONSULTATION_ENDED", on: "2026-09-16" },
    ],
    today: "2026-09-17",
    dueOn: "2026-10-19",
  },
  {
    // The wait for a fee is passed in as an AGENCY consultation from the notice day to the payment
    // day: notice Mon Mar 9 (counted, 5), paid Thu Mar 12 → skipped Mar 10–12; counted Mar 3–6 (4),
    // 9 (5), 13 (6), 16–20 (11), 23–27 (16), Mar 30–Apr 2 (20).
    name: "30c. fee wait counted (notice day, payment day]",
    receivedOn: "2026-03-02",
    events: [
      { type: "CONSULTATION_STARTED", on: "2026-03-09", consultee: "AGENCY" },
      { type: "CONSULTATION_ENDED", on: "2026-03-12" },
    ],
    today: "2026-03-13",
    dueOn: "2026-04-02",
  },
  {
    // Events after "today" are not yet known: as of Mar 9 the 补正 of Mar 10 has not happened.
    name: "31. as-of: later events are ignored",
    receivedOn: "2026-03-02",
    events: [
      { type: "CORRECTION_REQUESTED", on: "2026-03-10" },
      { type: "CORRECTION_RECEIVED", on: "2026-03-16" },
    ],
    today: "2026-03-09",
    dueOn: "2026-03-30",
    phase: "RUNNING",
    // (Mar 9, Mar 30]: Mar 10–13 (4), 16–20 (9), 23–27 (14), 30 (15).
    remaining: 15,
  },
];

describe("application clock: hand-worked table", () => {
  it("has at least 20 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  it.each(cases)("$name", (c) => {
    const calendar = createWorkingCalendar(c.overrides ?? []);
    const r = computeApplicationClock(calendar, { receivedOn: c.receivedOn, events: c.events ?? [] }, c.today);
    expect(r.dueOn).toBe(c.dueOn);
    if (c.phase) expect(r.phase).toBe(c.phase);
    if (c.remaining !== undefined) expect(r.workingDaysRemaining).toBe(c.remaining);
    if (c.used !== undefined) expect(r.workingDaysUsed).toBe(c.used);
    if (c.issues) expect(r.issues.map((i) => i.code)).toEqual(c.issues);
    expect(r.paused).toBe(r.phase === "AWAITING_CORRECTION" || r.phase === "IN_CONSULTATION");
  });
});

describe("application clock: details", () => {
  const cal = createWorkingCalendar();

  it("reports the 补正 window and stops offering it once passed or used", () => {
    const open = computeApplicationClock(cal, { receivedOn: "2026-02-12", events: [] }, "2026-02-28");
    expect(open.correction.requestLatestOn).toBe("2026-02-28");
    expect(open.correction.canRequest).toBe(true);
    const passed = computeApplicationClock(cal, { receivedOn: "2026-02-12", events: [] }, "2026-03-01");
    expect(passed.correction.canRequest).toBe(false);
    const used = computeApplicationClock(
      cal,
      { receivedOn: "2026-03-02", events: [{ type: "CORRECTION_REQUESTED", on: "2026-03-03" }] },
      "2026-03-04",
    );
    expect(used.correction.canRequest).toBe(false);
    // No deadline on the letter: default 15 working days after Mar 3 = Mar 4–6 (3), 9–13 (8), 16–20 (13), Mar 23–24 (15).
    expect(used.correction.deadlineOn).toBe("2026-03-24");
  });

  it("flags an applicant who has not corrected by the deadline", () => {
    const r = computeApplicationClock(
      cal,
      { receivedOn: "2026-02-12", events: [{ type: "CORRECTION_REQUESTED", on: "2026-02-28", deadlineOn: "2026-03-13" }] },
      "2026-03-16",
    );
    expect(r.correction.applicantOverdue).toBe(true);
    expect(r.issues.map((i) => i.code)).toEqual(["CORRECTION_OVERDUE"]);
    expect(r.issues[0].message).toContain("视为放弃申请");
    expect(r.overdue).toBe(false);
  });

  it("gives the third party's deadline for an open consultation", () => {
    const r = computeApplicationClock(
      cal,
      { receivedOn: "2026-04-20", events: [{ type: "CONSULTATION_STARTED", on: "2026-04-29" }] },
      "2026-05-06",
    );
    // 15 wd after Apr 29: Apr 30 (1), skip May 1–5, May 6–8 (4), Sat May 9 (5), 11–15 (10), 18–22 (15).
    expect(r.thirdPartyDeadlineOn).toBe("2026-05-22");
    expect(r.consultations[0].thirdPartyDeadlineOn).toBe("2026-05-22");
    // Paused working days so far, (Apr 29, May 6]: Apr 30, May 6 = 2 (the start day Apr 29 counts).
    expect(r.consultations[0].pausedWorkingDays).toBe(2);
    expect(r.phase).toBe("IN_CONSULTATION");
  });

  it("records whether the reply was on time", () => {
    const onTime = computeApplicationClock(
      cal,
      { receivedOn: "2026-03-02", events: [{ type: "CLOSED", on: "2026-03-30" }] },
      "2026-04-10",
    );
    expect(onTime).toMatchObject({ phase: "CLOSED", closedOn: "2026-03-30", closedLate: false, overdue: false, workingDaysUsed: 20 });
    const late = computeApplicationClock(
      cal,
      {
        receivedOn: "2026-03-02",
        events: [
          { type: "CLOSED", on: "2026-03-31" },
          { type: "EXTENSION_GRANTED", on: "2026-04-01", workingDays: 5 },
        ],
      },
      "2026-04-10",
    );
    expect(late.closedLate).toBe(true);
    expect(late.workingDaysRemaining).toBeNull();
    expect(late.issues.map((i) => i.code)).toEqual(["EVENT_AFTER_CLOSE"]);
  });

  it("rejects events before receipt and unmatched consultation or correction events", () => {
    const r = computeApplicationClock(
      cal,
      {
        receivedOn: "2026-03-02",
        events: [
          { type: "CONSULTATION_STARTED", on: "2026-02-27" },
          { type: "CONSULTATION_ENDED", on: "2026-03-05" },
          { type: "CORRECTION_RECEIVED", on: "2026-03-05" },
        ],
      },
      "2026-03-06",
    );
    expect(r.issues.map((i) => i.code)).toEqual(["EVENT_BEFORE_RECEIPT", "CONSULTATION_NOT_OPEN", "CORRECTION_NOT_REQUESTED"]);
    expect(r.dueOn).toBe("2026-03-30");
  });

  it("takes 'now' as an instant and converts it to the China date", () => {
    // 2026-03-29T16:30Z is 00:30 on Mar 30 in Beijing: due today, 0 remaining, not overdue.
    const r = computeApplicationClock(cal, { receivedOn: "2026-03-02", events: [] }, new Date("2026-03-29T16:30:00Z"));
    expect(r.today).toBe("2026-03-30");
    expect(r.workingDaysRemaining).toBe(0);
    expect(r.overdue).toBe(false);
  });

  it("uses configurable periods", () => {
    const r = computeApplicationClock(cal, { receivedOn: "2026-03-02", events: [] }, "2026-03-02", {
      replyWorkingDays: 15,
      maxExtensionWorkingDays: 15,
      correctionRequestWithinWorkingDays: 5,
      defaultCorrectionPeriodWorkingDays: 10,
      thirdPartyWorkingDays: 10,
    });
    // Mar 3–6 (4), 9–13 (9), 16–20 (14), Mar 23 (15).
    expect(r.dueOn).toBe("2026-03-23");
    // 5 wd: Mar 3–6 (4), Mar 9 (5).
    expect(r.correction.requestLatestOn).toBe("2026-03-09");
  });
});

describe("validateClockEvent", () => {
  const cal = createWorkingCalendar();
  const base = { receivedOn: "2026-02-12", events: [] as ApplicationClockEvent[] };

  it("accepts a 补正 request within 7 working days and refuses one after", () => {
    expect(validateClockEvent(cal, base, { type: "CORRECTION_REQUESTED", on: "2026-02-28" })).toBeNull();
    const late = validateClockEvent(cal, base, { type: "CORRECTION_REQUESTED", on: "2026-03-02" });
    expect(late?.code).toBe("CORRECTION_TOO_LATE");
    expect(late?.message).toBe(
      "要求补正应当自收到申请之日起7个工作日内作出（《中华人民共和国政府信息公开条例》第三十条），本申请的补正告知期限已于2026年2月28日届满",
    );
  });

  it("refuses a second 补正 request with a clear message", () => {
    const input = { receivedOn: "2026-03-02", events: [{ type: "CORRECTION_REQUESTED", on: "2026-03-03" }] as ApplicationClockEvent[] };
    const again = validateClockEvent(cal, input, { type: "CORRECTION_REQUESTED", on: "2026-03-04" });
    expect(again?.code).toBe("CORRECTION_ALREADY_REQUESTED");
    expect(again?.message).toContain("2026年3月3日");
  });

  it("refuses a second extension", () => {
    const input = { receivedOn: "2026-03-02", events: [{ type: "EXTENSION_GRANTED", on: "2026-03-20", workingDays: 10 }] as ApplicationClockEvent[] };
    expect(validateClockEvent(cal, input, { type: "EXTENSION_GRANTED", on: "2026-03-25", workingDays: 5 })?.code).toBe(
      "EXTENSION_ALREADY_GRANTED",
    );
  });
});
