import type { SessionUser } from "../auth/roles";
import { writeAudit } from "../audit/write-audit";
import type { Db } from "../db/client";
import { AppError } from "../errors/app-error";
import { CHANNEL_LABELS, isChannel } from "./outbox";

/**
 * Pausing a channel. Some vendor answers concern the whole account, not the item: a wrong
 * AppSecret or a server IP missing from the whitelist (every call will fail until a person fixes
 * it), or the daily API quota used up (every call fails until the quota resets at midnight Beijing
 * time). Trying the remaining items would only spend quota and bury the one useful message under
 * a hundred failures, so the channel is paused instead: its processors leave every row PENDING
 * until the pause ends — by itself at `resumesAt`, when the workers run with a different
 * configuration, or when staff press 恢复推送 on 发布渠道.
 *
 * The database is the record (a Redis flush must not un-pause a broken account).
 */

export type PauseKind = "CONFIGURATION" | "QUOTA";

export interface PauseSpec {
  kind: PauseKind;
  /** zh-CN: what happened and what to fix. */
  reason: string;
  vendorCode?: string | number | null;
  /** null: waits for a person. */
  resumesAt: Date | null;
}

export interface ChannelPauseView {
  channel: string;
  kind: PauseKind;
  reason: string;
  vendorCode: string | null;
  pausedAt: Date;
  resumesAt: Date | null;
  configFingerprint: string | null;
}

const BEIJING_OFFSET_MS = 8 * 3600_000;

/** The next midnight in Beijing (UTC+8, no daylight saving) after `now`: when WeChat quotas reset. */
export function nextBeijingMidnight(now: Date = new Date()): Date {
  const beijing = now.getTime() + BEIJING_OFFSET_MS;
  const dayStart = Math.floor(beijing / 86_400_000) * 86_400_000;
  return new Date(dayStart + 86_400_000 - BEIJING_OFFSET_MS);
}

/** "12月7日 00:00" in Beijing time. */
export function formatBeijingMinute(d: Date): string {
  const parts = new Intl.DateTimeFormat("zh-CN", {
    timeZone: "Asia/Shanghai",
    month: "numeric",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hour12: false,
  }).formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  return `${get("month")}月${get("day")}日 ${get("hour")}:${get("minute")}`;
}

/** "23:41:05" in Beijing time. */
export function formatBeijingTime(d: Date): string {
  return d.toLocaleTimeString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false });
}

/** What a held delivery row says while its channel is paused. */
export function pauseNotice(channel: string, pause: Pick<ChannelPauseView, "reason" | "resumesAt" | "kind">): string {
  const label = isChannel(channel) ? CHANNEL_LABELS[channel] : channel;
  const next = pause.resumesAt
    ? `将于 ${formatBeijingMinute(pause.resumesAt)}（北京时间）自动恢复，恢复后本条自动继续推送`
    : `等待管理员处理：修正后在“发布渠道”页点击“恢复推送”，本条随即自动继续推送`;
  return `${label}推送已暂停：${pause.reason}。${next}。`;
}

function view(row: {
  channel: string;
  kind: string;
  reason: string;
  vendorCode: string | null;
  pausedAt: Date;
  resumesAt: Date | null;
  configFingerprint: string | null;
}): ChannelPauseView {
  return { ...row, kind: row.kind === "QUOTA" ? "QUOTA" : "CONFIGURATION" };
}

export async function listPauses(db: Db): Promise<ChannelPauseView[]> {
  return (await db.channelPause.findMany({ orderBy: { pausedAt: "asc" } })).map(view);
}

/**
 * The pause in force for a channel, or null. A pause whose time has come, or a CONFIGURATION
 * pause recorded under another configuration (the account was fixed and the workers restarted),
 * is lifted here — the first job to look ends it.
 */
export async function activePause(
  db: Db,
  channel: string,
  options: { now?: Date; configFingerprint?: string | null; onLifted?: () => Promise<void> } = {},
): Promise<ChannelPauseView | null> {
  const row = await db.channelPause.findUnique({ where: { channel } });
  if (!row) return null;
  const now = options.now ?? new Date();
  const expired = row.resumesAt !== null && row.resumesAt.getTime() <= now.getTime();
  const reconfigured =
    row.kind === "CONFIGURATION" &&
    Boolean(options.configFingerprint) &&
    Boolean(row.configFingerprint) &&
    row.configFingerprint !== options.configFingerprint;
  if (expired || reconfigured) {
    // Conditional on the row we read: a newer pause written meanwhile stays.
    await db.channelPause.deleteMany({ where: { channel, updatedAt: row.updatedAt } });
    await db.delivery.updateMany({
      where: { channel, status: "PENDING", lastError: pauseNotice(channel, view(row)) },
      data: { lastError: null },
    });
    await options.onLifted?.();
    return null;
  }
  return view(row);
}

/** Records (or replaces) the pause and puts its notice on the channel's waiting rows. */
export async function pauseChannel(
  db: Db,
  channel: string,
  spec: PauseSpec,
  options: { configFingerprint?: string | null } = {},
): Promise<ChannelPauseView> {
  const data = {
    kind: spec.kind,
    reason: spec.reason,
    vendorCode: spec.vendorCode === undefined || spec.vendorCode === null ? null : String(spec.vendorCode),
    resumesAt: spec.resumesAt,
    configFingerprint: options.configFingerprint ?? null,
  };
  const row = await db.channelPause.upsert({
    where: { channel },
    create: { channel, ...data },
    update: data,
  });
  const pause = view(row);
  await db.delivery.updateMany({
    where: { channel, status: "PENDING", lastError: null },
    data: { lastError: pauseNotice(channel, pause) },
  });
  return pause;
}

/**
 * Staff lift a pause (the account was fixed, or the quota reset by hand in 公众平台). Audited.
 * The caller wakes the channel's delayed jobs after commit.
 */
export async function resumeChannel(
  db: Db,
  actor: { user: SessionUser; ip?: string | null },
  channel: string,
): Promise<ChannelPauseView> {
  if (!isChannel(channel)) throw new AppError("INVALID_INPUT", "未知的发布渠道。");
  return db.$transaction(async (tx) => {
    const row = await tx.channelPause.findUnique({ where: { channel } });
    if (!row) throw new AppError("INVALID_STATE", `${CHANNEL_LABELS[channel]}未处于暂停状态，请刷新页面。`);
    const pause = view(row);
    await tx.channelPause.delete({ where: { channel } });
    await tx.delivery.updateMany({
      where: { channel, status: "PENDING", lastError: pauseNotice(channel, pause) },
      data: { lastError: null },
    });
    await writeAudit(tx, {
      actorId: actor.user.id,
      actorName: actor.user.displayName,
      ip: actor.ip ?? null,
      action: "channel.resume",
      entityType: "ChannelPause",
      entityId: channel,
      before: { kind: pause.kind, reason: pause.reason, vendorCode: pause.vendorCode, pausedAt: pause.pausedAt, resumesAt: pause.resumesAt },
    });
    return pause;
  });
}
