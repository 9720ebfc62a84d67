import Link from "next/link";
import { can, type SessionUser } from "@/lib/auth/roles";
import { getDb } from "@/lib/db/client";
import { selfCheckOverview } from "@/lib/self-check/queries";

/** Top of the dashboard for those who see 自查: the number of veto-level findings of the latest run. */
export async function SelfCheckBanner({ user }: { user: SessionUser }) {
  if (!can(user, "selfcheck.read")) return null;
  const o = await selfCheckOverview(getDb());
  if (!o.run) {
    return (
      <div className="notice" data-testid="self-check-banner">
        尚无自查记录。<Link href="/console/self-check">前往自查</Link>
      </div>
    );
  }
  return (
    <div className={`notice ${o.vetoCount > 0 ? "bad" : "ok"}`} data-testid="self-check-banner">
      自查（{o.run.day}）：单项否决问题 <b data-testid="dashboard-veto-count">{o.vetoCount}</b> 项。
      <Link href="/console/self-check">{o.vetoCount > 0 ? "查看并整改" : "查看详情"}</Link>
    </div>
  );
}
