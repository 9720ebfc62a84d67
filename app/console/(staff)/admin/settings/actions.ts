"use server";

import { revalidatePath } from "next/cache";
import { requireAction, requestIp } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { formObject, runAction, type ActionResult } from "@/lib/http/action-result";
import {
  addSensitiveWord,
  deleteCalendarOverride,
  removeSensitiveWord,
  saveCalendarOverride,
  saveDeadlineSettings,
} from "@/lib/settings/admin-commands";

const actor = async () => ({ user: await requireAction("admin.settings"), ip: await requestIp() });

export async function saveOverrideAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    await saveCalendarOverride(getDb(), await actor(), formObject(form));
    revalidatePath("/console/admin/calendar");
    return "已保存，期限计算即时生效。";
  });
}

export async function deleteOverrideAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    await deleteCalendarOverride(getDb(), await actor(), String(form.get("id") ?? ""));
    revalidatePath("/console/admin/calendar");
    return "已删除。";
  });
}

export async function addWordAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    await addSensitiveWord(getDb(), await actor(), formObject(form));
    revalidatePath("/console/admin/sensitive-words");
    return "已添加，之后的保密审查将检查该词。";
  });
}

export async function removeWordAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    await removeSensitiveWord(getDb(), await actor(), String(form.get("id") ?? ""));
    revalidatePath("/console/admin/sensitive-words");
    return "已删除。";
  });
}

export async function saveDeadlinesAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const f = formObject(form);
    await saveDeadlineSettings(getDb(), await actor(), {
      signOff: { length: f.signOffLength, unit: f.signOffUnit },
      publish: { length: f.publishLength, unit: f.publishUnit },
      statutory: { length: f.statutoryLength, unit: f.statutoryUnit },
      dueSoonWorkingDays: f.dueSoonWorkingDays,
    });
    revalidatePath("/console", "layout");
    return "期限设置已保存。";
  });
}
