import type { Metadata } from "next";
import { requirePage } from "@/lib/auth/session";
import { menuFor } from "@/lib/auth/roles";

export const metadata: Metadata = { title: "工作台" };

export default async function DashboardPage() {
  const user = await requirePage();
  return (
    <>
      <h1>工作台</h1>
      <div className="card">
        <p>{user.displayName}，您好。</p>
        <ul>
          {menuFor(user)
            .filter((m) => m.href !== "/console")
            .map((m) => (
              <li key={m.href}>
                <a href={m.href}>{m.label}</a>
              </li>
            ))}
        </ul>
      </div>
    </>
  );
}
