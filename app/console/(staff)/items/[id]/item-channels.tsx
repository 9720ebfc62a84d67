import { getDb } from "@/lib/db/client";
import { CHANNEL_LABELS } from "@/lib/items/item-input";

const STATUS: Record<string, string> = { PENDING: "等待推送", IN_PROGRESS: "推送中", DELIVERED: "已送达", FAILED: "失败", SKIPPED: "已跳过" };

/** Deliveries of this item to each outside channel. */
export async function ItemChannels({ itemId }: { itemId: string }) {
  const rows = await getDb().delivery.findMany({ where: { itemId }, include: { version: { select: { number: true } } }, orderBy: { createdAt: "asc" } });
  return (
    <div className="card" data-testid="item-deliveries">
      <table className="data">
        <thead>
          <tr>
            <th scope="col">渠道</th>
            <th scope="col">版本</th>
            <th scope="col">操作</th>
            <th scope="col">状态</th>
            <th scope="col">链接</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d) => (
            <tr key={d.id}>
              <td>{CHANNEL_LABELS[d.channel as keyof typeof CHANNEL_LABELS] ?? d.channel}</td>
              <td>第 {d.version.number} 版</td>
              <td>{d.action === "DELETE" ? "撤回" : "发布"}</td>
              <td>
                {STATUS[d.status] ?? d.status}
                {d.lastError ? `：${d.lastError}` : ""}
              </td>
              <td>{d.externalUrl ? <a href={d.externalUrl}>{d.externalUrl}</a> : "—"}</td>
            </tr>
          ))}
          {rows.length === 0 && (
            <tr>
              <td colSpan={5}>尚未发布到外部渠道。</td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
