"use server";

import { revalidatePath } from "next/cache";
import { requireAction, requestIp } from "@/lib/auth/session";
import { requeueDeliveries } from "@/lib/channels/outbox";
import { retryDelivery } from "@/lib/channels/retry-delivery";
import { getDb } from "@/lib/db/client";
import { runAction, type ActionResult } from "@/lib/http/action-result";

export async function retryDeliveryAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const user = await requireAction("item.publish");
    const row = await retryDelivery(getDb(), { user, ip: await requestIp() }, String(form.get("deliveryId") ?? ""));
    await requeueDeliveries([row]);
    revalidatePath(`/console/items/${row.itemId}`);
    revalidatePath("/console/channels");
    return "已重新加入推送队列，稍后刷新页面查看结果。";
  });
}
