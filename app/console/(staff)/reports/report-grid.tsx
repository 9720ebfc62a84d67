import type { GridTable } from "@/lib/annual-report/document";
import styles from "./reports.module.css";

export interface ExtraCell {
  text: string;
  colSpan?: number;
  ok?: boolean;
  title?: string;
  testId?: string;
}

/** A statistical table of the report as the console shows it (the same grid the exports draw). */
export function ReportGrid({
  grid,
  caption,
  extraRow,
  testId,
}: {
  grid: GridTable;
  caption: string;
  /** Appended below the table, e.g. the 勾稽 check per column of table 三. */
  extraRow?: ExtraCell[];
  testId?: string;
}) {
  return (
    <div className={styles.scroll}>
      <table className={styles.grid} data-testid={testId}>
        <caption className="muted">{caption}</caption>
        <tbody>
          {grid.rows.map((row, r) => (
            <tr key={r}>
              {row.map((cell, c) => {
                const Tag = r < grid.headerRows || cell.bold ? "th" : "td";
                const cls = cell.align === "left" ? styles.left : "";
                return (
                  <Tag key={c} colSpan={cell.colSpan} rowSpan={cell.rowSpan} className={cls || undefined} scope={Tag === "th" ? "col" : undefined}>
                    {cell.text}
                  </Tag>
                );
              })}
            </tr>
          ))}
          {extraRow && (
            <tr className={styles.checkRow}>
              {extraRow.map((cell, i) => (
                <td
                  key={i}
                  colSpan={cell.colSpan}
                  className={cell.ok === undefined ? styles.left : cell.ok ? styles.ok : styles.bad}
                  title={cell.title}
                  data-testid={cell.testId}
                >
                  {cell.text}
                </td>
              ))}
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
