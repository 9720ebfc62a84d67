import type { PreviewMonth } from "@/lib/calendar/year-schedule";

const WEEKDAYS = ["一", "二", "三", "四", "五", "六", "日"];

/** The year as it will count, month by month (Monday first): holidays, weekends, make-up days. */
export function YearPreview({ year, months }: { year: number; months: PreviewMonth[] }) {
  return (
    <section aria-label={`${year}年日历预览`} data-testid="year-preview" className="year-preview">
      <p className="hint">
        图例：<span className="tag bad">休</span> 放假　<span className="tag warn">班</span> 调休上班　灰色为周末
      </p>
      <div style={{ display: "grid", gridTemplateColumns: "repeat(auto-fill, minmax(15rem, 1fr))", gap: "1rem" }}>
        {months.map((m) => {
          const lead = (m.days[0].weekday + 6) % 7;
          return (
            <table key={m.month} className="data" data-testid={`preview-month-${m.month}`}>
              <caption>
                {year}年{m.month}月（工作日{m.workingDays}天）
              </caption>
              <thead>
                <tr>
                  {WEEKDAYS.map((w) => (
                    <th key={w} scope="col">
                      {w}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {weeks(lead, m.days.length).map((week, wi) => (
                  <tr key={wi}>
                    {week.map((idx, ci) => {
                      if (idx === null) return <td key={ci} />;
                      const d = m.days[idx];
                      const mark = d.makeUpWorkday ? "班" : !d.working && d.name ? "休" : "";
                      return (
                        <td
                          key={ci}
                          data-date={d.date}
                          data-working={d.working ? "1" : "0"}
                          title={d.name ?? undefined}
                          style={{ color: d.working ? undefined : "#999", fontWeight: mark ? "bold" : undefined }}
                        >
                          {d.day}
                          {mark && <span className={`tag ${mark === "班" ? "warn" : "bad"}`}>{mark}</span>}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          );
        })}
      </div>
    </section>
  );
}

/** Rows of 7 cells: day indexes, null for the blanks before the 1st and after the last day. */
function weeks(lead: number, days: number): (number | null)[][] {
  const cells: (number | null)[] = [...Array(lead).fill(null), ...Array.from({ length: days }, (_, i) => i)];
  while (cells.length % 7) cells.push(null);
  const out: (number | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) out.push(cells.slice(i, i + 7));
  return out;
}
