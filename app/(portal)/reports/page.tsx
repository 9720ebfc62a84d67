import type { Metadata } from "next";

export const metadata: Metadata = { title: "政府信息公开年报" };

export default function ReportsPage() {
  return (
    <div className="page">
      <h1 className="page-title">政府信息公开年报</h1>
      <p>本栏目发布本机关历年政府信息公开工作年度报告。年度报告于每年1月31日前发布。</p>
    </div>
  );
}
