import { notFound } from "next/navigation";
import { requirePage } from "@/lib/auth/session";
import { ROLE_LABELS, ROLES } from "@/lib/auth/roles";
import { getDb } from "@/lib/db/client";
import { ActionForm } from "../../../../components/action-form";
import { grantRoleAction, resetPasswordAction, revokeRoleAction, setActiveAction, unlockUserAction } from "../actions";

export default async function UserPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePage("admin.users");
  const { id } = await params;
  const db = getDb();
  const user = await db.user.findUnique({
    where: { id },
    include: { department: true, roles: { include: { department: true } } },
  });
  if (!user) notFound();
  const departments = await db.department.findMany({ where: { active: true }, orderBy: { sortOrder: "asc" } });
  const locked = user.lockedUntil && user.lockedUntil > new Date();
  return (
    <>
      <h1>
        {user.displayName}（{user.username}）
      </h1>
      <div className="card">
        <p>
          所在科室：{user.department?.name ?? "—"}　状态：{user.active ? "正常" : "已停用"}
          {locked && `，已锁定至 ${user.lockedUntil!.toLocaleString("zh-CN", { timeZone: "Asia/Shanghai" })}`}
          　最近登录：{user.lastLoginAt ? user.lastLoginAt.toLocaleString("zh-CN", { timeZone: "Asia/Shanghai" }) : "从未登录"}
        </p>
      </div>
      <div className="card">
        <h2>角色</h2>
        <ul>
          {user.roles.map((r) => (
            <li key={r.id}>
              {ROLE_LABELS[r.role]}
              {r.department ? `（${r.department.name}）` : ""}
              <ActionForm action={revokeRoleAction} submitLabel="撤销" confirm="确定撤销该角色吗？">
                <input type="hidden" name="roleId" value={r.id} />
                <input type="hidden" name="userId" value={user.id} />
              </ActionForm>
            </li>
          ))}
        </ul>
        <ActionForm action={grantRoleAction} submitLabel="分配角色" testId="grant-role">
          <input type="hidden" name="userId" value={user.id} />
          <div className="field">
            <label htmlFor="role">角色</label>
            <select id="role" name="role" required>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="role-dept">所属科室（科室工作人员、科室负责人必填）</label>
            <select id="role-dept" name="departmentId">
              <option value="">不限科室</option>
              {departments.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </div>
        </ActionForm>
      </div>
      <div className="card">
        <h2>账号安全</h2>
        {locked && (
          <ActionForm action={unlockUserAction} submitLabel="解除锁定">
            <input type="hidden" name="userId" value={user.id} />
          </ActionForm>
        )}
        <ActionForm action={resetPasswordAction} submitLabel="重置密码">
          <input type="hidden" name="userId" value={user.id} />
          <div className="field">
            <label htmlFor="new-password">新密码</label>
            <input id="new-password" name="password" type="password" autoComplete="new-password" required />
          </div>
        </ActionForm>
        <ActionForm action={setActiveAction} submitLabel={user.active ? "停用账号" : "启用账号"}>
          <input type="hidden" name="userId" value={user.id} />
          <input type="hidden" name="active" value={user.active ? "0" : "1"} />
        </ActionForm>
      </div>
    </>
  );
}
