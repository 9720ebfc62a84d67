export interface ProblemRow {
  rowNo: number;
  action: string;
  problems: { column: string; message: string }[];
}

const MAX_SHOWN = 1000;

/** Every row that cannot be imported (and those skipped), with the column and what to fix. */
export function ProblemsPanel({ rows, total }: { rows: ProblemRow[]; total: number }) {
  if (rows.length === 0) return null;
  return (
    <div className="card">
      <h2>需要处理的行</h2>
      <p>
        以下 {total} 行有问题或将被跳过{total > MAX_SHOWN ? `（仅显示前 ${MAX_SHOWN} 行）` : ""}。请在表格中修改后重新上传，或确认只导入没有问题的行。
      </p>
      <div style={{ overflowX: "auto" }}>
        <table className="data" data-testid="import-problems">
          <thead>
            <tr>
              <th scope="col">行号</th>
              <th scope="col">处理</th>
              <th scope="col">列</th>
              <th scope="col">问题</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, MAX_SHOWN).flatMap((r) =>
              r.problems.map((p, i) => (
                <tr key={`${r.rowNo}-${i}`} data-row={r.rowNo}>
                  <td>第 {r.rowNo} 行</td>
                  <td>{r.action === "ERROR" ? <span className="tag bad">不能导入</span> : <span className="tag">跳过</span>}</td>
                  <td>{p.column || "—"}</td>
                  <td>{p.message}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
