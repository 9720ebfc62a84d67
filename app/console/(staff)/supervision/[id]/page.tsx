import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePage } from "@/lib/auth/session";
import { can } from "@/lib/auth/roles";
import { getDb } from "@/lib/db/client";
import { toChinaDate } from "@/lib/calendar/dates";
import { getInspection } from "@/lib/supervision/inspections";
import { ActionForm } from "../../../components/action-form";
import { addRectificationAction, rectificationToRegisterAction, setRectificationAction, updateFindingsAction } from "../actions";

export const metadata: Metadata = { title: "督察检查记录" };

export default async function InspectionPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePage("report.read");
  const canEdit = can(user, "report.edit");
  const db = getDb();
  const inspection = await getInspection(db, (await params).id);
  if (!inspection) notFound();
  const [departments, staff] = await Promise.all([
    db.department.findMany({ where: { active: true }, orderBy: { sortOrder: "asc" } }),
    db.user.findMany({ where: { active: true }, include: { department: true }, orderBy: { displayName: "asc" } }),
  ]);
  const today = toChinaDate(new Date());
  const Hidden = () => <input type="hidden" name="inspectionId" value={inspection.id} />;
  return (
    <>
      <p>
        <Link href="/console/supervision">← 督察检查</Link>
      </p>
      <h1>
        {inspection.date} {inspection.scope}
      </h1>
      <div className="card">
        <p>被检查科室：{inspection.departments.join("、")}</p>
        <p>登记人：{inspection.createdBy}</p>
        {canEdit ? (
          <ActionForm action={updateFindingsAction} submitLabel="保存检查发现">
            <Hidden />
            <div className="field">
              <label htmlFor="findings">检查发现</label>
              <textarea id="findings" name="findings" rows={4} defaultValue={inspection.findings} />
            </div>
          </ActionForm>
        ) : (
          <p style={{ whiteSpace: "pre-wrap" }}>检查发现：{inspection.findings || "—"}</p>
        )}
      </div>
      <div className="card">
        <h2>整改事项</h2>
        <table className="data" data-testid="rectifications">
          <thead>
            <tr>
              <th scope="col">整改事项</th>
              <th scope="col">责任科室</th>
              <th scope="col">责任人</th>
              <th scope="col">整改期限</th>
              <th scope="col">状态</th>
              {canEdit && <th scope="col">操作</th>}
            </tr>
          </thead>
          <tbody>
            {inspection.rectifications.length === 0 && (
              <tr>
                <td colSpan={canEdit ? 6 : 5}>未登记整改事项。</td>
              </tr>
            )}
            {inspection.rectifications.map((r) => (
              <tr key={r.id}>
                <td>{r.description}</td>
                <td>{r.departmentName ?? "—"}</td>
                <td>{r.ownerName ?? "—"}</td>
                <td>{r.dueOn}</td>
                <td>
                  {r.status === "DONE" ? (
                    <span className={`tag ${r.doneLate ? "warn" : "ok"}`}>
                      {r.doneOn}已整改{r.doneLate ? "（逾期）" : ""}
                    </span>
                  ) : r.overdue ? (
                    <span className="tag bad">逾期未整改</span>
                  ) : (
                    <span className="tag">整改中</span>
                  )}
                </td>
                {canEdit && (
                  <td>
                    {r.status === "OPEN" ? (
                      <ActionForm action={setRectificationAction} submitLabel="整改完成">
                        <Hidden />
                        <input type="hidden" name="rectificationId" value={r.id} />
                        <input type="hidden" name="done" value="1" />
                        <label htmlFor={`done-${r.id}`}>完成日期</label>
                        <input id={`done-${r.id}`} name="doneOn" type="date" max={today} defaultValue={today} required />
                      </ActionForm>
                    ) : (
                      <ActionForm action={setRectificationAction} submitLabel="重新打开">
                        <Hidden />
                        <input type="hidden" name="rectificationId" value={r.id} />
                        <input type="hidden" name="done" value="0" />
                      </ActionForm>
                    )}
                    <ActionForm action={rectificationToRegisterAction} submitLabel="列入问题与改进台账">
                      <input type="hidden" name="rectificationId" value={r.id} />
                    </ActionForm>
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
        {canEdit && (
          <ActionForm action={addRectificationAction} submitLabel="登记整改事项" testId="add-rectification">
            <Hidden />
            <div className="field">
              <label htmlFor="rc-desc">整改事项</label>
              <input id="rc-desc" name="description" type="text" required />
            </div>
            <div className="field">
              <label htmlFor="rc-dept">责任科室</label>
              <select id="rc-dept" name="departmentId" defaultValue="">
                <option value="">（不指定）</option>
                {departments.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="rc-owner">责任人</label>
              <select id="rc-owner" name="ownerId" defaultValue="">
                <option value="">（不指定）</option>
                {staff.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.displayName}
                    {u.department ? `（${u.department.name}）` : ""}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="rc-due">整改期限</label>
              <input id="rc-due" name="dueOn" type="date" min={inspection.date} required />
            </div>
          </ActionForm>
        )}
      </div>
    </>
  );
}
