import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../lib/db/client";
import { seedDemo } from "../../lib/seed/seed-demo";
import { loadSessionUser } from "../../lib/auth/sign-in";
import type { SessionUser } from "../../lib/auth/roles";
import { createStorage } from "../../lib/attachments/storage";
import { isoToDbDate } from "../../lib/calendar/load-calendar";
import { APPLICANT_TYPE_CODES, OUTCOME_CODES } from "../../lib/applications/outcomes";
import { loadAnnualData } from "../../lib/reports/load-annual-data";
import { buildAnnualReport } from "../../lib/reports/build-annual-report";
import {
  addReportAdjustment,
  approveAnnualReport,
  createAnnualReport,
  removeReportAdjustment,
  returnAnnualReport,
  reviseAnnualReport,
  saveReportSection,
  submitAnnualReport,
  type ReportActor,
} from "../../lib/reports/annual-report-commands";
import { publishAnnualReport } from "../../lib/reports/publish-annual-report";
import { createReviewCase } from "../../lib/reports/review-cases";
import { saveYearFigures } from "../../lib/reports/year-figures";
import { setCategoryReportRow } from "../../lib/reports/category-mapping";
import { addRectification, createInspection, setRectificationStatus } from "../../lib/supervision/inspections";
import { createTraining } from "../../lib/supervision/trainings";
import { loadScorecard } from "../../lib/supervision/scorecard";
import { importHistoricalItems } from "../../lib/reports/history-items";

// A past year (2025) whose every record is written by this test: applications of every applicant
// type and outcome with carry-over both ways, cases of each kind, table-二 documents and figures,
// an inspection and a training. Then the review path: submit (refused while a check fails),
// return, approve (two-person rule), publish as an item, revise and publish again.
const YEAR = 2025;
const db = createDb(process.env.DATABASE_URL);
const storageDir = mkdtempSync(path.join(tmpdir(), "annual-report-it-"));
const storage = createStorage({ driver: "local", root: storageDir });
const users: Record<string, SessionUser> = {};
const actor = (name: string): ReportActor => ({ user: users[name], ip: "127.0.0.1" });
let seq = 0;

async function application(type: string, received: string, closed: string | null, outcome: string | null) {
  seq += 1;
  return db.application.create({
    data: {
      trackingCode: `AR${YEAR}${String(seq).padStart(4, "0")}`,
      channel: "IN_PERSON",
      applicantType: type,
      applicantName: type === "NATURAL_PERSON" ? "张三" : "某某单位",
      idType: "resident_id",
      idNumber: "11010519491231002X",
      phone: "0533-3581234",
      description: "申请公开2025年辖区道路改造项目资金使用情况",
      formWanted: "ELECTRONIC",
      deliveryMethod: "EMAIL",
      status: closed ? "CLOSED" : "PROCESSING",
      receivedOn: isoToDbDate(received),
      closedOn: closed ? isoToDbDate(closed) : null,
      outcome,
      handlerId: users.reviewer.id,
    },
  });
}

beforeAll(async () => {
  await seedDemo(db);
  for (const u of await db.user.findMany()) users[u.username] = (await loadSessionUser(db, u.id))!;
  // One application per outcome, cycling through the applicant types, closed in 2025.
  for (const [i, outcome] of OUTCOME_CODES.entries()) {
    const type = APPLICANT_TYPE_CODES[i % APPLICANT_TYPE_CODES.length];
    const month = String((i % 11) + 1).padStart(2, "0");
    await application(type, `${YEAR}-${month}-03`, `${YEAR}-${month}-20`, outcome);
  }
  // The schema's old name for the last type still lands in its column.
  await application("OTHER_ORG", `${YEAR}-03-10`, `${YEAR}-03-28`, "GRANTED");
  await application("NATURAL_PERSON", `${YEAR - 1}-12-20`, `${YEAR}-01-10`, "PARTIAL"); // carried in
  await application("COMMERCIAL", `${YEAR}-12-22`, null, null); // carried out
  await application("RESEARCH", `${YEAR - 1}-12-28`, `${YEAR + 1}-01-05`, "GRANTED"); // in and out

  const reviewer = { user: users.reviewer, ip: "127.0.0.1" };
  await createReviewCase(db, reviewer, { kind: "RECONSIDERATION", filedOn: `${YEAR}-03-01`, result: "UPHELD", closedOn: `${YEAR}-05-01`, note: "" });
  await createReviewCase(db, reviewer, { kind: "LITIGATION_DIRECT", filedOn: `${YEAR}-06-01`, result: "PENDING", note: "" });
  await createReviewCase(db, reviewer, { kind: "LITIGATION_AFTER_RECONSIDERATION", filedOn: `${YEAR}-07-01`, result: "CORRECTED", closedOn: `${YEAR}-11-01`, note: "" });
  await saveYearFigures(db, reviewer, YEAR, { licensingDecisions: "12", penaltyDecisions: "3", enforcementDecisions: "0", feeAmountWan: "1.25" });

  // Table 二 from the catalogue: two normative documents in 2025, one repealed in 2025.
  await importHistoricalItems(db, reviewer, [
    { title: "四宝山街道办事处关于规范村居财务管理的若干规定", category: "行政规范性文件", formedDate: `${YEAR}-02-10`, publishedDate: `${YEAR}-02-14` },
    { title: "四宝山街道办事处城乡环境卫生管理办法", category: "行政规范性文件", formedDate: `${YEAR}-05-06`, publishedDate: `${YEAR}-05-09` },
  ]);
  const repealed = await db.item.findFirstOrThrow({ where: { versions: { some: { title: "四宝山街道办事处关于规范村居财务管理的若干规定" } } }, include: { versions: true } });
  await db.itemVersion.update({ where: { id: repealed.versions[0].id }, data: { validity: "REPEALED", repealedDate: isoToDbDate(`${YEAR}-11-30`) } });

  const econ = await db.department.findFirstOrThrow({ where: { code: "jjfz" } });
  const inspection = await createInspection(db, reviewer, { date: `${YEAR}-06-28`, scope: "各科室、单位上半年政府信息公开工作落实情况", departmentIds: [econ.id], findings: "个别信息发布滞后" });
  const r1 = await addRectification(db, reviewer, inspection.id, { description: "补齐上半年统计数据类信息", departmentId: econ.id, ownerId: users.head.id, dueOn: `${YEAR}-07-15` });
  await addRectification(db, reviewer, inspection.id, { description: "规范信息公开审核登记", departmentId: econ.id, ownerId: users.staff.id, dueOn: `${YEAR}-07-31` });
  await setRectificationStatus(db, reviewer, r1.id, true, `${YEAR}-07-10`);
  await createTraining(db, reviewer, { date: `${YEAR}-04-20`, topic: "《中华人民共和国政府信息公开条例》学习", organiser: "党政办公室", hours: "2", attendeeIds: [users.staff.id, users.head.id, users.staff2.id] });
});
afterAll(async () => {
  await db.$disconnect();
  rmSync(storageDir, { recursive: true, force: true });
});

describe("loadAnnualData", () => {
  it("maps every applicant type and outcome, carry-over both ways, cases of each kind, table 二 and fees", async () => {
    const data = await loadAnnualData(db, YEAR);
    const built = await buildAnnualReport(db, YEAR);
    const v = built.tables.table3.values;
    expect(v.NEW.TOTAL).toBe(OUTCOME_CODES.length + 2);
    expect(v.CARRIED_IN.TOTAL).toBe(2);
    expect(v.CARRIED_OUT.TOTAL).toBe(2);
    expect(v.CARRIED_OUT.COMMERCIAL).toBe(1);
    expect(v.CARRIED_OUT.RESEARCH).toBe(1);
    expect(v.GRANTED.OTHER_ORGANISATION).toBe(1);
    for (const o of OUTCOME_CODES) expect(v[o].TOTAL).toBeGreaterThanOrEqual(1);
    expect(built.tables.table3.balance.every((b) => b.ok)).toBe(true);
    expect(built.tables.table4.values.RECONSIDERATION.UPHELD).toBe(1);
    expect(built.tables.table4.values.DIRECT_LITIGATION.PENDING).toBe(1);
    expect(built.tables.table4.values.LITIGATION_AFTER_RECONSIDERATION.CORRECTED).toBe(1);
    expect(built.tables.table2.normative).toEqual({ issued: 2, repealed: 1, inForce: 1 });
    expect(built.tables.table2.licensing).toBe(12);
    expect(built.tables.table2.administrativeFeesWan).toBe(1.25);
    expect(built.problems).toEqual([]);
    expect(data.inspections).toEqual([{ date: `${YEAR}-06-28`, scope: "各科室、单位上半年政府信息公开工作落实情况", findingsCount: 2, rectifiedCount: 1 }]);
    expect(data.trainings).toEqual([{ date: `${YEAR}-04-20`, topic: "《中华人民共和国政府信息公开条例》学习", hours: 2, attendees: 3 }]);
    const overview = built.drafts.overview.subsections.flatMap((s) => s.paragraphs).join("");
    expect(overview).toContain("全年开展政府信息公开工作督察1次，发现问题2个，已整改1个");
    expect(overview).toContain("组织政府信息公开业务学习培训1次，累计2学时、3人次参加");
  });

  it("counts a category's documents only while it is mapped to a table-二 row", async () => {
    const cat = await db.category.findFirstOrThrow({ where: { code: "gfxwj" } });
    const admin = { user: users.admin };
    await setCategoryReportRow(db, admin, { categoryId: cat.id, choice: "NONE" });
    expect((await buildAnnualReport(db, YEAR)).tables.table2.normative).toEqual({ issued: 0, repealed: 0, inForce: 0 });
    await setCategoryReportRow(db, admin, { categoryId: cat.id, choice: "NORMATIVE" });
    expect((await buildAnnualReport(db, YEAR)).tables.table2.normative.issued).toBe(2);
  });
});

describe("the review path", () => {
  it("refuses submission while a check fails and shows why; a fixed record lets it through", async () => {
    await createAnnualReport(db, actor("reviewer"), YEAR);
    const broken = await application("NATURAL_PERSON", `${YEAR}-09-01`, `${YEAR}-09-20`, null);
    const built = await buildAnnualReport(db, YEAR);
    expect(built.tables.ok).toBe(false);
    expect(built.problems.join("")).toMatch(/勾稽关系不成立/);
    await expect(submitAnnualReport(db, actor("reviewer"), YEAR)).rejects.toThrow(/数据校验未通过/);
    await db.application.update({ where: { id: broken.id }, data: { outcome: "GRANTED" } });
    expect((await buildAnnualReport(db, YEAR)).problems).toEqual([]);
  });

  it("re-checks the tables after a hand adjustment, with the reason kept and audited", async () => {
    const adj = await addReportAdjustment(db, actor("reviewer"), YEAR, { target: "三|NEW|NATURAL_PERSON", mode: "add", value: "1", reason: "补录一件线下申请" });
    const built = await buildAnnualReport(db, YEAR);
    expect(built.problems.some((p) => p.includes("自然人"))).toBe(true);
    await removeReportAdjustment(db, actor("reviewer"), YEAR, adj.id, "经核实已在系统中登记");
    expect((await buildAnnualReport(db, YEAR)).problems).toEqual([]);
    const audits = await db.auditLog.findMany({ where: { entityType: "AnnualReport", action: { startsWith: "annual-report.adjustment" } } });
    expect(audits.map((a) => a.action)).toEqual(["annual-report.adjustment-add", "annual-report.adjustment-remove"]);
  });

  it("edits section 五, submits (freezing the data), returns, resubmits and is approved by 分管领导 only", async () => {
    await saveReportSection(db, actor("reviewer"), YEAR, "problems", "（一）存在的主要问题\n一是信息公开时效有待提高。\n（二）改进措施\n一是加强督办。");
    await submitAnnualReport(db, actor("reviewer"), YEAR);
    await expect(saveReportSection(db, actor("reviewer"), YEAR, "other", "无。")).rejects.toThrow(/不能修改/);
    // New records after submission do not change what is being approved.
    await application("NATURAL_PERSON", `${YEAR}-10-01`, null, null);
    const frozen = await buildAnnualReport(db, YEAR);
    expect(frozen.frozen).toBe(true);
    expect(frozen.tables.table3.values.CARRIED_OUT.NATURAL_PERSON).toBe(0);
    expect(frozen.drafts.problems.subsections[0].paragraphs).toEqual(["一是信息公开时效有待提高。"]);

    await expect(approveAnnualReport(db, actor("reviewer"), YEAR)).rejects.toThrow(/只有分管领导/);
    await returnAnnualReport(db, actor("supervisor"), YEAR, "请补充培训情况");
    expect((await buildAnnualReport(db, YEAR)).frozen).toBe(false);
    await submitAnnualReport(db, actor("reviewer"), YEAR);
    await approveAnnualReport(db, actor("supervisor"), YEAR);
    const row = await db.annualReport.findUniqueOrThrow({ where: { year: YEAR } });
    expect(row.status).toBe("APPROVED");
  });

  it("publishes as an item in the 年报 column with DOCX and PDF attachments and one delivery per channel", async () => {
    // Every channel, WeChat included (its channel condenses the over-long body; see to-wechat-article).
    const res = await publishAnnualReport(db, storage, actor("reviewer"), YEAR, { channels: ["DISTRICT", "WECHAT", "BOARD"] });
    const item = await db.item.findUniqueOrThrow({
      where: { id: res.itemId },
      include: { category: true, department: true, versions: { include: { attachments: true } }, deliveries: true },
    });
    expect(item.state).toBe("PUBLISHED");
    expect(item.category.code).toBe("nb");
    expect(item.department.isDisclosureOffice).toBe(true);
    expect(item.indexNo).toMatch(/\/\d{4}-\d{5}$/);
    expect(item.createdById).toBe(users.reviewer.id);
    expect(item.approvedById).toBe(users.supervisor.id);
    const v = item.versions[0];
    expect(v.title).toBe(`四宝山街道办事处${YEAR}年政府信息公开工作年度报告`);
    expect(v.bodyHtml).toContain("<h2>二、主动公开政府信息情况</h2>");
    expect(v.bodyHtml).toContain("一是信息公开时效有待提高。");
    expect(v.attachments.map((a) => a.kind).sort()).toEqual(["docx", "pdf"]);
    expect(v.attachments.every((a) => a.textContent.includes("政府信息公开"))).toBe(true);
    expect(item.deliveries.map((d) => d.channel).sort()).toEqual(["BOARD", "DISTRICT", "WECHAT"]);
    // The portal's lists and search see it in the same commit.
    expect(await db.publicItem.findUnique({ where: { itemId: item.id } })).toMatchObject({ title: v.title, versionNo: 1, categoryId: item.categoryId });
    const history = await db.auditLog.findMany({ where: { entityType: "Item", entityId: item.id }, orderBy: { id: "asc" } });
    expect(history.map((h) => h.action)).toEqual(["item.create", "item.publish"]);
    // The annual report itself is not counted as 主动公开 information of its year.
    expect((await loadAnnualData(db, Number(item.generatedDate.toISOString().slice(0, 4)))).proactiveItems.map((p) => p.id)).not.toContain(item.id);
  });

  it("revises a published report into a new version of the same item", async () => {
    await expect(reviseAnnualReport(db, actor("reviewer"), YEAR, "")).rejects.toThrow(/修订说明/);
    await reviseAnnualReport(db, actor("reviewer"), YEAR, "更正表二行政许可数量");
    await saveYearFigures(db, { user: users.reviewer }, YEAR, { licensingDecisions: "13", penaltyDecisions: "3", enforcementDecisions: "0", feeAmountWan: "1.25" });
    await submitAnnualReport(db, actor("reviewer"), YEAR);
    await approveAnnualReport(db, actor("supervisor"), YEAR);
    const res = await publishAnnualReport(db, storage, actor("reviewer"), YEAR, { channels: ["DISTRICT"] });
    expect(res.revision).toBe(true);
    expect(res.versionNo).toBe(2);
    const item = await db.item.findUniqueOrThrow({ where: { id: res.itemId }, include: { versions: { orderBy: { number: "asc" } } } });
    expect(item.publishedVersionNo).toBe(2);
    expect(item.versions[1].changeNote).toBe("更正表二行政许可数量");
    expect((await db.publicItem.findUniqueOrThrow({ where: { itemId: item.id } })).versionNo).toBe(2);
    expect(item.versions[1].bodyHtml).toContain("<td colspan=\"3\">13</td>");
    expect(await db.item.count({ where: { category: { code: "nb" } } })).toBe(1);
  });

  it("refuses approval by the person who submitted it (two-person rule)", async () => {
    const both: SessionUser = { ...users.reviewer, roles: [...users.reviewer.roles, { role: "SUPERVISOR", departmentId: null }] };
    await createAnnualReport(db, actor("reviewer"), YEAR - 1);
    await submitAnnualReport(db, { user: both }, YEAR - 1);
    await expect(approveAnnualReport(db, { user: both }, YEAR - 1)).rejects.toThrow("不能审批自己提交的年度报告");
    await approveAnnualReport(db, actor("supervisor"), YEAR - 1);
  });
});

describe("loadScorecard", () => {
  it("gives each department its published items, on-time rates, applications and rectifications", async () => {
    const card = await loadScorecard(db, YEAR, new Date(`${YEAR + 1}-02-01T00:00:00+08:00`));
    const dzb = card.rows.find((r) => r.departmentName === "党政办公室")!;
    expect(dzb.published).toBe(2);
    expect(dzb.statutory).toMatchObject({ judged: 2, onTime: 2, rate: 1 });
    // Handled by the reviewer (党政办): every application closed in the year, each within 20 working days.
    expect(dzb.applications).toMatchObject({ judged: OUTCOME_CODES.length + 3, onTime: OUTCOME_CODES.length + 3 });
    const econ = card.rows.find((r) => r.departmentName === "经济发展办公室")!;
    expect(econ.rectifications).toEqual({ total: 2, done: 1, overdue: 1 });
    expect(card.total.published).toBeGreaterThanOrEqual(2);
    expect(card.isCurrent).toBe(false);
    expect(card.total.overdueNow).toBeNull();
  });
});
