import type { SessionUser } from "../auth/roles";
import { writeAudit } from "../audit/write-audit";
import type { Db } from "../db/client";
import { AppError } from "../errors/app-error";
import { CHANNEL_LABELS, isChannel } from "./outbox";

/** WeChat ids that must not be reused when a publication is tried again from the start. */
const WECHAT_RESTART_KEYS = ["publishId", "draftMediaId"] as const;

/**
 * Staff retry of a FAILED delivery: back to PENDING with the error cleared, recorded in the audit
 * log. The caller enqueues it after commit (requeueDeliveries). A WeChat publication that the
 * platform refused or lost is started again from a new draft; finished uploads are kept.
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
    if (row.channel === "WECHAT" && state) {
      const progress = { ...((state.progress as Record<string, unknown> | undefined) ?? {}) };
      for (const k of WECHAT_RESTART_KEYS) delete progress[k];
      const { submitStartedAt: _s, recoveryLookups: _r, polls: _p, publishStatus: _st, ...rest } = state;
      state = { ...rest, progress };
    }
    const updated = await tx.delivery.updateMany({
      where: { id: row.id, status: "FAILED" },
      data: { status: "PENDING", lastError: null, ...(state ? { state: state as object } : {}) },
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
