// Loads the 2017 fixture (tests/fixtures/annual-2017.ts: what the office's own 2017 report says —
// 10 items proactively published, 2 统计数据, 1 规划计划, 7 其他信息, with ILLUSTRATIVE titles and
// dates; the report's other facts as 问题与改进 register records and 单位信息) into the database
// DATABASE_URL points to, so that 年度报告 → 2017 shows the report produced from records. For
// demonstrations only: the titles are invented, and the 单位信息 setting is overwritten, so do not
// run it against a production database.
//
// Usage: npx tsx scripts/load-2017-fixture.ts   (runs once; a second run changes nothing)

import { createDb } from "../lib/db/client";
import { loadSessionUser } from "../lib/auth/sign-in";
import { importHistoricalItems } from "../lib/reports/history-items";
import { addRectification, createInspection, setRectificationStatus } from "../lib/supervision/inspections";
import { createTraining } from "../lib/supervision/trainings";
import { toDay } from "../lib/annual-report";
import { createReportRecord, saveDisclosureOrganisation } from "../lib/reports/report-records";
import { ANNUAL_2017, ANNUAL_2017_ITEMS, ANNUAL_2017_ORGANISATION, ANNUAL_2017_RECORDS } from "../tests/fixtures/annual-2017";

const db = createDb();
try {
  const already = await db.auditLog.count({ where: { action: "item.import-history", after: { path: ["title"], equals: ANNUAL_2017_ITEMS[0].title } } });
  if (already > 0) {
    console.log("2017年演示数据已导入，未作改动。");
  } else {
    const reviewerRow = await db.user.findFirst({ where: { roles: { some: { role: "OFFICE_REVIEWER" } }, active: true } });
    if (!reviewerRow) throw new Error("没有党政办审核人员账号，请先运行 npm run db:seed");
    const reviewer = (await loadSessionUser(db, reviewerRow.id))!;
    const actor = { user: reviewer, ip: "127.0.0.1" };
    await importHistoricalItems(db, actor, ANNUAL_2017_ITEMS);
    const departments = await db.department.findMany({ where: { active: true }, orderBy: { sortOrder: "asc" } });
    for (const ins of ANNUAL_2017.inspections) {
      const date = toDay(ins.date);
      const row = await createInspection(db, actor, { date, scope: ins.scope, departmentIds: departments.map((d) => d.id), findings: "" });
      for (let i = 0; i < ins.findingsCount; i++) {
        const dept = departments[(i + 1) % departments.length];
        const r = await addRectification(db, actor, row.id, { description: `督察发现问题${i + 1}：信息公开不够及时`, departmentId: dept.id, dueOn: date.replace(/-\d\d$/, "-28") });
        if (i < (ins.rectifiedCount ?? 0)) await setRectificationStatus(db, actor, r.id, true, date.replace(/-\d\d$/, "-28"));
      }
    }
    const staff = await db.user.findMany({ where: { active: true }, select: { id: true } });
    for (const t of ANNUAL_2017.trainings) {
      // The fixture counts 15 attendees; the demo has fewer accounts, so everyone attends.
      await createTraining(db, actor, { date: toDay(t.date), topic: t.topic, organiser: "党政办公室", hours: t.hours, attendeeIds: staff.map((s) => s.id) });
    }
    const o = ANNUAL_2017_ORGANISATION;
    await saveDisclosureOrganisation(db, actor, { leader: o.leader, office: o.office, staffCount: o.staffCount ?? "", partTime: o.partTime ? "1" : "" });
    for (const r of ANNUAL_2017_RECORDS) {
      await createReportRecord(db, actor, { year: String(r.year), kind: r.kind, section: r.section ?? "", title: r.title, body: r.body });
    }
    console.log(
      `已导入2017年主动公开信息${ANNUAL_2017_ITEMS.length}条、问题与改进台账等记录${ANNUAL_2017_RECORDS.length}条、督察${ANNUAL_2017.inspections.length}次、培训${ANNUAL_2017.trainings.length}次（演示数据）。`,
    );
  }
} finally {
  await db.$disconnect();
}
