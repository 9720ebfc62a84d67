import type { Redis } from "ioredis";
import type { Env } from "../config/env";
import type { Db } from "../db/client";
import { createDistrictClient } from "./district/client";
import { isChannelError } from "./errors";
import { CHANNELS, CHANNEL_LABELS, type Channel } from "./outbox";

/** What the console shows; plain data only (never raw Prisma rows to client components). */

export const DELIVERY_STATUS_LABELS: Record<string, string> = {
  PENDING: "等待推送",
  IN_PROGRESS: "推送中",
  DELIVERED: "已完成",
  FAILED: "失败",
  SKIPPED: "无需推送",
};

export const BOARD_TASK_LABELS: Record<string, string> = { POST: "张贴", TAKE_DOWN: "撤下" };
export const BOARD_STATUS_LABELS: Record<string, string> = { PENDING: "待办", DONE: "已完成", CANCELLED: "已取消" };

export interface DeliveryView {
  id: string;
  channel: Channel | string;
  channelLabel: string;
  versionNo: number;
  action: "UPSERT" | "DELETE" | string;
  actionLabel: string;
  status: string;
  statusLabel: string;
  /** Failed attempts in a row at the step the delivery is at (0 when nothing failed). */
  attempts: number;
  /** WeChat: freepublish/get calls (asking how a publication went is not an attempt). */
  polls: number;
  lastError: string | null;
  externalUrl: string | null;
  /** A short note from the channel's state (WeChat: "等待公众号发布结果", article deleted…). */
  note: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

export interface BoardTaskView {
  id: string;
  boardId: string;
  boardName: string;
  versionNo: number;
  task: string;
  taskLabel: string;
  status: string;
  statusLabel: string;
  reason: string;
  hasSheet: boolean;
  postingFrom: Date | null;
  postingTo: Date | null;
  doneAt: Date | null;
}

function deliveryNote(channel: string, action: string, status: string, state: unknown): string | null {
  const s = (state ?? {}) as Record<string, unknown>;
  if (channel === "WECHAT" && action === "UPSERT") {
    if (s.deletedAt && s.deleteAnswer === "already-gone") return "该文章已不在公众号上（删除时平台答复文章不存在），按已删除记录";
    if (s.deletedAt) return "该文章已从公众号删除（已修订、撤回或紧急下架）";
    const progress = (s.progress ?? {}) as Record<string, unknown>;
    if (status === "PENDING" && progress.publishId) return "已提交公众号发布，等待平台发布结果";
    if (status === "PENDING" && progress.submitIntentAt) return "已提交公众号发布但未收到平台应答，正在“发表记录”中核实，不会重复提交";
    if (s.reconciled === "found") return "提交发布时平台应答丢失，已在“发表记录”中找到该文章（未重复提交）";
    const warnings = Array.isArray(s.warnings) ? (s.warnings as string[]) : [];
    if (warnings.length) return warnings.join("；");
  }
  if (channel === "WECHAT" && action === "DELETE" && Array.isArray(s.alreadyGoneArticles) && s.alreadyGoneArticles.length > 0) {
    return `${s.alreadyGoneArticles.length} 篇文章删除时平台答复已不存在，按已删除记录`;
  }
  if (channel === "DISTRICT" && s.outcome === "unchanged") return "区系统中已是该版本";
  if (channel === "BOARD" && action === "UPSERT" && typeof s.boards === "number") return `已生成张贴件，进入 ${s.boards} 个公开栏的打印队列`;
  if (channel === "BOARD" && action !== "UPSERT" && typeof s.takeDowns === "number") return `${s.takeDowns} 个公开栏待撤下${action === "TAKEDOWN" ? "（紧急）" : ""}`;
  return null;
}

export async function getItemChannels(db: Db, itemId: string): Promise<{ deliveries: DeliveryView[]; boardTasks: BoardTaskView[] }> {
  const [rows, tasks] = await Promise.all([
    db.delivery.findMany({
      where: { itemId },
      include: { version: { select: { number: true } } },
      orderBy: [{ createdAt: "desc" }],
    }),
    db.boardPosting.findMany({
      where: { itemId },
      include: { board: { select: { name: true, sortOrder: true } } },
      orderBy: [{ versionNo: "desc" }, { createdAt: "asc" }],
    }),
  ]);
  const order = (c: string) => (CHANNELS as readonly string[]).indexOf(c);
  const deliveries = rows
    .map((d) => ({
      id: d.id,
      channel: d.channel,
      channelLabel: CHANNEL_LABELS[d.channel as Channel] ?? d.channel,
      versionNo: d.version.number,
      action: d.action,
      actionLabel: d.action === "TAKEDOWN" ? "紧急下架" : d.action === "DELETE" ? "撤回" : d.version.number > 1 ? "发布修订版" : "发布",
      status: d.status,
      statusLabel: DELIVERY_STATUS_LABELS[d.status] ?? d.status,
      attempts: d.attempts,
      polls: typeof (d.state as { polls?: unknown } | null)?.polls === "number" ? ((d.state as { polls: number }).polls) : 0,
      lastError: d.lastError,
      externalUrl: d.externalUrl,
      note: deliveryNote(d.channel, d.action, d.status, d.state),
      createdAt: d.createdAt,
      deliveredAt: d.deliveredAt,
    }))
    // Newest round first; within a round, the channels in their usual order.
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || order(a.channel) - order(b.channel));
  const boardTasks = tasks.map((t) => ({
    id: t.id,
    boardId: t.boardId,
    boardName: t.board.name,
    versionNo: t.versionNo,
    task: t.task,
    taskLabel: BOARD_TASK_LABELS[t.task] ?? t.task,
    status: t.status,
    statusLabel: BOARD_STATUS_LABELS[t.status] ?? t.status,
    reason: t.reason,
    hasSheet: Boolean(t.sheetKey),
    postingFrom: t.postingFrom,
    postingTo: t.postingTo,
    doneAt: t.doneAt,
  }));
  return { deliveries, boardTasks };
}

export interface ChannelHealth {
  channel: Channel;
  label: string;
  counts: Record<string, number>;
  oldestPendingAt: Date | null;
  lastDeliveredAt: Date | null;
}

export interface FailureView {
  id: string;
  itemId: string;
  title: string;
  indexNo: string | null;
  channelLabel: string;
  actionLabel: string;
  lastError: string | null;
  attempts: number;
  updatedAt: Date;
}

export async function getChannelHealth(db: Db): Promise<{ channels: ChannelHealth[]; failures: FailureView[] }> {
  const [grouped, pending, delivered, failures] = await Promise.all([
    db.delivery.groupBy({ by: ["channel", "status"], _count: { _all: true } }),
    db.delivery.groupBy({ by: ["channel"], where: { status: { in: ["PENDING", "IN_PROGRESS"] } }, _min: { createdAt: true } }),
    db.delivery.groupBy({ by: ["channel"], where: { status: "DELIVERED" }, _max: { deliveredAt: true } }),
    db.delivery.findMany({
      where: { status: "FAILED" },
      orderBy: { updatedAt: "desc" },
      take: 20,
      include: { version: { select: { title: true, number: true } }, item: { select: { indexNo: true } } },
    }),
  ]);
  const channels = CHANNELS.map((channel) => {
    const counts: Record<string, number> = { PENDING: 0, IN_PROGRESS: 0, DELIVERED: 0, FAILED: 0, SKIPPED: 0 };
    for (const g of grouped) if (g.channel === channel) counts[g.status] = g._count._all;
    return {
      channel,
      label: CHANNEL_LABELS[channel],
      counts,
      oldestPendingAt: pending.find((p) => p.channel === channel)?._min.createdAt ?? null,
      lastDeliveredAt: delivered.find((d) => d.channel === channel)?._max.deliveredAt ?? null,
    };
  });
  return {
    channels,
    failures: failures.map((f) => ({
      id: f.id,
      itemId: f.itemId,
      title: f.version.title,
      indexNo: f.item.indexNo,
      channelLabel: CHANNEL_LABELS[f.channel as Channel] ?? f.channel,
      actionLabel: f.action === "TAKEDOWN" ? "紧急下架" : f.action === "DELETE" ? "撤回" : `发布（第 ${f.version.number} 版）`,
      lastError: f.lastError,
      attempts: f.attempts,
      updatedAt: f.updatedAt,
    })),
  };
}

export interface ProbeResult {
  label: string;
  baseUrl: string;
  /** ok: reachable and accepting our credentials; warn: reachable with a problem; bad: not reachable. */
  level: "ok" | "warn" | "bad";
  message: string;
  isStandIn: boolean;
}

const PROBE_TIMEOUT_MS = 3_000;

async function isStandIn(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * Reachability of the outside systems as the web process sees them. The district probe is a
 * signed read of a 索引号 that cannot exist (so it also checks the credentials). The WeChat probe
 * never asks for a token — a new token would knock out the one the workers share — it only checks
 * that the API answers and reports a configuration error the workers cached in Redis.
 */
export async function probeChannels(env: Env, redis: Redis | null): Promise<ProbeResult[]> {
  const district = (async (): Promise<ProbeResult> => {
    const base = { label: CHANNEL_LABELS.DISTRICT, baseUrl: env.DISTRICT_API_BASE_URL };
    const standIn = await isStandIn(`${env.DISTRICT_API_BASE_URL.replace(/\/+$/, "")}/__standin/health`);
    try {
      const client = createDistrictClient({
        baseUrl: env.DISTRICT_API_BASE_URL,
        keyId: env.DISTRICT_API_KEY_ID,
        secret: env.DISTRICT_API_SECRET,
        timeoutMs: PROBE_TIMEOUT_MS,
      });
      await client.getItem("000000000/2000-00000");
      return { ...base, level: "ok", message: "连接正常，接口账号有效", isStandIn: standIn };
    } catch (e) {
      const message = isChannelError(e) ? e.message : String(e);
      const reachable = isChannelError(e) && !["NETWORK", "TIMEOUT"].includes(e.code);
      return { ...base, level: reachable ? "warn" : "bad", message, isStandIn: standIn };
    }
  })();

  const wechat = (async (): Promise<ProbeResult> => {
    const root = env.WECHAT_API_BASE_URL.replace(/\/+$/, "");
    const base = { label: CHANNEL_LABELS.WECHAT, baseUrl: env.WECHAT_API_BASE_URL };
    const standIn = await isStandIn(`${root}/__standin/state`);
    try {
      // Without credentials the API answers an errcode: enough to know it is there.
      const res = await fetch(`${root}/cgi-bin/token?grant_type=client_credential`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
      const body = (await res.json().catch(() => null)) as { errcode?: number } | null;
      if (!res.ok || body === null || typeof body.errcode !== "number") {
        return { ...base, level: "bad", message: `公众号接口地址未返回预期内容（HTTP ${res.status}），请检查接口地址配置`, isStandIn: standIn };
      }
    } catch {
      return { ...base, level: "bad", message: "无法连接公众号接口，请检查网络和接口地址配置", isStandIn: standIn };
    }
    if (redis) {
      try {
        const prefix = `${env.REDIS_PREFIX}:wechat:`;
        const [cachedError, token] = await Promise.all([
          redis.get(`${prefix}token-error:${env.WECHAT_APP_ID}`),
          redis.hget(`${prefix}token:${env.WECHAT_APP_ID}`, "expiresAt"),
        ]);
        if (cachedError) {
          const e = JSON.parse(cachedError) as { message?: string };
          return { ...base, level: "warn", message: e.message ?? "公众号配置错误", isStandIn: standIn };
        }
        if (token) {
          const at = new Date(Number(token)).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai" });
          return { ...base, level: "ok", message: `连接正常，access_token 有效至 ${at}`, isStandIn: standIn };
        }
      } catch {
        // Redis trouble shows on the health page already; the API itself answered.
      }
    }
    return { ...base, level: "ok", message: "连接正常（尚未获取 access_token，首次发布时获取）", isStandIn: standIn };
  })();

  return Promise.all([district, wechat]);
}
