"use server";

import { revalidatePath } from "next/cache";
import { requireAction, requestIp } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { formObject, runAction, type ActionResult } from "@/lib/http/action-result";
import { saveColumnSetting } from "@/lib/self-check/admin-commands";

export async function saveColumnAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const user = await requireAction("admin.settings");
    await saveColumnSetting(getDb(), { user, ip: await requestIp() }, formObject(form));
    revalidatePath("/console/admin/columns");
    return "已保存，下次自查起按新要求检查。";
  });
}
