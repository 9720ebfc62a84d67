"use client";

import { signOut } from "next-auth/react";

export function SignOutButton() {
  return (
    <button type="button" className="btn small secondary" onClick={() => signOut({ callbackUrl: "/console/sign-in" })}>
      退出登录
    </button>
  );
}
