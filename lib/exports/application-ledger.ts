import ExcelJS from "exceljs";
import type { Db } from "../db/client";
import { hasRole, type SessionUser } from "../auth/roles";
import { writeAudit } from "../audit/write-audit";
import { APPLICANT_TYPES, OUTCOME_GROUPS, OUTCOMES } from "../applications/outcomes";
import { CHANNEL_LABELS, DELIVERY_METHOD_LABELS, FORM_WANTED_LABELS, STATUS_LABELS } from "../applications/labels";
import { maskIdNumber, maskName, maskPhone } from "../applications/mask";
import { cellSafe, FONT, styleHeaderRow, thinBorder } from "./xlsx-style";

export const LEDGER_COLUMNS = [
  { key: "no", header: "序号", width: 6 },
  { key: "code", header: "申请编号", width: 16 },
  { key: "receivedOn", header: "收到日期", width: 12 },
  { key: "channel", header: "申请方式", width: 14 },
  { key: "applicantType", header: "申请人类型", width: 12 },
  { key: "applicant", header: "申请人", width: 14 },
  { key: "idNumber", header: "证件号码", width: 22 },
  { key: "phone", header: "联系电话", width: 14 },
  { key: "content", header: "申请内容", width: 50 },
  { key: "handling", header: "办理方式", width: 18 },
  { key: "extended", header: "是否延期", width: 9 },
  { key: "repliedOn", header: "答复日期", width: 12 },
  { key: "result", header: "办理结果", width: 40 },
  { key: "fee", header: "是否收费", width: 14 },
  { key: "review", header: "是否复议/诉讼", width: 16 },
  { key: "status", header: "办理状态", width: 12 },
] as const;

const day = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : "");

/** 办理结果 with the national table's code: （三）不予公开 1.属于国家秘密. */
export function outcomeText(code: string | null): string {
  if (!code) return "";
  const o = OUTCOMES.find((x) => x.code === code);
  if (!o) return code;
  const group = OUTCOME_GROUPS.find((g) => g.code === o.group)!;
  return o.item === null ? o.label : `${group.label.replace(/（区分处理.*$/, "")} ${o.label}`;
}

const CASE_LABELS: Record<string, string> = { RECONSIDERATION: "行政复议", LITIGATION_DIRECT: "行政诉讼", LITIGATION_AFTER_RECONSIDERATION: "复议后诉讼" };

/**
 * 依申请公开台账: one row per application received in the year (or every year). Applicants' names, ID
 * numbers and phone numbers are masked unless the exporter holds the 党政办审核人员 role — and an export
 * with them in full is audited as such (every export is audited).
 */
export async function exportApplicationLedger(db: Db, user: SessionUser, options: { year?: number; ip?: string | null } = {}) {
  const full = hasRole(user, "OFFICE_REVIEWER");
  const where = options.year
    ? { OR: [{ receivedOn: { gte: new Date(`${options.year}-01-01T00:00:00Z`), lt: new Date(`${options.year + 1}-01-01T00:00:00Z`) } }, { receivedOn: null, submittedAt: { gte: new Date(`${options.year - 1}-12-31T16:00:00Z`), lt: new Date(`${options.year}-12-31T16:00:00Z`) } }] }
    : {};
  const apps = await db.application.findMany({
    where,
    orderBy: [{ receivedOn: "asc" }, { submittedAt: "asc" }],
    include: { events: { select: { type: true } }, cases: { select: { kind: true } } },
  });
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet("依申请公开台账", { views: [{ state: "frozen", ySplit: 1 }], pageSetup: { orientation: "landscape", paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  sheet.columns = LEDGER_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
  styleHeaderRow(sheet.getRow(1));
  apps.forEach((a, i) => {
    const isPerson = a.applicantType === "NATURAL_PERSON";
    const fee = a.feeWaived ? "减免" : a.feeAmountFen ? `收费 ${(a.feeAmountFen / 100).toFixed(2)} 元` : "否";
    const row = sheet.addRow({
      no: i + 1,
      code: a.trackingCode,
      receivedOn: day(a.receivedOn),
      channel: CHANNEL_LABELS[a.channel as keyof typeof CHANNEL_LABELS] ?? a.channel,
      applicantType: APPLICANT_TYPES.find((t) => t.code === a.applicantType)?.label ?? a.applicantType,
      applicant: full || !isPerson ? a.applicantName : maskName(a.applicantName),
      idNumber: full ? a.idNumber : maskIdNumber(a.idNumber),
      phone: full ? a.phone : maskPhone(a.phone),
      content: cellSafe([a.infoTitle, a.infoNumber, a.description].filter(Boolean).join("；")),
      handling: `${FORM_WANTED_LABELS[a.formWanted as keyof typeof FORM_WANTED_LABELS] ?? a.formWanted}·${DELIVERY_METHOD_LABELS[a.deliveryMethod as keyof typeof DELIVERY_METHOD_LABELS] ?? a.deliveryMethod}`,
      extended: a.events.some((e) => e.type === "EXTENSION_GRANTED") ? "是" : "否",
      repliedOn: day(a.closedOn ?? a.decidedOn),
      result: outcomeText(a.outcome),
      fee,
      review: a.cases.length ? [...new Set(a.cases.map((c) => CASE_LABELS[c.kind] ?? c.kind))].join("、") : "否",
      status: STATUS_LABELS[a.status as keyof typeof STATUS_LABELS] ?? a.status,
    });
    row.font = FONT;
    row.alignment = { wrapText: true, vertical: "top" };
    row.eachCell((c) => (c.border = thinBorder));
  });
  await writeAudit(db, {
    actorId: user.id,
    actorName: user.displayName,
    ip: options.ip ?? null,
    action: full ? "application.ledger-export-full" : "application.ledger-export",
    entityType: "Application",
    detail: { year: options.year ?? null, rows: apps.length, personalDataInFull: full },
  });
  return { buffer: Buffer.from(await wb.xlsx.writeBuffer()), rows: apps.length, full };
}
