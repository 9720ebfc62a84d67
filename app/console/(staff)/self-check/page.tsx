import type { Metadata } from "next";
import { requirePage } from "@/lib/auth/session";
import { can } from "@/lib/auth/roles";
import { getDb } from "@/lib/db/client";
import { toChinaDate } from "@/lib/calendar/dates";
import { INDICATOR_BY_CODE, INDICATORS, isIndicatorCode } from "@/lib/self-check/indicators";
import { selfCheckOverview, trendOf } from "@/lib/self-check/queries";
import { ActionForm } from "../../components/action-form";
import { runSelfCheckAction } from "./actions";
import { SummaryPanel } from "./summary-panel";
import { FindingsPanel, PAGE_SIZE } from "./findings-panel";
import { TrendPanel } from "./trend-panel";
import { ReportsPanel } from "./reports-panel";

export const metadata: Metadata = { title: "自查" };
export const dynamic = "force-dynamic";

const fmt = (d: Date) => d.toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false });

export default async function SelfCheckPage({ searchParams }: { searchParams: Promise<{ indicator?: string }> }) {
  const user = await requirePage("selfcheck.read");
  const db = getDb();
  const canRun = can(user, "selfcheck.run");
  const [overview, trend, reports] = await Promise.all([
    selfCheckOverview(db),
    trendOf(db, toChinaDate(new Date())),
    db.selfCheckReport.findMany({ orderBy: { createdAt: "desc" }, take: 20 }),
  ]);
  const asked = (await searchParams).indicator;
  // Default drill-down: the first red indicator, else the first amber one.
  const selected = isIndicatorCode(asked)
    ? asked
    : (INDICATORS.find((i) => overview.summary[i.code].light === "RED") ?? INDICATORS.find((i) => overview.summary[i.code].light === "AMBER"))?.code ?? null;
  const [findings, total] =
    overview.run && selected
      ? await Promise.all([
          db.selfCheckFinding.findMany({ where: { runId: overview.run.id, indicator: selected }, orderBy: [{ level: "asc" }, { title: "asc" }], take: PAGE_SIZE }),
          db.selfCheckFinding.count({ where: { runId: overview.run.id, indicator: selected } }),
        ])
      : [[], 0];
  return (
    <>
      <h1>自查</h1>
      <p className="muted">
        按照政府网站与政务新媒体检查指标（国办秘函〔2019〕19号）和政务公开第三方评估的要求，每天6:30自动检查一次，也可随时手动检查。出现任何一项“单项否决”问题，检查即判为不合格。
      </p>
      <div className="stats" data-testid="self-check-stats">
        <div className="stat">
          <b data-testid="veto-count">{overview.vetoCount}</b>单项否决问题
        </div>
        <div className="stat">
          <b>{overview.run ? overview.run.day : "—"}</b>最近自查日期
        </div>
      </div>
      {overview.run ? (
        <p className="muted" data-testid="last-run">
          最近一次自查：{fmt(overview.run.finishedAt)}完成（{overview.run.trigger === "MANUAL" ? "手动" : "定时"}，用时{(overview.run.durationMs / 1000).toFixed(1)}秒）。
        </p>
      ) : (
        <p className="notice bad">尚无自查记录。</p>
      )}
      {canRun && <ActionForm action={runSelfCheckAction} submitLabel="立即自查" testId="run-self-check" />}
      <SummaryPanel summary={overview.summary} selected={selected} />
      {overview.run && selected && <FindingsPanel indicator={INDICATOR_BY_CODE[selected]} findings={findings} total={total} />}
      <TrendPanel trend={trend} />
      <ReportsPanel reports={reports} canRun={canRun} />
    </>
  );
}
