"use server";

import { revalidatePath } from "next/cache";
import { requireAction, requestIp } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { formObject, runAction, type ActionResult } from "@/lib/http/action-result";
import { createUser, grantRole, resetPassword, revokeRole, setUserActive, unlockUser } from "@/lib/users/manage-users";

async function actor() {
  return { user: await requireAction("admin.users"), ip: await requestIp() };
}

export async function createUserAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const u = await createUser(getDb(), await actor(), formObject(form));
    revalidatePath("/console/admin/users");
    return `已创建用户 ${u.displayName}（${u.username}），请为其分配角色。`;
  });
}

export async function grantRoleAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const userId = String(form.get("userId") ?? "");
    await grantRole(getDb(), await actor(), userId, formObject(form));
    revalidatePath(`/console/admin/users/${userId}`);
    return "角色已分配。";
  });
}

export async function revokeRoleAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    await revokeRole(getDb(), await actor(), String(form.get("roleId") ?? ""));
    revalidatePath(`/console/admin/users/${String(form.get("userId") ?? "")}`);
    return "角色已撤销。";
  });
}

export async function resetPasswordAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    await resetPassword(getDb(), await actor(), String(form.get("userId") ?? ""), formObject(form));
    return "密码已重置，账号锁定已解除。";
  });
}

export async function unlockUserAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const userId = String(form.get("userId") ?? "");
    await unlockUser(getDb(), await actor(), userId);
    revalidatePath(`/console/admin/users/${userId}`);
    return "账号已解锁。";
  });
}

export async function setActiveAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const userId = String(form.get("userId") ?? "");
    const active = form.get("active") === "1";
    await setUserActive(getDb(), await actor(), userId, active);
    revalidatePath(`/console/admin/users/${userId}`);
    return active ? "账号已启用。" : "账号已停用。";
  });
}
