"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireAction, requestIp } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { formObject, runAction, type ActionResult } from "@/lib/http/action-result";
import { addRectification, createInspection, setRectificationStatus, updateInspectionFindings } from "@/lib/supervision/inspections";
import { problemFromRectification } from "@/lib/reports/report-records";

async function actor() {
  return { user: await requireAction("report.edit"), ip: await requestIp() };
}

export async function createInspectionAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  let id = "";
  const result = await runAction(async () => {
    const row = await createInspection(getDb(), await actor(), { ...formObject(form), departmentIds: form.getAll("departmentIds").map(String) });
    id = row.id;
    revalidatePath("/console/supervision");
    return "检查记录已登记，请逐项登记整改事项。";
  });
  if (result.ok && id) redirect(`/console/supervision/${id}`);
  return result;
}

export async function updateFindingsAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const id = String(form.get("inspectionId") ?? "");
    await updateInspectionFindings(getDb(), await actor(), id, String(form.get("findings") ?? ""));
    revalidatePath(`/console/supervision/${id}`);
    return "检查发现已保存。";
  });
}

export async function addRectificationAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const id = String(form.get("inspectionId") ?? "");
    await addRectification(getDb(), await actor(), id, formObject(form));
    revalidatePath(`/console/supervision/${id}`);
    revalidatePath("/console/supervision");
    return "整改事项已登记。";
  });
}

export async function setRectificationAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const id = String(form.get("inspectionId") ?? "");
    const done = form.get("done") === "1";
    await setRectificationStatus(getDb(), await actor(), String(form.get("rectificationId") ?? ""), done, String(form.get("doneOn") ?? ""));
    revalidatePath(`/console/supervision/${id}`);
    revalidatePath("/console/supervision");
    return done ? "已记录整改完成。" : "已重新打开该整改事项。";
  });
}

export async function rectificationToRegisterAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    await problemFromRectification(getDb(), await actor(), String(form.get("rectificationId") ?? ""));
    revalidatePath("/console/supervision/improvements");
    return "已列入问题与改进台账，年度报告“存在的主要问题”将据此撰写。";
  });
}
