"use server";

import { revalidatePath } from "next/cache";
import { requireAction, requestIp } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { formObject, runAction, type ActionResult } from "@/lib/http/action-result";
import { addWordingRule, removeWordingRule, restoreStarterWording, setWordingRuleActive, updateWordingRule } from "@/lib/self-check/admin-commands";

const actor = async () => ({ user: await requireAction("admin.settings"), ip: await requestIp() });
const done = (message: string) => {
  revalidatePath("/console/admin/wording");
  return message;
};

export async function addWordingAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    await addWordingRule(getDb(), await actor(), formObject(form));
    return done("已添加，下次自查起检查该表述。");
  });
}

export async function updateWordingAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    await updateWordingRule(getDb(), await actor(), String(form.get("id") ?? ""), formObject(form));
    return done("已保存。");
  });
}

export async function toggleWordingAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const active = form.get("active") === "1";
    await setWordingRuleActive(getDb(), await actor(), String(form.get("id") ?? ""), active);
    return done(active ? "已启用。" : "已停用。");
  });
}

export async function removeWordingAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    await removeWordingRule(getDb(), await actor(), String(form.get("id") ?? ""));
    return done("已删除。");
  });
}

export async function restoreWordingAction(_: ActionResult | null): Promise<ActionResult> {
  return runAction(async () => {
    const n = await restoreStarterWording(getDb(), await actor());
    return done(n ? `已恢复${n}条内置条目。` : "内置条目均在，无需恢复。");
  });
}
