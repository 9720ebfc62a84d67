import type { Metadata } from "next";
import Link from "next/link";
import { requirePage } from "@/lib/auth/session";
import { CHANNEL_LABELS, RECEIPT_RULES, STAFF_CHANNELS } from "@/lib/applications/labels";
import { todayOf } from "@/lib/applications/records";
import { RegisterForm } from "./register-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "登记书面申请" };

export default async function NewApplicationPage() {
  await requirePage("application.handle");
  return (
    <>
      <p>
        <Link href="/console/applications">← 返回依申请公开</Link>
      </p>
      <h1>登记书面申请</h1>
      <div className="card">
        <p>当面、信函、传真、电子邮件提交的申请在此登记。收到申请的日期按《中华人民共和国政府信息公开条例》第三十一条确定：</p>
        <ul>
          {STAFF_CHANNELS.map((c) => (
            <li key={c}>
              {CHANNEL_LABELS[c]}：{RECEIPT_RULES[c].rule}。
            </li>
          ))}
        </ul>
        <RegisterForm today={todayOf()} />
      </div>
    </>
  );
}
