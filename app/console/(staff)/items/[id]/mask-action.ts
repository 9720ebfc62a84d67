"use server";

import { revalidatePath } from "next/cache";
import { requireAction, requestIp } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { runAction, type ActionResult } from "@/lib/http/action-result";
import { getItemForUser } from "@/lib/items/item-queries";
import { maskFinding } from "@/lib/items/mask-finding";

/** 一键脱敏 of a body finding; who may do it is checked in maskFinding (edit rights or reviewer). */
export async function maskFindingAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const itemId = String(form.get("itemId") ?? "");
    const actor = { user: await requireAction("item.read"), ip: await requestIp() };
    await getItemForUser(getDb(), actor.user, itemId);
    const r = await maskFinding(getDb(), actor, itemId, String(form.get("fingerprint") ?? ""));
    revalidatePath(`/console/items/${itemId}`);
    return `已脱敏为 ${r.masked}（${r.occurrences} 处），重新审查后还有 ${r.open.length} 处待处理。`;
  });
}
