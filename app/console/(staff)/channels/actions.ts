"use server";

import { revalidatePath } from "next/cache";
import { requireAction, requestIp } from "@/lib/auth/session";
import { CHANNEL_LABELS, CHANNEL_QUEUES, isChannel, requeueDeliveries, type Channel } from "@/lib/channels/outbox";
import { resumeChannel } from "@/lib/channels/pause";
import { wakeChannel } from "@/lib/channels/wake-channel";
import { getEnv } from "@/lib/config/env";
import { getQueue } from "@/lib/queues/queues";
import { getRedis } from "@/lib/redis/connection";
import { retryDelivery } from "@/lib/channels/retry-delivery";
import { getDb } from "@/lib/db/client";
import { runAction, type ActionResult } from "@/lib/http/action-result";

export async function retryDeliveryAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const user = await requireAction("item.publish");
    const row = await retryDelivery(getDb(), { user, ip: await requestIp() }, String(form.get("deliveryId") ?? ""));
    await requeueDeliveries([row]);
    revalidatePath(`/console/items/${row.itemId}`);
    revalidatePath("/console/channels");
    return "已重新加入推送队列，稍后刷新页面查看结果。";
  });
}

export async function resumeChannelAction(_: ActionResult | null, form: FormData): Promise<ActionResult> {
  return runAction(async () => {
    const user = await requireAction("item.publish");
    const channel = String(form.get("channel") ?? "");
    const pause = await resumeChannel(getDb(), { user, ip: await requestIp() }, channel);
    if (isChannel(channel)) {
      const env = getEnv();
      await wakeChannel({ channel, queue: getQueue(CHANNEL_QUEUES[channel]), redis: getRedis(), redisPrefix: env.REDIS_PREFIX, weChatAppId: env.WECHAT_APP_ID });
    }
    revalidatePath("/console/channels");
    return `${CHANNEL_LABELS[pause.channel as Channel] ?? pause.channel}已恢复推送，暂停期间保留的推送将陆续继续。`;
  });
}
