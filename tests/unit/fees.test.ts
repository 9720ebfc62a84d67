import { describe, expect, it } from "vitest";
import { createWorkingCalendar } from "../../lib/calendar/working-days";
import {
  DEFAULT_FEE_SETTINGS,
  calculateFee,
  formatYuan,
  paymentDueOn,
  type FeeSettings,
} from "../../lib/applications/fees";

describe("按量 (per page)", () => {
  const pages = (n: number) => calculateFee({ method: "PER_PAGE", pages: n });

  it.each([
    [0, 0],
    [1, 0],
    [30, 0],
    [31, 10_00], // 1 page × 10元
    [100, 700_00], // 70 × 10
    [101, 720_00], // 700 + 1 × 20
    [200, 2700_00], // 700 + 100 × 20
    [201, 2740_00], // 2700 + 1 × 40
    [250, 4700_00], // 2700 + 50 × 40
  ])("%i pages cost %i 分", (n, fen) => {
    const q = pages(n);
    expect(q.totalFen).toBe(fen);
    expect(q.chargeable).toBe(fen > 0);
    expect(q.lines.reduce((s, l) => s + l.subtotalFen, 0)).toBe(fen);
  });

  it("itemises each band for the 收费通知书", () => {
    const q = pages(250);
    expect(q.lines.map((l) => [l.bandFrom, l.bandTo, l.unitsFrom, l.unitsTo, l.quantity, l.unitPriceFen, l.subtotalFen])).toEqual([
      [1, 30, 1, 30, 30, 0, 0],
      [31, 100, 31, 100, 70, 10_00, 700_00],
      [101, 200, 101, 200, 100, 20_00, 2000_00],
      [201, null, 201, 250, 50, 40_00, 2000_00],
    ]);
    expect(q.totalYuan).toBe("4700.00");
    expect(q.lines[1].label).toBe("第31—100页档：第31—100页，70页×10.00元");
    expect(q.lines[3].label).toBe("第201页以上档：第201—250页，50页×40.00元");
  });

  it("rejects a negative or fractional page count", () => {
    expect(() => pages(-1)).toThrow(RangeError);
    expect(() => pages(2.5)).toThrow(RangeError);
  });
});

describe("按件 (per applicant per calendar month)", () => {
  const nth = (earlier: number, cases?: number) =>
    calculateFee({ method: "PER_CASE", receivedOn: "2026-03-16", earlier, cases });

  it.each([
    [0, 0], // 1st
    [9, 0], // 10th: last free one
    [10, 100_00], // 11th
    [29, 100_00], // 30th
    [30, 200_00], // 31st: first escalation band 31–40
    [39, 200_00], // 40th
    [40, 300_00], // 41st: band 41–50
    [50, 400_00], // 51st: band 51–60
  ])("with %i earlier this month it costs %i 分", (earlier, fen) => {
    expect(nth(earlier).totalFen).toBe(fen);
  });

  it("names the escalation band", () => {
    const line = nth(40).lines[0];
    expect([line.bandFrom, line.bandTo, line.unitsFrom, line.unitsTo, line.unitPriceFen]).toEqual([41, 50, 41, 41, 300_00]);
    expect(line.label).toBe("本月第41—50件档：第41件，1件×300.00元");
  });

  it("splits an application counted as several 件 across bands", () => {
    // 10th free, 11th and 12th at 100元.
    const q = nth(9, 3);
    expect(q.lines.map((l) => [l.unitsFrom, l.unitsTo, l.subtotalFen])).toEqual([
      [10, 10, 0],
      [11, 12, 200_00],
    ]);
    expect(q.totalYuan).toBe("200.00");
    // 29 earlier, 3 件: 30th at 100, 31st–32nd at 200 → 500元.
    expect(nth(29, 3).totalFen).toBe(500_00);
  });

  it("counts only earlier applications in the same calendar month (China time)", () => {
    const january = Array.from({ length: 12 }, (_, i) => ({ receivedOn: `2026-01-${String(i + 10).padStart(2, "0")}` }));
    const february = [{ receivedOn: "2026-02-02" }, { receivedOn: "2026-02-03" }];
    const q = calculateFee({ method: "PER_CASE", receivedOn: "2026-02-05", earlier: [...january, ...february] });
    expect(q.earlierThisMonth).toBe(2);
    expect(q.totalFen).toBe(0);

    // Same list, application in January: 12 earlier → 13th → 100元.
    expect(calculateFee({ method: "PER_CASE", receivedOn: "2026-01-28", earlier: january }).totalFen).toBe(100_00);

    // 2026-01-31T16:30Z is already Feb 1 in Beijing, so it counts in February; 15:59Z is still January.
    const boundary = [
      ...Array.from({ length: 10 }, () => ({ receivedOn: new Date("2026-01-31T16:30:00Z") })),
      { receivedOn: new Date("2026-01-31T15:59:00Z") },
    ];
    const feb = calculateFee({ method: "PER_CASE", receivedOn: "2026-02-01", earlier: boundary });
    expect(feb.earlierThisMonth).toBe(10);
    expect(feb.totalFen).toBe(100_00);
  });

  it("honours an earlier application counted as several 件", () => {
    const q = calculateFee({ method: "PER_CASE", receivedOn: "2026-03-20", earlier: [{ receivedOn: "2026-03-02", cases: 10 }] });
    expect(q.earlierThisMonth).toBe(10);
    expect(q.totalFen).toBe(100_00);
  });
});

describe("settings", () => {
  it("takes limits and prices from settings", () => {
    const settings: FeeSettings = {
      perCase: { bands: [{ from: 1, to: 5, unitPriceFen: 0 }, { from: 6, to: 10, unitPriceFen: 50_00 }], escalation: { bandSize: 5, stepFen: 25_00 } },
      perPage: { bands: [{ from: 1, to: 50, unitPriceFen: 0 }, { from: 51, to: null, unitPriceFen: 5_50 }] },
      paymentPeriodWorkingDays: 10,
    };
    expect(calculateFee({ method: "PER_PAGE", pages: 52 }, settings).totalFen).toBe(11_00);
    expect(calculateFee({ method: "PER_CASE", receivedOn: "2026-03-02", earlier: 5 }, settings).totalFen).toBe(50_00);
    // 11th–15th: 50 + 25 = 75元; 16th: 100元.
    expect(calculateFee({ method: "PER_CASE", receivedOn: "2026-03-02", earlier: 10 }, settings).totalFen).toBe(75_00);
    expect(calculateFee({ method: "PER_CASE", receivedOn: "2026-03-02", earlier: 15 }, settings).totalFen).toBe(100_00);
  });

  it("refuses bands with a gap, and a count beyond the bands without escalation", () => {
    const gap: FeeSettings = {
      ...DEFAULT_FEE_SETTINGS,
      perPage: { bands: [{ from: 1, to: 30, unitPriceFen: 0 }, { from: 40, to: null, unitPriceFen: 10_00 }] },
    };
    expect(() => calculateFee({ method: "PER_PAGE", pages: 50 }, gap)).toThrow(/start at 31/);
    const capped: FeeSettings = { ...DEFAULT_FEE_SETTINGS, perCase: { ...DEFAULT_FEE_SETTINGS.perCase, escalation: null } };
    expect(() => calculateFee({ method: "PER_CASE", receivedOn: "2026-03-02", earlier: 30 }, capped)).toThrow(RangeError);
  });

  it("defaults cannot be changed by accident", () => {
    expect(() => {
      (DEFAULT_FEE_SETTINGS.perPage.bands[1] as { unitPriceFen: number }).unitPriceFen = 1;
    }).toThrow(TypeError);
    expect(DEFAULT_FEE_SETTINGS.perPage.bands[1].unitPriceFen).toBe(10_00);
  });
});

describe("amounts and payment period", () => {
  it("formats 分 exactly", () => {
    expect(formatYuan(0)).toBe("0.00");
    expect(formatYuan(5)).toBe("0.05");
    expect(formatYuan(170000)).toBe("1700.00");
    expect(formatYuan(1_234_567_89)).toBe("1234567.89");
    expect(() => formatYuan(0.1 + 0.2)).toThrow(RangeError);
  });

  it("gives the payment deadline in working days", () => {
    // Notice on 2026-09-28: Sep 29–30 (2), skip 国庆, Oct 8–9 (4), Oct 10 (5), 12–16 (10), 19–23 (15), 26–30 (20).
    expect(paymentDueOn(createWorkingCalendar(), "2026-09-28")).toBe("2026-10-30");
  });
});
