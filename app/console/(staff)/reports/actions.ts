"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireAction, requestIp } from "@/lib/auth/session";
import type { Permission } from "@/lib/auth/roles";
import { getDb } from "@/lib/db/client";
import { getStorage } from "@/lib/attachments/get-storage";
import { formObject, runAction, type ActionResult } from "@/lib/http/action-result";
import {
  addReportAdjustment,
  approveAnnualReport,
  createAnnualReport,
  removeReportAdjustment,
  reopenAnnualReport,
  resetReportSection,
  returnAnnualReport,
  reviseAnnualReport,
  saveReportSection,
  submitAnnualReport,
} from "@/lib/reports/annual-report-commands";
import { publishAnnualReport } from "@/lib/reports/publish-annual-report";
import { saveYearFigures } from "@/lib/reports/year-figures";
import { setCategoryReportRow } from "@/lib/reports/category-mapping";

async function actor(permission: Permission) {
  return { user: await requireAction(permission), ip: await requestIp() };
}

function yearOf(form: FormData): number {
  return Number(form.get("year") ?? "");
}

function done(year: number) {
  revalidatePath(`/console/reports/${year}`);
  revalidatePath("/console/reports");
}

export async function createReportAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  let year = 0;
  const result = await runAction(async () => {
    year = yearOf(form);
    await createAnnualReport(getDb(), await actor("report.edit"), year);
    return `已生成${year}年度报告。`;
  });
  if (result.ok) redirect(`/console/reports/${year}`);
  return result;
}

export async function saveSectionAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const year = yearOf(form);
    await saveReportSection(getDb(), await actor("report.edit"), year, String(form.get("section") ?? ""), String(form.get("text") ?? ""));
    done(year);
    return "已保存。";
  });
}

export async function resetSectionAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const year = yearOf(form);
    await resetReportSection(getDb(), await actor("report.edit"), year, String(form.get("section") ?? ""));
    done(year);
    return "已恢复为建议稿，数字将随台账数据自动更新。";
  });
}

export async function addAdjustmentAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const year = yearOf(form);
    await addReportAdjustment(getDb(), await actor("report.edit"), year, formObject(form));
    done(year);
    return "人工调整已记录，已重新校验勾稽关系。";
  });
}

export async function removeAdjustmentAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const year = yearOf(form);
    await removeReportAdjustment(getDb(), await actor("report.edit"), year, String(form.get("adjustmentId") ?? ""), String(form.get("reason") ?? ""));
    done(year);
    return "人工调整已撤销。";
  });
}

export async function saveFiguresAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const year = yearOf(form);
    await saveYearFigures(getDb(), await actor("report.edit"), year, formObject(form));
    done(year);
    return "表二填报数据已保存。";
  });
}

export async function submitReportAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const year = yearOf(form);
    await submitAnnualReport(getDb(), await actor("report.edit"), year);
    done(year);
    return "已提交分管领导审批，报告数据已锁定。";
  });
}

export async function returnReportAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const year = yearOf(form);
    await returnAnnualReport(getDb(), await actor("report.approve"), year, String(form.get("comment") ?? ""));
    done(year);
    return "已退回党政办修改。";
  });
}

export async function approveReportAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const year = yearOf(form);
    await approveAnnualReport(getDb(), await actor("report.approve"), year);
    done(year);
    return "已审批通过，待党政办发布。";
  });
}

export async function reopenReportAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const year = yearOf(form);
    await reopenAnnualReport(getDb(), await actor("report.edit"), year, String(form.get("reason") ?? ""));
    done(year);
    return "已撤回，报告重新进入编制状态。";
  });
}

export async function publishReportAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const year = yearOf(form);
    const res = await publishAnnualReport(getDb(), getStorage(), await actor("report.edit"), year, {
      channels: form.getAll("channels").map(String),
    });
    done(year);
    revalidatePath("/reports");
    revalidatePath(`/items/${res.itemId}`);
    return res.revision ? `已发布修订版本（第${res.versionNo}版）。` : "已发布到政府信息公开年报栏目，并推送到所选渠道。";
  });
}

export async function reviseReportAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const year = yearOf(form);
    await reviseAnnualReport(getDb(), await actor("report.edit"), year, String(form.get("changeNote") ?? ""));
    done(year);
    return "已开始修订；门户网站继续显示已发布的版本，修订版须重新审批后发布。";
  });
}

export async function setReportRowAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    await setCategoryReportRow(getDb(), await actor("admin.settings"), formObject(form));
    revalidatePath("/console/reports/mapping");
    return "统计口径已保存。";
  });
}
