"use client";

import { signIn } from "next-auth/react";
import { useState } from "react";

function messageFor(error: string): string {
  const locked = /^ACCOUNT_LOCKED:(\d+)$/.exec(error);
  if (locked) return `该账号因连续多次密码错误已被锁定，请${locked[1]}分钟后再试，或联系系统管理员解锁。`;
  if (error === "CredentialsSignin") return "用户名或密码错误。连续输错5次，账号将被锁定15分钟。";
  return "登录失败，请稍后再试。";
}

export function SignInForm({ initialError }: { initialError: string | null }) {
  const [error, setError] = useState<string | null>(initialError);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const username = String(form.get("username") ?? "").trim();
    const password = String(form.get("password") ?? "");
    if (!username || !password) {
      setError("请输入用户名和密码。");
      return;
    }
    setPending(true);
    setError(null);
    const res = await signIn("credentials", { username, password, redirect: false });
    setPending(false);
    if (!res || res.error) {
      setError(messageFor(res?.error ?? ""));
      return;
    }
    window.location.assign("/console");
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      {error && (
        <div className="notice bad" data-testid="sign-in-error" aria-live="assertive">
          {error}
        </div>
      )}
      <div className="field">
        <label htmlFor="username">用户名</label>
        <input id="username" name="username" type="text" autoComplete="username" required />
      </div>
      <div className="field">
        <label htmlFor="password">密码</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
      </div>
      <button className="btn" type="submit" disabled={pending}>
        {pending ? "正在登录…" : "登录"}
      </button>
    </form>
  );
}
