import type { Metadata } from "next";
import { requirePage } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { MAPPING_CHOICES, MAPPING_CHOICE_LABELS, listCategoryMapping } from "@/lib/reports/category-mapping";
import { ActionForm } from "../../../components/action-form";
import { setReportRowAction } from "../actions";

export const metadata: Metadata = { title: "年报统计口径" };

export default async function ReportMappingPage() {
  await requirePage("admin.settings");
  const rows = await listCategoryMapping(getDb());
  return (
    <>
      <h1>年报统计口径</h1>
      <p className="muted">
        年度报告表二“第二十条第（一）项”统计本年制发、本年废止和现行有效的规章、行政规范性文件件数。请指定哪些公开目录分类下的信息计入这两行；下级分类未单独设置时沿用上级分类的设置。
        计入的信息以其“生成日期”为制发日期，以“有效性—已废止”及废止日期为废止日期。
      </p>
      <div className="card">
        <table className="data" data-testid="mapping-table">
          <thead>
            <tr>
              <th scope="col">分类</th>
              <th scope="col">已发布信息</th>
              <th scope="col">实际计入</th>
              <th scope="col">设置</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td style={{ paddingLeft: `${0.7 + r.depth * 1.5}rem` }}>
                  {r.name}
                  <span className="muted">（{r.code}）</span>
                </td>
                <td>{r.published}</td>
                <td>{r.effective}</td>
                <td>
                  <ActionForm action={setReportRowAction} submitLabel="保存" className="inline-forms">
                    <input type="hidden" name="categoryId" value={r.id} />
                    <label htmlFor={`m-${r.id}`} className="muted">
                      计入
                    </label>
                    <select id={`m-${r.id}`} name="choice" defaultValue={r.choice}>
                      {MAPPING_CHOICES.map((c) => (
                        <option key={c} value={c}>
                          {MAPPING_CHOICE_LABELS[c]}
                        </option>
                      ))}
                    </select>
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
