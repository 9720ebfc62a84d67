import type { Metadata } from "next";
import { requirePage } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { ActionForm } from "../../../components/action-form";
import { addWordingAction, removeWordingAction, restoreWordingAction, toggleWordingAction, updateWordingAction } from "./actions";

export const metadata: Metadata = { title: "错敏词库" };
export const dynamic = "force-dynamic";

export default async function WordingPage() {
  await requirePage("admin.settings");
  const rules = await getDb().wordingRule.findMany({ orderBy: [{ builtIn: "desc" }, { createdAt: "asc" }, { wrong: "asc" }] });
  return (
    <>
      <h1>错敏词库</h1>
      <p className="muted">
        自查时对所有已公开信息（含附件）检查以下错误表述，发现即列为“严重表述错误”（单项否决）并提示正确表述。平台内置常见的职务称谓、重要提法、涉及主权领土的表述、机构改革后已更名的机构名称和常见错别字，可以修改、停用或删除，也可添加本单位的条目。
      </p>
      <div className="card">
        <h2>添加条目</h2>
        <ActionForm action={addWordingAction} submitLabel="添加" testId="add-wording">
          <div className="field">
            <label htmlFor="wrong">错误表述</label>
            <input id="wrong" name="wrong" type="text" required maxLength={40} />
          </div>
          <div className="field">
            <label htmlFor="correct">正确表述</label>
            <input id="correct" name="correct" type="text" required maxLength={60} />
          </div>
          <div className="field">
            <label htmlFor="note">说明</label>
            <input id="note" name="note" type="text" maxLength={100} />
          </div>
        </ActionForm>
      </div>
      <div className="card">
        <h2>现有条目（{rules.length}条）</h2>
        <ActionForm action={restoreWordingAction} submitLabel="恢复已删除的内置条目" />
        <table className="data" data-testid="wording-rules">
          <thead>
            <tr>
              <th scope="col">错误表述 → 正确表述（说明）</th>
              <th scope="col">来源</th>
              <th scope="col">状态</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {rules.map((r) => (
              <tr key={r.id}>
                <td>
                  <ActionForm action={updateWordingAction} submitLabel="保存">
                    <input type="hidden" name="id" value={r.id} />
                    <input name="wrong" defaultValue={r.wrong} aria-label="错误表述" required maxLength={40} size={14} /> →{" "}
                    <input name="correct" defaultValue={r.correct} aria-label="正确表述" required maxLength={60} size={16} />{" "}
                    <input name="note" defaultValue={r.note} aria-label="说明" maxLength={100} size={16} />
                  </ActionForm>
                </td>
                <td>{r.builtIn ? "内置" : "本单位"}</td>
                <td>{r.active ? <span className="tag ok">启用</span> : <span className="tag">停用</span>}</td>
                <td>
                  <ActionForm action={toggleWordingAction} submitLabel={r.active ? "停用" : "启用"}>
                    <input type="hidden" name="id" value={r.id} />
                    <input type="hidden" name="active" value={r.active ? "0" : "1"} />
                  </ActionForm>
                  <ActionForm action={removeWordingAction} submitLabel="删除" confirm="确定删除该条目吗？">
                    <input type="hidden" name="id" value={r.id} />
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
