"use server";

import { revalidatePath } from "next/cache";
import { requireAction, requestIp } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { formObject, runAction, type ActionResult } from "@/lib/http/action-result";
import { getOrganisation } from "@/lib/org/get-organisation";
import { createDepartment, updateDepartment, updateOrganisation } from "@/lib/users/manage-departments";
import { saveSiteSettings } from "@/lib/portal/site-settings";

export async function createDepartmentAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const actor = { user: await requireAction("admin.users"), ip: await requestIp() };
    const org = await getOrganisation(getDb());
    const d = await createDepartment(getDb(), actor, org.id, formObject(form));
    revalidatePath("/console/admin/departments");
    return `已新增科室“${d.name}”。`;
  });
}

export async function updateDepartmentAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const actor = { user: await requireAction("admin.users"), ip: await requestIp() };
    const d = await updateDepartment(getDb(), actor, String(form.get("id") ?? ""), formObject(form));
    revalidatePath("/console/admin/departments");
    return `科室“${d.name}”已保存。`;
  });
}

export async function updateOrganisationAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const actor = { user: await requireAction("admin.settings"), ip: await requestIp() };
    await updateOrganisation(getDb(), actor, String(form.get("id") ?? ""), formObject(form));
    revalidatePath("/", "layout");
    return "单位信息已保存，公开指南已同步更新。";
  });
}

export async function updateSiteSettingsAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const actor = { user: await requireAction("admin.settings"), ip: await requestIp() };
    await saveSiteSettings(getDb(), actor, formObject(form));
    return "网站标识已保存，门户网站页面即时更新。";
  });
}
