"use server";

import { revalidatePath } from "next/cache";
import { requireAction } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { runAction, type ActionResult } from "@/lib/http/action-result";

export async function markNotificationsReadAction(_: ActionResult | null, _form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const user = await requireAction();
    const { count } = await getDb().notification.updateMany({ where: { userId: user.id, readAt: null }, data: { readAt: new Date() } });
    revalidatePath("/console");
    return `已将 ${count} 条提醒标为已读。`;
  });
}
