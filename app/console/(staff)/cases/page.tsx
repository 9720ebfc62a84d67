import type { Metadata } from "next";
import { requirePage } from "@/lib/auth/session";
import { can } from "@/lib/auth/roles";
import { getDb } from "@/lib/db/client";
import { listReviewCases } from "@/lib/reports/review-cases";
import { ActionForm } from "../../components/action-form";
import { createCaseAction, deleteCaseAction, updateCaseAction } from "./actions";
import { CaseFields } from "./case-fields";

export const metadata: Metadata = { title: "复议诉讼" };

export default async function CasesPage() {
  const user = await requirePage("report.read");
  const canEdit = can(user, "report.edit");
  const cases = await listReviewCases(getDb());
  return (
    <>
      <h1>政府信息公开行政复议、行政诉讼</h1>
      <p className="muted">
        登记因政府信息公开工作被申请行政复议、提起行政诉讼的案件。年度报告表四按申请复议或起诉日期所在年度统计；当年12月31日前审结的按结果统计，其余计入“尚未审结”。
      </p>
      <div className="card">
        <table className="data" data-testid="case-list">
          <thead>
            <tr>
              <th scope="col">类型</th>
              <th scope="col">所涉申请</th>
              <th scope="col">申请复议／起诉日期</th>
              <th scope="col">结果</th>
              <th scope="col">审结日期</th>
              <th scope="col">备注</th>
            </tr>
          </thead>
          <tbody>
            {cases.length === 0 && (
              <tr>
                <td colSpan={6}>暂无案件。</td>
              </tr>
            )}
            {cases.map((c) => (
              <tr key={c.id}>
                <td>{c.kindLabel}</td>
                <td>{c.trackingCode ?? "—"}</td>
                <td>{c.filedOn}</td>
                <td>{c.result === "PENDING" ? <span className="tag warn">{c.resultLabel}</span> : c.resultLabel}</td>
                <td>{c.closedOn ?? "—"}</td>
                <td>{c.note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {canEdit && (
        <>
          <div className="card">
            <h2>登记案件</h2>
            <ActionForm action={createCaseAction} submitLabel="登记" testId="create-case">
              <CaseFields prefix="new" />
            </ActionForm>
          </div>
          {cases.map((c) => (
            <details key={c.id} className="card">
              <summary>
                修改：{c.kindLabel}（{c.filedOn}）
              </summary>
              <ActionForm action={updateCaseAction} submitLabel="保存">
                <input type="hidden" name="caseId" value={c.id} />
                <CaseFields prefix={`c-${c.id}`} values={c} />
              </ActionForm>
              <ActionForm action={deleteCaseAction} submitLabel="删除" confirm="确定删除这条案件记录吗？">
                <input type="hidden" name="caseId" value={c.id} />
                <div className="field">
                  <label htmlFor={`del-${c.id}`}>删除原因</label>
                  <input id={`del-${c.id}`} name="reason" type="text" required />
                </div>
              </ActionForm>
            </details>
          ))}
        </>
      )}
    </>
  );
}
