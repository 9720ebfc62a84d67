"use server";

import { requireAction, requestIp } from "@/lib/auth/session";
import { verifyPassword } from "@/lib/auth/password";
import { getDb } from "@/lib/db/client";
import { formObject, runAction, type ActionResult } from "@/lib/http/action-result";
import { changeOwnPassword } from "@/lib/users/manage-users";

export async function changePasswordAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const actor = { user: await requireAction(), ip: await requestIp() };
    await changeOwnPassword(getDb(), actor, formObject(form), verifyPassword);
    return "密码已修改，下次登录请使用新密码。";
  });
}
