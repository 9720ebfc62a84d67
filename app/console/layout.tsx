import type { Metadata } from "next";
import { Providers } from "./providers";

export const metadata: Metadata = { title: { default: "工作台", template: "%s - 政务公开工作平台" }, robots: { index: false } };

export default function ConsoleRootLayout({ children }: { children: React.ReactNode }) {
  return <Providers>{children}</Providers>;
}
