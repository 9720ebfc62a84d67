import type { Metadata } from "next";
import { requirePage } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { COLUMN_KINDS, COLUMN_KIND_LABELS } from "@/lib/self-check/column-kinds";
import { ActionForm } from "../../../components/action-form";
import { saveColumnAction } from "./actions";

export const metadata: Metadata = { title: "栏目更新要求" };
export const dynamic = "force-dynamic";

export default async function ColumnsPage() {
  await requirePage("admin.settings");
  const cats = await getDb().category.findMany({ where: { active: true }, orderBy: [{ parentId: "asc" }, { sortOrder: "asc" }] });
  const parents = new Set(cats.map((c) => c.parentId));
  const byId = new Map(cats.map((c) => [c.id, c]));
  const leaves = cats
    .filter((c) => !parents.has(c.id))
    .map((c) => ({ ...c, path: c.parentId ? `${byId.get(c.parentId)?.name ?? ""} / ${c.name}` : c.name }))
    .sort((a, b) => a.path.localeCompare(b.path, "zh-CN"));
  return (
    <>
      <h1>栏目更新要求</h1>
      <p className="muted">
        自查按栏目类型检查“栏目不更新”：动态、要闻类栏目超过2周未更新，通知公告、政策文件类栏目超过6个月未更新，人事、规划计划类栏目超过1年未更新；累计5个（含）以上为单项否决。所有栏目都检查是否空白。勾选“须有发文字号”的栏目，其信息缺少发文字号时列入“元数据规范”。
      </p>
      <div className="card">
        <table className="data" data-testid="column-settings">
          <thead>
            <tr>
              <th scope="col">栏目</th>
              <th scope="col">类型与发文字号要求</th>
            </tr>
          </thead>
          <tbody>
            {leaves.map((c) => (
              <tr key={c.id}>
                <th scope="row">{c.path}</th>
                <td>
                  <ActionForm action={saveColumnAction} submitLabel="保存">
                    <input type="hidden" name="categoryId" value={c.id} />
                    <select name="updateKind" defaultValue={c.updateKind} aria-label={`${c.name}栏目类型`}>
                      {COLUMN_KINDS.map((k) => (
                        <option key={k} value={k}>
                          {COLUMN_KIND_LABELS[k]}
                        </option>
                      ))}
                    </select>{" "}
                    <label>
                      <input type="checkbox" name="requiresDocumentNumber" defaultChecked={c.requiresDocumentNumber} /> 须有发文字号
                    </label>
                  </ActionForm>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
