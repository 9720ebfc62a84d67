import type { Metadata } from "next";
import { requirePage } from "@/lib/auth/session";
import { ActionForm } from "../../components/action-form";
import { changePasswordAction, signOutEverywhereAction } from "./actions";

export const metadata: Metadata = { title: "修改密码" };

export default async function AccountPage() {
  await requirePage();
  return (
    <>
      <h1>修改密码</h1>
      <div className="card">
        <ActionForm action={changePasswordAction} submitLabel="修改密码">
          <div className="field">
            <label htmlFor="current">当前密码</label>
            <input id="current" name="current" type="password" autoComplete="current-password" required />
          </div>
          <div className="field">
            <label htmlFor="password">新密码</label>
            <input id="password" name="password" type="password" autoComplete="new-password" required />
            <p className="hint">至少8位，须同时包含字母和数字。</p>
          </div>
          <div className="field">
            <label htmlFor="confirm">再次输入新密码</label>
            <input id="confirm" name="confirm" type="password" autoComplete="new-password" required />
          </div>
        </ActionForm>
      </div>
      <h2>退出全部登录</h2>
      <div className="card">
        <p>如在其他电脑上登录后忘记退出，或怀疑账号被他人使用，可结束本账号在所有电脑上的登录（包括本机）。</p>
        <ActionForm action={signOutEverywhereAction} submitLabel="退出全部登录">
          <input type="hidden" name="confirm" value="1" />
        </ActionForm>
      </div>
    </>
  );
}
