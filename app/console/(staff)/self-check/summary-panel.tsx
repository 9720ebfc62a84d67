import Link from "next/link";
import { INDICATORS, LIGHT_LABELS, type Light, type RunSummary } from "@/lib/self-check/indicators";

const TAG: Record<Light, string> = { RED: "tag bad", AMBER: "tag warn", GREEN: "tag ok" };

/** Today's indicators: traffic light, counts, the rule, and a link to the drill-down. */
export function SummaryPanel({ summary, selected }: { summary: RunSummary; selected: string | null }) {
  return (
    <div className="card">
      <h2>检查指标</h2>
      <table className="data" data-testid="self-check-indicators">
        <thead>
          <tr>
            <th scope="col">指标</th>
            <th scope="col">状态</th>
            <th scope="col">单项否决</th>
            <th scope="col">需整改</th>
            <th scope="col">待人工核查</th>
            <th scope="col">检查要求</th>
          </tr>
        </thead>
        <tbody>
          {INDICATORS.map((i) => {
            const s = summary[i.code];
            return (
              <tr key={i.code} data-testid={`indicator-${i.code}`} aria-current={selected === i.code ? "true" : undefined}>
                <th scope="row">
                  <Link href={`/console/self-check?indicator=${i.code}#findings`}>{i.label}</Link>
                  {i.veto && <span className="muted">（否决项）</span>}
                </th>
                <td>
                  <span className={TAG[s.light]} data-testid="light">
                    {LIGHT_LABELS[s.light]}
                  </span>
                </td>
                <td>{s.red}</td>
                <td>{s.amber}</td>
                <td>{s.info}</td>
                <td className="muted">{i.rule}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
