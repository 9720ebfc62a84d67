import type { Metadata } from "next";
import Link from "next/link";
import { requirePage } from "@/lib/auth/session";
import { ROLE_LABELS } from "@/lib/auth/roles";
import { getDb } from "@/lib/db/client";
import { ActionForm } from "../../../components/action-form";
import { createUserAction } from "./actions";

export const metadata: Metadata = { title: "用户管理" };

export default async function UsersPage() {
  await requirePage("admin.users");
  const db = getDb();
  const [users, departments] = await Promise.all([
    db.user.findMany({
      include: { department: true, roles: { include: { department: true } } },
      orderBy: [{ active: "desc" }, { username: "asc" }],
    }),
    db.department.findMany({ where: { active: true }, orderBy: { sortOrder: "asc" } }),
  ]);
  const now = new Date();
  return (
    <>
      <h1>用户管理</h1>
      <div className="card">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">用户名</th>
              <th scope="col">姓名</th>
              <th scope="col">科室</th>
              <th scope="col">角色</th>
              <th scope="col">状态</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id}>
                <td>{u.username}</td>
                <td>{u.displayName}</td>
                <td>{u.department?.name ?? "—"}</td>
                <td>
                  {u.roles.map((r) => `${ROLE_LABELS[r.role]}${r.department ? `（${r.department.name}）` : ""}`).join("、") || "—"}
                </td>
                <td>
                  {!u.active ? (
                    <span className="tag">已停用</span>
                  ) : u.lockedUntil && u.lockedUntil > now ? (
                    <span className="tag bad">已锁定</span>
                  ) : (
                    <span className="tag ok">正常</span>
                  )}
                </td>
                <td>
                  <Link href={`/console/admin/users/${u.id}`}>管理</Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="card">
        <h2>新增用户</h2>
        <ActionForm action={createUserAction} submitLabel="创建用户" testId="create-user">
          <div className="field">
            <label htmlFor="username">用户名</label>
            <input id="username" name="username" type="text" required />
          </div>
          <div className="field">
            <label htmlFor="displayName">姓名</label>
            <input id="displayName" name="displayName" type="text" required />
          </div>
          <div className="field">
            <label htmlFor="departmentId">所在科室</label>
            <select id="departmentId" name="departmentId" required>
              <option value="">请选择</option>
              {departments.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="password">初始密码</label>
            <input id="password" name="password" type="password" autoComplete="new-password" required />
            <p className="hint">至少8位，须同时包含字母和数字。</p>
          </div>
        </ActionForm>
      </div>
    </>
  );
}
