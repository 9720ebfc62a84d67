"use server";

import { redirect } from "next/navigation";
import { requireAction, requestIp } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { runAction, type ActionResult } from "@/lib/http/action-result";
import { cancelImportBatch, confirmImportBatch } from "@/lib/import/import-batches";

export async function confirmImportAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const user = await requireAction("item.import");
    const id = String(form.get("batchId") ?? "");
    await confirmImportBatch(getDb(), { user, ip: await requestIp() }, id, form.getAll("channels").map(String));
    redirect(`/console/items/import/${id}`);
  });
}

export async function cancelImportAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const user = await requireAction("item.import");
    await cancelImportBatch(getDb(), { user, ip: await requestIp() }, String(form.get("batchId") ?? ""));
    redirect("/console/items/import");
  });
}
