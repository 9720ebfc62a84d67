"use server";

import { requireAction, requestIp } from "@/lib/auth/session";
import { verifyPassword } from "@/lib/auth/password";
import { getDb } from "@/lib/db/client";
import { formObject, runAction, type ActionResult } from "@/lib/http/action-result";
import { changeOwnPassword, signOutEverywhere } from "@/lib/users/manage-users";

export async function changePasswordAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const actor = { user: await requireAction(), ip: await requestIp() };
    await changeOwnPassword(getDb(), actor, formObject(form), verifyPassword);
    return "密码已修改。为保障账号安全，已登录的会话（包括本次）均已退出，请使用新密码重新登录。";
  });
}

export async function signOutEverywhereAction(_: ActionResult | null, _form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const actor = { user: await requireAction(), ip: await requestIp() };
    await signOutEverywhere(getDb(), actor);
    return "已退出全部登录（包括本机），请重新登录。";
  });
}
