"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { writeAudit } from "@/lib/audit/write-audit";
import { requireAction, requestIp } from "@/lib/auth/session";
import { requeueDeliveries } from "@/lib/channels/outbox";
import { retryDelivery } from "@/lib/channels/retry-delivery";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { formObject, parseInput, runAction, type ActionResult } from "@/lib/http/action-result";
import { DASHBOARD_QUEUES, dashboardQueue, withTimeout } from "@/lib/queues/queue-overview";

const jobInput = z.object({ queue: z.string().min(1), jobId: z.string().min(1) });
const cleanInput = z.object({ queue: z.string().min(1), state: z.enum(["completed", "failed"]) });

/**
 * Retrying a delivery job goes through its outbox row (the row is the record: a FAILED row would
 * make the processor stop at once); other jobs are retried in BullMQ directly.
 */
export async function retryJobAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const user = await requireAction("admin.settings");
    const { queue, jobId } = parseInput(jobInput, formObject(form));
    const entry = DASHBOARD_QUEUES.find((q) => q.name === queue);
    if (!entry) throw new AppError("NOT_FOUND", "没有这个任务队列。");
    const db = getDb();
    if (entry.deliveries) {
      const row = await db.delivery.findUnique({ where: { id: jobId }, select: { status: true } });
      if (row?.status === "FAILED") {
        const retried = await retryDelivery(db, { user, ip: await requestIp() }, jobId);
        await requeueDeliveries([retried]);
        revalidatePath("/console/admin/queues");
        return "已重置推送记录并重新加入队列。";
      }
    }
    const job = await withTimeout(dashboardQueue(queue).getJob(jobId));
    if (!job) throw new AppError("NOT_FOUND", "该任务已不存在，请刷新页面。");
    await withTimeout(job.retry());
    await writeAudit(db, {
      actorId: user.id,
      actorName: user.displayName,
      ip: await requestIp(),
      action: "queue.retry",
      entityType: "Job",
      entityId: `${queue}/${jobId}`,
    });
    revalidatePath("/console/admin/queues");
    return "任务已重新执行。";
  });
}

export async function cleanQueueAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const user = await requireAction("admin.settings");
    const { queue, state } = parseInput(cleanInput, formObject(form));
    const removed = await withTimeout(dashboardQueue(queue).clean(0, 10_000, state), 10_000);
    await writeAudit(getDb(), {
      actorId: user.id,
      actorName: user.displayName,
      ip: await requestIp(),
      action: "queue.clean",
      entityType: "Queue",
      entityId: queue,
      detail: { state, removed: removed.length },
    });
    revalidatePath("/console/admin/queues");
    return `已清除 ${removed.length} 个${state === "failed" ? "失败" : "已完成"}任务的记录（推送记录本身保留在数据库中）。`;
  });
}
