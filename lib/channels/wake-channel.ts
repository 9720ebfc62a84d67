import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { Channel } from "./outbox";

/**
 * After staff lift a pause (resumeChannel): the held jobs sleep as delayed jobs until their next
 * look, so they are promoted to run now; for WeChat the configuration error the token store
 * cached is forgotten, so the first job asks the platform again instead of failing from cache.
 * Never throws (the held jobs look again by themselves within minutes).
 */
export async function wakeChannel(options: {
  channel: Channel;
  queue: Pick<Queue, "promoteJobs">;
  redis: Pick<Redis, "del"> | null;
  redisPrefix: string;
  weChatAppId?: string;
}): Promise<void> {
  try {
    if (options.channel === "WECHAT" && options.redis && options.weChatAppId) {
      await options.redis.del(`${options.redisPrefix}:wechat:token-error:${options.weChatAppId}`);
    }
    await options.queue.promoteJobs();
  } catch (e) {
    console.error(`[channels] could not wake ${options.channel} after resume: ${(e as Error).message}`);
  }
}
