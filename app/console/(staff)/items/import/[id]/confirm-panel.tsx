import { ActionForm } from "@/app/console/components/action-form";
import { CHANNEL_LABELS, CHANNELS } from "@/lib/items/item-input";
import { cancelImportAction, confirmImportAction } from "../actions";

export interface PlanCounts {
  create: number;
  update: number;
  skip: number;
  error: number;
}

/** The preview's decision: import the valid rows (optionally to the channels too), or cancel. */
export function ConfirmPanel({ batchId, counts }: { batchId: string; counts: PlanCounts }) {
  const importable = counts.create + counts.update;
  return (
    <div className="card" data-testid="import-confirm">
      <h2>确认导入</h2>
      <ul data-testid="import-counts">
        <li>新建：{counts.create} 条</li>
        <li>更新（此前导入、内容有变化）：{counts.update} 条</li>
        <li>跳过（已存在）：{counts.skip} 条</li>
        <li>有问题、不能导入：{counts.error} 行</li>
      </ul>
      {importable > 0 ? (
        <ActionForm action={confirmImportAction} submitLabel={`确认导入 ${importable} 条`}>
          <input type="hidden" name="batchId" value={batchId} />
          <fieldset>
            <legend>同时推送到以下渠道（历史信息通常已在原渠道发布，默认不推送）</legend>
            {CHANNELS.map((c) => (
              <label key={c} style={{ marginRight: "1em" }}>
                <input type="checkbox" name="channels" value={c} /> {CHANNEL_LABELS[c]}
              </label>
            ))}
          </fieldset>
        </ActionForm>
      ) : (
        <p>没有可以导入的行，请修改表格后重新上传。</p>
      )}
      <ActionForm action={cancelImportAction} submitLabel="取消本次导入" confirm="确定取消本次导入吗？">
        <input type="hidden" name="batchId" value={batchId} />
      </ActionForm>
    </div>
  );
}
