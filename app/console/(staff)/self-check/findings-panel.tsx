import Link from "next/link";
import { LEVEL_LABELS, type IndicatorDef, type Level } from "@/lib/self-check/indicators";

const TAG: Record<Level, string> = { RED: "tag bad", AMBER: "tag warn", INFO: "tag" };
/** Findings shown on the page per indicator; the weekly report and the next page hold the rest. */
export const PAGE_SIZE = 200;

interface FindingRow {
  id: string;
  level: string;
  title: string;
  detail: string;
  link: string | null;
}

export function FindingsPanel({ indicator, findings, total }: { indicator: IndicatorDef; findings: FindingRow[]; total: number }) {
  return (
    <div className="card" id="findings" data-testid="self-check-findings">
      <h2>
        {indicator.label}：{total === 0 ? "未发现问题" : `${total}项`}
      </h2>
      <p className="muted">{indicator.rule}</p>
      {total > findings.length && <p className="muted">共{total}项，以下列出前{findings.length}项。</p>}
      {findings.length > 0 && (
        <table className="data">
          <thead>
            <tr>
              <th scope="col">级别</th>
              <th scope="col">问题</th>
              <th scope="col">说明</th>
              <th scope="col">处理</th>
            </tr>
          </thead>
          <tbody>
            {findings.map((f) => (
              <tr key={f.id} data-testid="finding">
                <td>
                  <span className={TAG[f.level as Level] ?? "tag"}>{LEVEL_LABELS[f.level as Level] ?? f.level}</span>
                </td>
                <td>{f.title}</td>
                <td style={{ whiteSpace: "pre-line" }}>{f.detail}</td>
                <td>{f.link ? <Link href={f.link}>去处理</Link> : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
