import type { SessionUser } from "../auth/roles";
import { writeAudit } from "../audit/write-audit";
import type { Db } from "../db/client";
import { AppError } from "../errors/app-error";
import { CHANNEL_LABELS, isChannel } from "./outbox";
import { weChatRetryState } from "./wechat/policy";

/**
 * Staff retry of a FAILED delivery: back to PENDING with the error cleared, recorded in the audit
 * log. The caller enqueues it after commit (requeueDeliveries). A WeChat publication whose fate is
 * known to be "not live" starts again; one whose fate is unknown is polled or looked up first —
 * a retry never starts a second publication of the same version (wechat/policy.ts).
 */
export async function retryDelivery(
  db: Db,
  actor: { user: SessionUser; ip?: string | null },
  deliveryId: string,
): Promise<{ id: string; channel: string; itemId: string; action: string }> {
  return db.$transaction(async (tx) => {
    const row = await tx.delivery.findUnique({ where: { id: deliveryId } });
    if (!row) throw new AppError("NOT_FOUND", "未找到该推送记录。");
    if (row.status !== "FAILED") throw new AppError("INVALID_STATE", "只有推送失败的记录可以重试。");

    let state = (row.state ?? null) as Record<string, unknown> | null;
    if (row.channel === "WECHAT" && row.action === "UPSERT") state = weChatRetryState(state);
    const updated = await tx.delivery.updateMany({
      where: { id: row.id, status: "FAILED" },
      data: { status: "PENDING", lastError: null, attempts: 0, ...(state ? { state: state as object } : {}) },
    });
    if (updated.count === 0) throw new AppError("CONFLICT", "该推送记录已被他人处理，请刷新页面。");
    await writeAudit(tx, {
      actorId: actor.user.id,
      actorName: actor.user.displayName,
      ip: actor.ip ?? null,
      action: "delivery.retry",
      entityType: "Delivery",
      entityId: row.id,
      detail: {
        itemId: row.itemId,
        channel: isChannel(row.channel) ? CHANNEL_LABELS[row.channel] : row.channel,
        action: row.action,
        lastError: row.lastError,
      },
    });
    return { id: row.id, channel: row.channel, itemId: row.itemId, action: row.action };
  });
}
