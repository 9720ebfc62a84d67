import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../lib/db/client";
import { seedDemo } from "../../lib/seed/seed-demo";
import { loadSessionUser } from "../../lib/auth/sign-in";
import type { SessionUser } from "../../lib/auth/roles";
import { basicSituation, computeAnnualTables, draftSections, proactiveStats, renderLegacyFreeText } from "../../lib/annual-report";
import { loadAnnualData } from "../../lib/reports/load-annual-data";
import { importHistoricalItems } from "../../lib/reports/history-items";
import { buildAnnualReport } from "../../lib/reports/build-annual-report";
import { ANNUAL_2017_ITEMS, SEED_2017_BASIC_SITUATION, SEED_2017_LEGACY_OPENING } from "../fixtures/annual-2017";

// The office's own 2017 report is the seed: with that year's records in the database (10 items
// proactively published — 2 统计数据, 1 规划计划, 7 其他信息 — no applications, no fees, no
// reconsideration or litigation), the report produced from the database says what the office wrote.
const db = createDb(process.env.DATABASE_URL);
let reviewer: SessionUser;

beforeAll(async () => {
  await seedDemo(db);
  reviewer = (await loadSessionUser(db, (await db.user.findUniqueOrThrow({ where: { username: "reviewer" } })).id))!;
  await importHistoricalItems(db, { user: reviewer, ip: "127.0.0.1" }, ANNUAL_2017_ITEMS);
});
afterAll(() => db.$disconnect());

describe("the 2017 report from the database", () => {
  it("loads the ten items into the seed's categories, all on time", async () => {
    const data = await loadAnnualData(db, 2017);
    const p = proactiveStats(2017, data.proactiveItems, data.limits);
    expect(p.total).toBe(10);
    expect(p.byCategory).toEqual([
      { category: "统计数据", count: 2 },
      { category: "规划计划", count: 1 },
      { category: "其他信息", count: 7 },
    ]);
    expect(p).toMatchObject({ onTime: 10, late: 0, unknown: 0 });
    expect(data.applications).toEqual([]);
    expect(data.fees).toEqual([]);
    expect(data.cases.filter((c) => String(c.filedDate).startsWith("2017"))).toEqual([]);
    expect(data.organisationName).toBe("四宝山街道办事处");
    expect(data.shortName).toBe("办事处");
  });

  it("writes the four sentences of the seed's 一、政府信息公开基本情况 word for word", async () => {
    const data = await loadAnnualData(db, 2017);
    expect(basicSituation(data)).toEqual(SEED_2017_BASIC_SITUATION);
  });

  it("renders the seed's older free-text opening exactly", async () => {
    const data = await loadAnnualData(db, 2017);
    expect(renderLegacyFreeText(2017, data)).toBe(SEED_2017_LEGACY_OPENING);
  });

  it("produces balanced, all-zero tables and a national-format draft carrying the same sentences", async () => {
    const data = await loadAnnualData(db, 2017);
    const tables = computeAnnualTables(data);
    expect(tables.ok).toBe(true);
    expect(tables.table3.values.NEW.TOTAL + tables.table3.values.CARRIED_IN.TOTAL).toBe(0);
    expect(tables.table4.cells.every((c) => c.value === 0)).toBe(true);
    const overview = draftSections(data, tables).overview.subsections.flatMap((s) => s.paragraphs);
    expect(overview).toContain(SEED_2017_BASIC_SITUATION.proactive);
    expect(overview).toContain(SEED_2017_BASIC_SITUATION.applications);
    expect(overview).toContain(SEED_2017_BASIC_SITUATION.reviewAndLitigation);

    const built = await buildAnnualReport(db, 2017);
    expect(built.problems).toEqual([]);
    expect(built.document.titleLines).toEqual(["四宝山街道办事处", "2017年政府信息公开工作年度报告"]);
  });
});
