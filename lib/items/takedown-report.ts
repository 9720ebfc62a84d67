import type { Db } from "../db/client";
import { CHANNEL_LABELS, type Channel } from "../channels/outbox";

/**
 * The 紧急下架 report of one item: every place the content had reached and when each confirmed its
 * removal. Computed on read from the records themselves (the takedown row, the read model, the
 * block list, the TAKEDOWN deliveries and the boards' take-down tasks), so it never claims a removal
 * that no record supports.
 */
export type PlaceStatus = "done" | "pending" | "failed" | "not-reached";

export interface TakedownPlace {
  key: string;
  label: string;
  /** Where the content had been (or that it never got there). */
  reached: string;
  status: PlaceStatus;
  confirmedAt: Date | null;
  detail: string;
  /** A FAILED TAKEDOWN delivery: staff can retry it. */
  retryDeliveryId?: string;
}

export interface TakedownReport {
  takedown: { id: string; createdAt: Date; actorName: string; reason: string; versionNo: number; republishedAt: Date | null };
  places: TakedownPlace[];
  /** Every place confirmed (or never reached). */
  complete: boolean;
}

const STATUS_OF_DELIVERY: Record<string, PlaceStatus> = {
  DELIVERED: "done",
  SKIPPED: "not-reached",
  FAILED: "failed",
  PENDING: "pending",
  IN_PROGRESS: "pending",
};

export async function getTakedownReports(db: Db, itemId: string): Promise<TakedownReport[]> {
  const takedowns = await db.takedown.findMany({ where: { itemId }, orderBy: { createdAt: "desc" } });
  const reports: TakedownReport[] = [];
  for (const [i, t] of takedowns.entries()) {
    // Records of this takedown: created from it up to the next (newer) one.
    const until = i > 0 ? takedowns[i - 1].createdAt : null;
    reports.push({ takedown: t, ...(await placesOf(db, itemId, t.createdAt, until, t.cacheRefreshedAt, t.republishedAt)) });
  }
  return reports;
}

async function placesOf(db: Db, itemId: string, from: Date, until: Date | null, cacheRefreshedAt: Date | null, republishedAt: Date | null) {
  const window = { gte: from, ...(until ? { lt: until } : {}) };
  const [publicRow, blocked, removals, upserts, boardTasks] = await Promise.all([
    db.publicItem.findUnique({ where: { itemId }, select: { itemId: true } }),
    db.blockedBlob.count({ where: { itemId } }),
    db.delivery.findMany({ where: { itemId, action: "TAKEDOWN", createdAt: window } }),
    db.delivery.findMany({ where: { itemId, action: "UPSERT", status: "DELIVERED", deliveredAt: { lt: from } }, select: { channel: true, deliveredAt: true } }),
    db.boardPosting.findMany({
      where: { itemId, task: "TAKE_DOWN", urgent: true, createdAt: { lte: until ?? new Date(8.64e15) } },
      include: { board: { select: { name: true } } },
      orderBy: { createdAt: "asc" },
    }),
  ]);
  const doneById = [...new Set(boardTasks.map((b) => b.doneById).filter((x): x is string => Boolean(x)))];
  const names = new Map((await db.user.findMany({ where: { id: { in: doneById } }, select: { id: true, displayName: true } })).map((u) => [u.id, u.displayName]));
  // After a corrected version is published the portal shows it again by design.
  const stillGone = republishedAt === null;
  const places: TakedownPlace[] = [
    {
      key: "portal-page",
      label: "门户网站信息页及附件地址",
      reached: "门户网站",
      status: "done",
      confirmedAt: from,
      detail: `信息页和附件地址答复 410（已停止公开），${blocked} 个存储文件已封禁，任何地址均不再提供`,
    },
    {
      key: "portal-lists",
      label: "目录列表、站内检索、订阅源、网站地图、开放数据接口",
      reached: "门户网站",
      status: publicRow && stillGone ? "failed" : "done",
      confirmedAt: publicRow && stillGone ? null : from,
      detail: publicRow && stillGone ? "公开信息索引中仍有该信息，请联系系统管理员" : "已从公开信息索引中删除（与下架同一事务提交）",
    },
    {
      key: "portal-cache",
      label: "网站页面缓存",
      reached: "门户网站",
      status: cacheRefreshedAt ? "done" : "pending",
      confirmedAt: cacheRefreshedAt,
      detail: cacheRefreshedAt ? "网站进程已刷新页面缓存；前端缓存最长保留 30 秒" : "等待网站进程刷新页面缓存",
    },
  ];
  for (const channel of ["DISTRICT", "WECHAT"] as const) {
    const row = removals.find((r) => r.channel === channel);
    if (!row) continue;
    places.push(channelPlace(channel, row, upserts.filter((u) => u.channel === channel).map((u) => u.deliveredAt!)));
  }
  for (const task of boardTasks) {
    places.push({
      key: `board-${task.id}`,
      label: `政务公开栏：${task.board.name}`,
      reached: `第 ${task.versionNo} 版张贴件已张贴`,
      status: task.status === "DONE" ? "done" : task.status === "CANCELLED" ? "not-reached" : "pending",
      confirmedAt: task.doneAt,
      detail:
        task.status === "DONE"
          ? `已撤下（${task.doneById ? (names.get(task.doneById) ?? "") : ""}登记）`
          : "紧急撤下任务已置于该公开栏打印队列最前，待工作人员撤下并登记",
    });
  }
  const complete = places.every((p) => p.status === "done" || p.status === "not-reached");
  return { places, complete };
}

function channelPlace(
  channel: Channel,
  row: { id: string; status: string; deliveredAt: Date | null; updatedAt: Date; lastError: string | null; attempts: number; state: unknown },
  deliveredAt: Date[],
): TakedownPlace {
  const status = STATUS_OF_DELIVERY[row.status] ?? "pending";
  const reached = deliveredAt.length
    ? `曾于 ${deliveredAt.map((d) => d.toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false })).join("、")} 送达`
    : "下架时尚未确认送达";
  const what = channel === "WECHAT" ? "公众号文章已删除（freepublish/delete），文章链接已从本信息移除" : "已通知区系统撤下（DELETE）";
  const detail =
    status === "done"
      ? what
      : status === "not-reached"
        ? (row.lastError ?? "该渠道没有此信息，无需删除")
        : status === "failed"
          ? `删除失败：${row.lastError ?? "未知错误"}`
          : row.lastError
            ? `删除未成功，正在自动重试（已尝试 ${row.attempts} 次）：${row.lastError}`
            : "正在删除";
  return {
    key: `channel-${channel}`,
    label: CHANNEL_LABELS[channel],
    reached,
    // A removal that has failed at least once shows red while it keeps retrying.
    status: status === "pending" && row.lastError ? "failed" : status,
    confirmedAt: status === "done" ? row.deliveredAt : status === "not-reached" ? row.updatedAt : null,
    detail,
    ...(row.status === "FAILED" ? { retryDeliveryId: row.id } : {}),
  };
}
