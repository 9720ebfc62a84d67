"use server";

import { revalidatePath } from "next/cache";
import { requireAction, requestIp } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { formObject, runAction, type ActionResult } from "@/lib/http/action-result";
import { saveDisclosureOrganisation } from "@/lib/reports/report-records";

export async function saveDisclosureWorkAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const user = await requireAction("admin.settings");
    await saveDisclosureOrganisation(getDb(), { user, ip: await requestIp() }, { partTime: "", ...formObject(form) });
    revalidatePath("/console/admin/organisation");
    return "已保存，年度报告的组织领导情况将据此撰写。";
  });
}
