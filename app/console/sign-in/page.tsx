import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getSessionUser } from "@/lib/auth/session";
import { signInErrorMessage } from "@/lib/auth/sign-in";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "工作人员登录" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  if (await getSessionUser()) redirect("/console");
  const { error } = await searchParams;
  return (
    <main className="sign-in" id="main">
      <h1>四宝山街道办事处政务公开平台 · 工作人员登录</h1>
      <SignInForm initialError={signInErrorMessage(error)} />
    </main>
  );
}
