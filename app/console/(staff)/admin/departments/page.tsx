import type { Metadata } from "next";
import { requirePage } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { ActionForm } from "../../../components/action-form";
import { createDepartmentAction, updateDepartmentAction } from "./actions";

export const metadata: Metadata = { title: "科室管理" };

export default async function DepartmentsPage() {
  await requirePage("admin.users");
  const departments = await getDb().department.findMany({
    orderBy: [{ sortOrder: "asc" }],
    include: { _count: { select: { users: true } } },
  });
  return (
    <>
      <h1>科室管理</h1>
      {departments.map((d) => (
        <div className="card" key={d.id}>
          <ActionForm action={updateDepartmentAction} submitLabel="保存">
            <input type="hidden" name="id" value={d.id} />
            <div className="field">
              <label htmlFor={`name-${d.id}`}>科室名称{d.isDisclosureOffice ? "（政府信息公开工作机构）" : ""}</label>
              <input id={`name-${d.id}`} name="name" type="text" defaultValue={d.name} required />
            </div>
            <div className="field">
              <label htmlFor={`code-${d.id}`}>科室代码</label>
              <input id={`code-${d.id}`} name="code" type="text" defaultValue={d.code} required />
            </div>
            <div className="field">
              <label htmlFor={`sort-${d.id}`}>排序</label>
              <input id={`sort-${d.id}`} name="sortOrder" type="number" defaultValue={d.sortOrder} />
            </div>
            <div className="field">
              <label>
                <input type="checkbox" name="active" defaultChecked={d.active} /> 启用（人员 {d._count.users} 人）
              </label>
            </div>
          </ActionForm>
        </div>
      ))}
      <div className="card">
        <h2>新增科室</h2>
        <ActionForm action={createDepartmentAction} submitLabel="新增科室">
          <div className="field">
            <label htmlFor="new-name">科室名称</label>
            <input id="new-name" name="name" type="text" required />
          </div>
          <div className="field">
            <label htmlFor="new-code">科室代码</label>
            <input id="new-code" name="code" type="text" required />
            <p className="hint">2至16位字母或数字，如 mzs。</p>
          </div>
          <div className="field">
            <label htmlFor="new-sort">排序</label>
            <input id="new-sort" name="sortOrder" type="number" defaultValue={departments.length} />
          </div>
        </ActionForm>
      </div>
    </>
  );
}
