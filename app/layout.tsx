import type { Metadata } from "next";
import { cookies } from "next/headers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "四宝山街道办事处政务公开", template: "%s - 四宝山街道办事处政务公开" },
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // 关怀版 (large text, high contrast) is remembered in a cookie so it stays on across pages.
  const care = (await cookies()).get("care")?.value === "1";
  return (
    <html lang="zh-CN" className={care ? "care" : undefined}>
      <body>{children}</body>
    </html>
  );
}
