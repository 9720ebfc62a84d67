"use server";

import { revalidatePath } from "next/cache";
import { requireAction, requestIp } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { formObject, runAction, type ActionResult } from "@/lib/http/action-result";
import { createTraining, deleteTraining } from "@/lib/supervision/trainings";

async function actor() {
  return { user: await requireAction("report.edit"), ip: await requestIp() };
}

export async function createTrainingAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    await createTraining(getDb(), await actor(), { ...formObject(form), attendeeIds: form.getAll("attendeeIds").map(String) });
    revalidatePath("/console/training");
    return "培训记录已登记。";
  });
}

export async function deleteTrainingAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    await deleteTraining(getDb(), await actor(), String(form.get("trainingId") ?? ""), String(form.get("reason") ?? ""));
    revalidatePath("/console/training");
    return "培训记录已删除。";
  });
}
