import type { Metadata } from "next";
import Link from "next/link";
import { LookupForm } from "./lookup-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "依申请公开办理进度查询" };

export default async function TrackPage({ searchParams }: { searchParams: Promise<{ expired?: string }> }) {
  const { expired } = await searchParams;
  return (
    <div className="page">
      <h1 className="page-title">依申请公开办理进度查询</h1>
      {expired && <div className="notice">为保护您的信息，查询页面已超时，请重新输入申请编号和联系电话后四位。</div>}
      <p>请输入登记回执上的申请编号和申请时所留联系电话的后四位，查询办理进度、提交补正材料、下载本机关出具的文书。</p>
      <LookupForm />
      <p>
        还没有提交申请？请到<Link href="/apply">依申请公开</Link>栏目在线申请。
      </p>
    </div>
  );
}
