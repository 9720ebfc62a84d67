import { getSessionUser } from "@/lib/auth/session";
import { can } from "@/lib/auth/roles";
import { getItemChannels } from "@/lib/channels/channel-overview";
import { getDb } from "@/lib/db/client";
import { ActionForm } from "../../components/action-form";
import { retryDeliveryAction } from "./actions";

const fmt = (d: Date | null) => (d ? d.toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false }) : "—");
const fmtDate = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "—");
const STATUS_TAG: Record<string, string> = { DELIVERED: "tag ok", FAILED: "tag bad", PENDING: "tag warn", IN_PROGRESS: "tag warn", SKIPPED: "tag" };

/**
 * Where an item stands on every outside channel: each delivery (publication, revision, withdrawal)
 * with its status, the channel's error text and link, a retry button for failed ones (item.publish),
 * and the item's notice-board print tasks. A server component: drop it into the item page.
 */
export async function ChannelPanel({ itemId }: { itemId: string }) {
  const [user, data] = await Promise.all([getSessionUser(), getItemChannels(getDb(), itemId)]);
  const mayRetry = can(user, "item.publish");
  return (
    <div className="card" data-testid="channel-panel">
      <h2>发布渠道</h2>
      {data.deliveries.length === 0 ? (
        <p className="muted">该信息尚未推送到外部渠道。发布后，系统会自动推送到区政府信息公开系统、微信公众号和政务公开栏。</p>
      ) : (
        <table className="data">
          <thead>
            <tr>
              <th scope="col">渠道</th>
              <th scope="col">事项</th>
              <th scope="col">状态</th>
              <th scope="col">说明</th>
              <th scope="col">链接</th>
              <th scope="col">操作</th>
            </tr>
          </thead>
          <tbody>
            {data.deliveries.map((d) => (
              <tr key={d.id} data-testid={`delivery-${d.channel}-${d.action}-v${d.versionNo}`} data-status={d.status}>
                <td>{d.channelLabel}</td>
                <td>
                  {d.actionLabel}（第 {d.versionNo} 版）
                </td>
                <td>
                  <span className={STATUS_TAG[d.status] ?? "tag"}>{d.statusLabel}</span>
                  {d.attempts > 0 && d.status !== "DELIVERED" && <span className="muted">　连续失败 {d.attempts} 次</span>}
                  {d.polls > 0 && <span className="muted">　查询发布结果 {d.polls} 次</span>}
                  <div className="muted">{d.deliveredAt ? `完成于 ${fmt(d.deliveredAt)}` : `创建于 ${fmt(d.createdAt)}`}</div>
                </td>
                <td>
                  {d.lastError && (
                    <span className={d.status === "FAILED" ? "field-error" : "muted"} data-testid="delivery-error">
                      {d.lastError}
                    </span>
                  )}
                  {d.note && <div className="muted">{d.note}</div>}
                </td>
                <td>
                  {d.externalUrl ? (
                    <a href={d.externalUrl} target="_blank" rel="noopener noreferrer" data-testid="delivery-link">
                      {d.channel === "WECHAT" ? "公众号文章" : d.channel === "DISTRICT" ? "区系统页面" : "查看"}
                    </a>
                  ) : (
                    "—"
                  )}
                </td>
                <td>
                  {d.status === "FAILED" && mayRetry ? (
                    <ActionForm action={retryDeliveryAction} submitLabel="重试" testId="retry-delivery">
                      <input type="hidden" name="deliveryId" value={d.id} />
                    </ActionForm>
                  ) : (
                    "—"
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data.boardTasks.length > 0 && (
        <>
          <h3>政务公开栏</h3>
          <table className="data" data-testid="board-tasks">
            <thead>
              <tr>
                <th scope="col">公开栏</th>
                <th scope="col">任务</th>
                <th scope="col">状态</th>
                <th scope="col">公示期</th>
                <th scope="col">说明</th>
              </tr>
            </thead>
            <tbody>
              {data.boardTasks.map((t) => (
                <tr key={t.id} data-testid={`board-task-${t.task}`} data-status={t.status}>
                  <td>{t.boardName}</td>
                  <td>
                    {t.taskLabel}（第 {t.versionNo} 版）
                  </td>
                  <td>
                    {t.statusLabel}
                    {t.doneAt && <span className="muted">　{fmtDate(t.doneAt)}</span>}
                  </td>
                  <td>{t.task === "POST" ? `${fmtDate(t.postingFrom)} 至 ${fmtDate(t.postingTo)}` : "—"}</td>
                  <td>{t.reason || (t.task === "POST" && !t.hasSheet && t.status === "PENDING" ? "张贴件生成中" : "")}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
