import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../lib/db/client";
import { seedDemo } from "../../lib/seed/seed-demo";
import { loadSessionUser } from "../../lib/auth/sign-in";
import type { SessionUser } from "../../lib/auth/roles";
import { basicSituation, computeAnnualTables, draftSections, proactiveStats, renderLegacyFreeText } from "../../lib/annual-report";
import { loadAnnualData } from "../../lib/reports/load-annual-data";
import { importHistoricalItems } from "../../lib/reports/history-items";
import { buildAnnualReport } from "../../lib/reports/build-annual-report";
import { compareWithReference, legacyReportBlocks, renderBlocks } from "../../lib/annual-report/from-records";
import { renderLegacyReport } from "../../lib/annual-report/legacy";
import { createReportRecord, problemFromRectification, saveDisclosureOrganisation } from "../../lib/reports/report-records";
import { addRectification, createInspection } from "../../lib/supervision/inspections";
import {
  ANNUAL_2017_ITEMS,
  ANNUAL_2017_ORGANISATION,
  ANNUAL_2017_RECORDS,
  SEED_2017_BASIC_SITUATION,
  SEED_2017_FULL_TEXT,
  SEED_2017_LEGACY_OPENING,
} from "../fixtures/annual-2017";

// The office's own 2017 report is the seed: with that year's records in the database (10 items
// proactively published — 2 统计数据, 1 规划计划, 7 其他信息 — no applications, no fees, no
// reconsideration or litigation), the report produced from the database says what the office wrote.
const db = createDb(process.env.DATABASE_URL);
let reviewer: SessionUser;

beforeAll(async () => {
  await seedDemo(db);
  reviewer = (await loadSessionUser(db, (await db.user.findUniqueOrThrow({ where: { username: "reviewer" } })).id))!;
  await importHistoricalItems(db, { user: reviewer, ip: "127.0.0.1" }, ANNUAL_2017_ITEMS);
  // The seed's other facts, entered as the office records them: 单位信息 and the register.
  const admin = (await loadSessionUser(db, (await db.user.findUniqueOrThrow({ where: { username: "admin" } })).id))!;
  await saveDisclosureOrganisation(db, { user: admin, ip: "127.0.0.1" }, { ...ANNUAL_2017_ORGANISATION, staffCount: "", partTime: "1" });
  for (const r of ANNUAL_2017_RECORDS) {
    await createReportRecord(db, { user: reviewer, ip: "127.0.0.1" }, { year: String(r.year), kind: r.kind, section: r.section ?? "", title: r.title, body: r.body });
  }
});
afterAll(() => db.$disconnect());

describe("the 2017 report from the database", () => {
  it("loads the ten items into the seed's categories; no sign-off dates, so no on-time claim", async () => {
    const data = await loadAnnualData(db, 2017);
    const p = proactiveStats(2017, data.proactiveItems, data.limits);
    expect(p.total).toBe(10);
    expect(p.byCategory).toEqual([
      { category: "统计数据", count: 2 },
      { category: "规划计划", count: 1 },
      { category: "其他信息", count: 7 },
    ]);
    expect(p).toMatchObject({ onTime: 0, late: 0, unknown: 10 });
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

  it("reproduces the whole seed report from the records, sentence by sentence, with a source for every sentence", async () => {
    const data = await loadAnnualData(db, 2017);
    const blocks = legacyReportBlocks(data);
    const cmp = compareWithReference(blocks, SEED_2017_FULL_TEXT);
    // Lists, for the reader of a failure: seed sentences not carried, sentences without a record,
    // sentences the seed does not have.
    expect(cmp.missing).toEqual([]);
    expect(cmp.unsupported).toEqual([]);
    expect(cmp.added).toEqual([]);
    expect(blocks.filter((b) => b.type === "missing")).toEqual([]);
    // Each numbered part of the seed is there, with the channel 电视 and the admitted delays.
    const text = renderBlocks(blocks);
    for (const part of ["二、政府信息公开工作运转情况", "三、存在的主要问题", "四、下一步工作打算", "一名党工委委员", "兼职", "拖延、滞后", "电视", "以下四方面工作"]) {
      expect(text).toContain(part);
    }
    expect(renderLegacyReport(2017, data)).toBe(text);
  });

  it("without the records, writes no sentence for those parts and says where to record them", async () => {
    const data = await loadAnnualData(db, 2017);
    const bare = legacyReportBlocks({ ...data, records: [], disclosureOrganisation: null });
    const text = renderBlocks(bare);
    expect(text).not.toContain("党工委委员");
    expect(text).not.toContain("一是");
    const notes = bare.filter((b) => b.type === "missing");
    expect(notes.map((n) => (n.type === "missing" ? n.href : ""))).toContain("/console/supervision/improvements");
    const cmp = compareWithReference(bare, SEED_2017_FULL_TEXT);
    expect(cmp.unsupported).toEqual([]);
    expect(cmp.missing.length).toBeGreaterThan(10);
    // The national-format draft makes no claim the records do not support.
    // (An empty catalogue: with catalogue records, "未制发" would be a supported statement.)
    const all = JSON.stringify(draftSections({ ...data, records: [], disclosureOrganisation: null, catalogue: [] }));
    for (const claim of ["按时公开率100%", "深度和广度有待拓展", "未制发行政规范性文件", "未开展政府信息公开专项督察"]) expect(all).not.toContain(claim);
  });

  it("the supervision page feeds the register: a rectification becomes a problem of its year, once", async () => {
    const actor = { user: reviewer, ip: "127.0.0.1" };
    const dept = await db.department.findFirstOrThrow({ where: { active: true } });
    const ins = await createInspection(db, actor, { date: "2018-06-28", scope: "各科室、单位上半年政府信息公开工作", departmentIds: [dept.id], findings: "" });
    const r = await addRectification(db, actor, ins.id, { description: "部分信息未在10日内公开。", departmentId: dept.id, dueOn: "2018-07-31" });
    const rec = await problemFromRectification(db, actor, r.id);
    expect(rec).toMatchObject({ year: 2018, kind: "PROBLEM", title: "部分信息未在10日内公开", body: "2018年6月28日督察发现：部分信息未在10日内公开。", sourceType: "RECTIFICATION" });
    await expect(problemFromRectification(db, actor, r.id)).rejects.toThrow(/已列入问题与改进台账/);
    const text = renderBlocks(legacyReportBlocks(await loadAnnualData(db, 2018)));
    expect(text).toContain("一是部分信息未在10日内公开。2018年6月28日督察发现：部分信息未在10日内公开。");
    // The 2017 report is unchanged by a 2018 record.
    expect(compareWithReference(legacyReportBlocks(await loadAnnualData(db, 2017)), SEED_2017_FULL_TEXT).added).toEqual([]);
  });

  it("refuses bad register and 单位信息 input in Chinese, saving nothing", async () => {
    const actor = { user: reviewer, ip: "127.0.0.1" };
    // The message and the field messages, as the form shows them.
    const refused = (p: Promise<unknown>) =>
      p.then(
        () => "",
        (e: { message: string; fields?: Record<string, string> }) => `${e.message}${JSON.stringify(e.fields ?? {})}`,
      );
    const before = await db.reportRecord.count();
    expect(await refused(createReportRecord(db, actor, { year: "2018", kind: "WORK", title: "加强领导", body: "已落实。" }))).toMatch(/须选择所属方面/);
    expect(await refused(createReportRecord(db, actor, { year: "2018", kind: "PLAN", title: "加强学习培训。", body: "" }))).toMatch(/不要加句号/);
    expect(await refused(createReportRecord(db, actor, { year: "2018", kind: "PROBLEM", title: "工作程序有待改进", body: "没有句号" }))).toMatch(/以句号结尾/);
    expect(await refused(createReportRecord(db, actor, { year: "2017", kind: "SUMMARY", title: "概述", body: "又一份概述。" }))).toMatch(/已有年度工作概述/);
    expect(await db.reportRecord.count()).toBe(before);
    expect(await refused(saveDisclosureOrganisation(db, actor, { leader: "一名党工委委员", office: "党政办公室", staffCount: "两人", partTime: "" }))).toMatch(/工作人员人数应为数字/);
    expect((await loadAnnualData(db, 2017)).disclosureOrganisation).toMatchObject({ leader: "一名党工委委员", partTime: true });
  });
});
