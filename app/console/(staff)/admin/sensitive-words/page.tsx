import type { Metadata } from "next";
import { requirePage } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { ActionForm } from "../../../components/action-form";
import { addWordAction, removeWordAction } from "../settings/actions";

export const metadata: Metadata = { title: "敏感词库" };

export default async function SensitiveWordsPage() {
  await requirePage("admin.settings");
  const words = await getDb().sensitiveWord.findMany({ orderBy: { createdAt: "asc" } });
  return (
    <>
      <h1>敏感词库</h1>
      <p className="muted">
        保密审查除自动检查身份证号码、手机号码、银行卡号、密级标志和“内部资料”等字样外，还检查以下词语（如领导姓名的错误写法、不规范表述等）。
      </p>
      <div className="card">
        <ul>
          {words.map((w) => (
            <li key={w.id}>
              {w.word}
              {w.note && <span className="muted">（{w.note}）</span>}
              <ActionForm action={removeWordAction} submitLabel="删除">
                <input type="hidden" name="id" value={w.id} />
              </ActionForm>
            </li>
          ))}
          {words.length === 0 && <li className="muted">暂无。</li>}
        </ul>
      </div>
      <div className="card">
        <ActionForm action={addWordAction} submitLabel="添加">
          <div className="field">
            <label htmlFor="word">敏感词</label>
            <input id="word" name="word" type="text" required />
          </div>
          <div className="field">
            <label htmlFor="note">说明</label>
            <input id="note" name="note" type="text" />
          </div>
        </ActionForm>
      </div>
    </>
  );
}
