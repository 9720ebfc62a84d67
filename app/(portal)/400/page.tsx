import type { Metadata } from "next";
import Link from "next/link";
import { BAD_REQUEST_MESSAGES, type BadRequestReason } from "@/lib/http/bad-request";

export const metadata: Metadata = { title: "请求有误", robots: { index: false } };

// Inside the portal layout. proxy.ts rewrites requests it cannot understand here with status 400;
// Next.js itself renders /400 (status 400) for a path it cannot decode.
export default async function BadRequestPage({ searchParams }: { searchParams: Promise<{ reason?: string }> }) {
  const { reason } = await searchParams;
  const message =
    reason && reason in BAD_REQUEST_MESSAGES ? BAD_REQUEST_MESSAGES[reason as BadRequestReason] : "您的请求格式有误，本站无法处理。";
  return (
    <div className="page" data-testid="bad-request">
      <h1 className="page-title">请求有误</h1>
      <p>{message}</p>
      <ul>
        <li>
          <Link href="/">返回首页</Link>
        </li>
        <li>
          <Link href="/search">搜索政府信息</Link>
        </li>
      </ul>
    </div>
  );
}
