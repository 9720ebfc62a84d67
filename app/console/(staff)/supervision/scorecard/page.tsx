import type { Metadata } from "next";
import Link from "next/link";
import { requirePage } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { toChinaDate } from "@/lib/calendar/dates";
import { formatPercent, loadScorecard, type Rate, type ScorecardRow } from "@/lib/supervision/scorecard";
import { columnChart, horizontalBarChart } from "@/lib/supervision/charts";

export const metadata: Metadata = { title: "科室考核" };
export const dynamic = "force-dynamic";

const pct = (r: Rate) => (r.rate === null ? "—" : `${formatPercent(r.rate)}（${r.onTime}/${r.judged}）`);
const asPercent = (r: Rate) => (r.rate === null ? null : Math.round(r.rate * 1000) / 10);

function Row({ r, isCurrent }: { r: ScorecardRow; isCurrent: boolean }) {
  return (
    <>
      <td>{r.published}</td>
      <td>{pct(r.signOff)}</td>
      <td>{pct(r.publish)}</td>
      <td>{pct(r.statutory)}</td>
      <td>{r.publishedLate > 0 ? <span className="tag bad">{r.publishedLate}</span> : 0}</td>
      {isCurrent && <td>{r.overdueNow ? <span className="tag bad">{r.overdueNow}</span> : 0}</td>}
      <td>{pct(r.applications)}</td>
      <td>
        {r.rectifications.total === 0 ? "—" : `${r.rectifications.done}/${r.rectifications.total}`}
        {r.rectifications.overdue > 0 && <span className="tag bad">逾期{r.rectifications.overdue}</span>}
      </td>
    </>
  );
}

export default async function ScorecardPage({ searchParams }: { searchParams: Promise<{ year?: string }> }) {
  await requirePage("report.read");
  const current = Number(toChinaDate(new Date()).slice(0, 4));
  const y = Number((await searchParams).year);
  const year = Number.isInteger(y) && y > 2000 && y <= current ? y : current;
  const card = await loadScorecard(getDb(), year);
  const names = card.rows.map((r) => r.departmentName);
  const rates = horizontalBarChart({
    id: "chart-rates",
    title: `${year}年各科室按时率`,
    categories: names,
    series: [
      { name: "签发按时率", color: "#0b4f9c", values: card.rows.map((r) => asPercent(r.signOff)) },
      { name: "发布按时率", color: "#a4161a", values: card.rows.map((r) => asPercent(r.publish)) },
      { name: "法定时限内公开率", color: "#1b6e20", values: card.rows.map((r) => asPercent(r.statutory)) },
    ],
    max: 100,
    format: (v) => `${Math.round(v * 10) / 10}%`,
  });
  const published = horizontalBarChart({
    id: "chart-published",
    title: `${year}年各科室主动公开信息数量`,
    categories: names,
    series: [
      { name: "主动公开信息", color: "#a4161a", values: card.rows.map((r) => r.published) },
      { name: "未按时公开", color: "#8a5300", values: card.rows.map((r) => r.publishedLate) },
    ],
    format: (v) => `${Math.round(v)}条`,
    integer: true,
  });
  const monthly = columnChart({
    id: "chart-monthly",
    title: `${year}年各月主动公开信息数量`,
    categories: Array.from({ length: 12 }, (_, i) => `${i + 1}月`),
    values: card.total.monthly,
    color: "#0b4f9c",
  });
  return (
    <>
      <p>
        <Link href={`/console/supervision?year=${year}`}>← 督察检查</Link>
      </p>
      <h1>{year}年科室政府信息公开工作考核</h1>
      <nav className="tabs" aria-label="年度">
        {[current, current - 1, current - 2].map((yy) => (
          <Link key={yy} href={`/console/supervision/scorecard?year=${yy}`} aria-current={yy === year ? "page" : undefined}>
            {yy}年
          </Link>
        ))}
      </nav>
      <p className="muted">
        签发按时率：科室负责人在生成日期后规定期限内签字报送的比例；发布按时率：党政办审核通过后规定期限内发布的比例；法定时限内公开率：生成日期后20个工作日内公开的比例（条例第二十六条）。期限见“期限设置”，遇法定节假日顺延。依申请公开按承办人所在科室统计在法定期限（含延期）内答复的比例。
      </p>
      <div className="stats" data-testid="scorecard-totals">
        <div className="stat">
          <b>{card.total.published}</b>主动公开信息
        </div>
        <div className="stat">
          <b>{formatPercent(card.total.signOff.rate)}</b>签发按时率
        </div>
        <div className="stat">
          <b>{formatPercent(card.total.publish.rate)}</b>发布按时率
        </div>
        <div className="stat">
          <b>{formatPercent(card.total.statutory.rate)}</b>法定时限内公开率
        </div>
        {card.isCurrent && (
          <div className="stat">
            <b>{card.total.overdueNow}</b>当前超期未办
          </div>
        )}
        <div className="stat">
          <b>{formatPercent(card.total.applications.rate)}</b>依申请按期答复率
        </div>
      </div>
      <div className="card" data-testid="scorecard-charts">
        {[
          ["各科室按时率", rates],
          ["各科室主动公开信息数量", published],
          ["各月主动公开信息数量（全街道）", monthly],
        ].map(([caption, svg]) => (
          <figure key={caption} style={{ margin: "0 0 1.5rem" }}>
            <figcaption>
              <strong>{caption}</strong>
            </figcaption>
            <div dangerouslySetInnerHTML={{ __html: svg }} />
          </figure>
        ))}
      </div>
      <div className="card" style={{ overflowX: "auto" }}>
        <table className="data" data-testid="scorecard-table">
          <caption className="muted">括号内为按时件数／已到期件数</caption>
          <thead>
            <tr>
              <th scope="col">科室</th>
              <th scope="col">主动公开</th>
              <th scope="col">签发按时率</th>
              <th scope="col">发布按时率</th>
              <th scope="col">法定时限内公开率</th>
              <th scope="col">未按时公开</th>
              {card.isCurrent && <th scope="col">当前超期</th>}
              <th scope="col">依申请按期答复</th>
              <th scope="col">督察整改（已整改/总数）</th>
            </tr>
          </thead>
          <tbody>
            {card.rows.length === 0 && (
              <tr>
                <td colSpan={card.isCurrent ? 9 : 8}>{year}年暂无数据。</td>
              </tr>
            )}
            {card.rows.map((r) => (
              <tr key={r.departmentId ?? "none"}>
                <th scope="row">{r.departmentName}</th>
                <Row r={r} isCurrent={card.isCurrent} />
              </tr>
            ))}
            <tr>
              <th scope="row">合计</th>
              <Row r={card.total} isCurrent={card.isCurrent} />
            </tr>
          </tbody>
        </table>
      </div>
    </>
  );
}
