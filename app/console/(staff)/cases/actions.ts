"use server";

import { revalidatePath } from "next/cache";
import { requireAction, requestIp } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { formObject, runAction, type ActionResult } from "@/lib/http/action-result";
import { createReviewCase, deleteReviewCase, updateReviewCase } from "@/lib/reports/review-cases";

async function actor() {
  return { user: await requireAction("report.edit"), ip: await requestIp() };
}

export async function createCaseAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    await createReviewCase(getDb(), await actor(), formObject(form));
    revalidatePath("/console/cases");
    return "案件已登记。";
  });
}

export async function updateCaseAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    await updateReviewCase(getDb(), await actor(), String(form.get("caseId") ?? ""), formObject(form));
    revalidatePath("/console/cases");
    return "案件已更新。";
  });
}

export async function deleteCaseAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    await deleteReviewCase(getDb(), await actor(), String(form.get("caseId") ?? ""), String(form.get("reason") ?? ""));
    revalidatePath("/console/cases");
    return "案件记录已删除。";
  });
}
