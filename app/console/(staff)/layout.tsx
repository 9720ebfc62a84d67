import { headers } from "next/headers";
import { requirePage } from "@/lib/auth/session";
import { menuFor, ROLE_LABELS } from "@/lib/auth/roles";
import { SignOutButton } from "./sign-out-button";

export const dynamic = "force-dynamic";

export default async function StaffLayout({ children }: { children: React.ReactNode }) {
  const user = await requirePage();
  const path = (await headers()).get("x-pathname") ?? "";
  const menu = menuFor(user);
  const roleNames = [...new Set(user.roles.map((r) => ROLE_LABELS[r.role]))].join("、");
  return (
    <div className="console">
      <aside className="console-side">
        <div className="brand">
          四宝山街道办事处
          <br />
          政务公开工作平台
        </div>
        <nav aria-label="工作台菜单" data-testid="console-menu">
          <ul>
            {menu.map((m) => (
              <li key={m.href}>
                <a href={m.href} aria-current={path === m.href ? "page" : undefined}>
                  {m.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </aside>
      <div className="console-main">
        <div className="console-top">
          <span>
            {user.displayName}（{roleNames}）
          </span>
          <span>
            <a href="/console/account">修改密码</a>　<SignOutButton />
          </span>
        </div>
        <main id="main">{children}</main>
      </div>
    </div>
  );
}
