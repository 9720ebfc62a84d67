import { INDICATORS, type IndicatorCode } from "@/lib/self-check/indicators";
import type { TrendPoint } from "@/lib/self-check/queries";
import { trendChart, TREND_COLOURS } from "@/lib/self-check/trend-chart";

/** One 90-day chart per indicator (server-drawn SVG). */
export function TrendPanel({ trend }: { trend: Record<IndicatorCode, TrendPoint[]> }) {
  return (
    <div className="card" data-testid="self-check-trend">
      <h2>近90天趋势</h2>
      <p className="muted">
        每天一栏：<span style={{ color: TREND_COLOURS.red }}>■</span>单项否决问题数，<span style={{ color: TREND_COLOURS.amber }}>■</span>
        需整改问题数；灰色短线表示当天没有自查记录。
      </p>
      <div style={{ display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(300px, 1fr))", gap: "1rem" }}>
        {INDICATORS.map((i) => (
          <figure key={i.code} style={{ margin: 0 }}>
            <figcaption>
              <strong>{i.label}</strong>
            </figcaption>
            <div dangerouslySetInnerHTML={{ __html: trendChart({ id: `trend-${i.code}`, title: `${i.label}近90天自查结果`, points: trend[i.code] }) }} />
          </figure>
        ))}
      </div>
    </div>
  );
}
