"use server";

import { revalidatePath } from "next/cache";
import { requireAction, requestIp } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { formObject, runAction, type ActionResult } from "@/lib/http/action-result";
import { createReportRecord, deleteReportRecord } from "@/lib/reports/report-records";

async function actor() {
  return { user: await requireAction("report.edit"), ip: await requestIp() };
}

export async function createReportRecordAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const row = await createReportRecord(getDb(), await actor(), formObject(form));
    revalidatePath("/console/supervision/improvements");
    revalidatePath(`/console/reports/${row.year}`);
    return "已登记，年度报告将据此撰写。";
  });
}

export async function deleteReportRecordAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    await deleteReportRecord(getDb(), await actor(), String(form.get("id") ?? ""));
    revalidatePath("/console/supervision/improvements");
    return "已删除。";
  });
}
