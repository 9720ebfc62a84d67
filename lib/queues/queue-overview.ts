import type { Queue } from "bullmq";
import { CHANNEL_MAINTENANCE_QUEUE, CHANNEL_QUEUES, CHANNEL_LABELS } from "../channels/outbox";
import { AppError } from "../errors/app-error";
import { QUEUE_NAMES, getQueue } from "./queues";

/** The administrator's queue dashboard: the queues of this deployment, labelled for staff. */
export const DASHBOARD_QUEUES: readonly { name: string; label: string; deliveries: boolean }[] = [
  { name: CHANNEL_QUEUES.DISTRICT, label: `推送：${CHANNEL_LABELS.DISTRICT}`, deliveries: true },
  { name: CHANNEL_QUEUES.WECHAT, label: `推送：${CHANNEL_LABELS.WECHAT}`, deliveries: true },
  { name: CHANNEL_QUEUES.BOARD, label: `推送：${CHANNEL_LABELS.BOARD}`, deliveries: true },
  { name: CHANNEL_MAINTENANCE_QUEUE, label: "渠道维护（补发检查、公示期到期）", deliveries: false },
  { name: QUEUE_NAMES.system, label: "系统任务（定时发布、到期提醒）", deliveries: false },
];

export const JOB_STATES = ["waiting", "active", "delayed", "prioritized", "completed", "failed"] as const;
export const JOB_STATE_LABELS: Record<(typeof JOB_STATES)[number], string> = {
  waiting: "等待",
  active: "执行中",
  delayed: "延后",
  prioritized: "优先",
  completed: "已完成",
  failed: "失败",
};

export interface QueueView {
  name: string;
  label: string;
  deliveries: boolean;
  isPaused: boolean;
  counts: Record<string, number>;
  failed: { id: string; name: string; failedReason: string; attemptsMade: number; finishedOn: Date | null; data: string }[];
}

const TIMEOUT_MS = 3_000;

/** BullMQ waits for a connection indefinitely; a dashboard must answer. */
export async function withTimeout<T>(p: Promise<T>, ms = TIMEOUT_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  p.catch(() => undefined);
  try {
    return await Promise.race([
      p,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new AppError("INTERNAL", "任务队列（Redis）暂时无法访问，请稍后刷新。")), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export function dashboardQueue(name: string, queueFor: (name: string) => Queue = getQueue): Queue {
  if (!DASHBOARD_QUEUES.some((q) => q.name === name)) throw new AppError("NOT_FOUND", "没有这个任务队列。");
  return queueFor(name);
}

export async function getQueueOverview(queueFor: (name: string) => Queue = getQueue): Promise<QueueView[]> {
  return withTimeout(
    Promise.all(
      DASHBOARD_QUEUES.map(async (q) => {
        const queue = queueFor(q.name);
        const [counts, failed, isPaused] = await Promise.all([
          queue.getJobCounts(...JOB_STATES),
          queue.getFailed(0, 19),
          queue.isPaused(),
        ]);
        return {
          ...q,
          isPaused,
          counts,
          failed: failed
            .filter((j) => j && j.id)
            .map((j) => ({
              id: j.id!,
              name: j.name,
              failedReason: j.failedReason ?? "",
              attemptsMade: j.attemptsMade,
              finishedOn: j.finishedOn ? new Date(j.finishedOn) : null,
              data: JSON.stringify(j.data ?? {}).slice(0, 200),
            })),
        };
      }),
    ),
  );
}
