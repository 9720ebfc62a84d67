import { describe, expect, it } from "vitest";
import { computeScorecard, formatPercent } from "../../lib/supervision/scorecard";
import { columnChart, escapeXml, horizontalBarChart } from "../../lib/supervision/charts";

const departments = [
  { id: "jjfz", name: "经济发展办公室" },
  { id: "shsw", name: "社会事务办公室" },
  { id: "csgl", name: "城市管理办公室" },
];

describe("computeScorecard", () => {
  const { rows, total } = computeScorecard({
    departments,
    today: "2025-12-31",
    items: [
      // On time everywhere.
      { departmentId: "jjfz", publishedOn: "2025-03-10", submittedOn: "2025-03-02", submitDueOn: "2025-03-06", approvedOn: "2025-03-05", publishDueOn: "2025-03-15", statutoryDueOn: "2025-03-28" },
      // Signed late, published within 10 days of approval and within 20 working days.
      { departmentId: "jjfz", publishedOn: "2025-06-20", submittedOn: "2025-06-12", submitDueOn: "2025-06-10", approvedOn: "2025-06-15", publishDueOn: "2025-06-25", statutoryDueOn: "2025-06-30" },
      // Published late after approval and past the statutory limit.
      { departmentId: "shsw", publishedOn: "2025-09-30", submittedOn: "2025-09-01", submitDueOn: "2025-09-03", approvedOn: "2025-09-02", publishDueOn: "2025-09-12", statutoryDueOn: "2025-09-26" },
      // Imported without sign-off dates: only the statutory clock is judged.
      { departmentId: "shsw", publishedOn: "2025-09-05", submittedOn: null, submitDueOn: "2025-09-03", approvedOn: null, publishDueOn: null, statutoryDueOn: "2025-09-26" },
    ],
    applications: [
      { departmentId: "jjfz", closedOn: "2025-04-01", dueOn: "2025-04-10" },
      { departmentId: "jjfz", closedOn: "2025-05-20", dueOn: "2025-05-10" },
      { departmentId: null, closedOn: "2025-05-20", dueOn: null },
    ],
    rectifications: [
      { departmentId: "csgl", dueOn: "2025-07-01", status: "DONE", doneOn: "2025-06-28" },
      { departmentId: "csgl", dueOn: "2025-08-01", status: "OPEN", doneOn: null },
      { departmentId: "gone", dueOn: "2026-02-01", status: "OPEN", doneOn: null },
    ],
  });
  const row = (name: string) => rows.find((r) => r.departmentName === name)!;

  it("rates sign-off, publishing and the statutory limit per department", () => {
    expect(row("经济发展办公室")).toMatchObject({
      published: 2,
      signOff: { judged: 2, onTime: 1, rate: 0.5 },
      publish: { judged: 2, onTime: 2, rate: 1 },
      statutory: { judged: 2, onTime: 2, rate: 1 },
      publishedLate: 1,
    });
    expect(row("社会事务办公室")).toMatchObject({
      published: 2,
      signOff: { judged: 1, onTime: 1 },
      publish: { judged: 1, onTime: 0, rate: 0 },
      statutory: { judged: 2, onTime: 1, rate: 0.5 },
      publishedLate: 1,
    });
    expect(row("经济发展办公室").monthly[2]).toBe(1);
    expect(row("经济发展办公室").monthly[5]).toBe(1);
  });

  it("counts applications answered on time and skips those without a due date", () => {
    expect(row("经济发展办公室").applications).toEqual({ judged: 2, onTime: 1, rate: 0.5 });
    expect(row("未指定科室").applications).toEqual({ judged: 0, onTime: 0, rate: null });
  });

  it("counts rectifications done and overdue, keeping items of deleted departments", () => {
    expect(row("城市管理办公室").rectifications).toEqual({ total: 2, done: 1, overdue: 1 });
    expect(row("（已删除的科室）").rectifications).toEqual({ total: 1, done: 0, overdue: 0 });
    expect(row("城市管理办公室").signOff.rate).toBeNull();
  });

  it("adds a 合计 row from the parts, without current-state columns for a past year", () => {
    expect(total).toMatchObject({
      published: 4,
      signOff: { judged: 3, onTime: 2 },
      publish: { judged: 3, onTime: 2 },
      statutory: { judged: 4, onTime: 3 },
      publishedLate: 2,
      overdueNow: null,
      applications: { judged: 2, onTime: 1 },
      rectifications: { total: 3, done: 1, overdue: 1 },
    });
    expect(total.monthly.reduce((a, b) => a + b, 0)).toBe(4);
    expect(formatPercent(2 / 3)).toBe("66.7%");
    expect(formatPercent(1)).toBe("100%");
    expect(formatPercent(null)).toBe("—");
  });

  it("takes the current overdue and due-soon counts when given", () => {
    const card = computeScorecard({ departments, items: [], applications: [], rectifications: [], today: "2026-11-26", current: new Map([["shsw", { overdue: 2, dueSoon: 1 }]]) });
    expect(card.rows.find((r) => r.departmentId === "shsw")).toMatchObject({ overdueNow: 2, dueSoonNow: 1 });
    expect(card.rows.find((r) => r.departmentId === "jjfz")).toMatchObject({ overdueNow: 0 });
    expect(card.total.overdueNow).toBe(2);
  });
});

describe("charts", () => {
  it("draws grouped bars with a title, a description, value labels and 无数据 for missing values", () => {
    const svg = horizontalBarChart({
      id: "c1",
      title: "按时率",
      categories: ["经济发展办公室", "A&B<科>"],
      series: [
        { name: "签发按时率", color: "#0b4f9c", values: [50, null] },
        { name: "发布按时率", color: "#a4161a", values: [100, 0] },
      ],
      max: 100,
      format: (v) => `${v}%`,
    });
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg.endsWith("</svg>")).toBe(true);
    expect(svg).toContain('aria-labelledby="c1-t c1-d"');
    expect(svg).toContain("<title id=\"c1-t\">按时率</title>");
    expect(svg).toContain("经济发展办公室：签发按时率50%，发布按时率100%");
    expect(svg).toContain("A&amp;B&lt;科&gt;");
    expect(svg).toContain("无数据");
    expect(svg).not.toMatch(/NaN|undefined|Infinity/);
    expect((svg.match(/<rect /g) ?? []).length).toBe(2 + 3);
    expect(svg).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  });

  it("draws one column per month, scaled to the largest", () => {
    const svg = columnChart({ id: "m", title: "各月", categories: ["1月", "2月", "3月"], values: [0, 4, 2], color: "#333" });
    const heights = [...svg.matchAll(/<rect x="[^"]+" y="[^"]+" width="[^"]+" height="([^"]+)"/g)].map((m) => Number(m[1]));
    expect(heights).toHaveLength(3);
    expect(heights[0]).toBe(0);
    expect(heights[1]).toBeCloseTo(heights[2] * 2, 1);
    expect(escapeXml(`"'`)).toBe("&quot;&apos;");
  });
});

describe("niceCountMax", () => {
  it("puts the four grid steps of a count scale on whole numbers", async () => {
    const { niceCountMax } = await import("../../lib/supervision/charts");
    expect([0, 1, 4, 5, 6, 9, 17].map(niceCountMax)).toEqual([4, 4, 4, 8, 8, 12, 20]);
  });
});
