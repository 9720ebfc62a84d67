import type { Redis } from "ioredis";
import type { Job } from "bullmq";
import { Queue } from "bullmq";
import { QUEUE_NAMES } from "../lib/queues/queues";
import { getEnv } from "../lib/config/env";
import { registerItemRepeatables, runItemJob } from "./items";
import { registerApplicationRepeatables, runApplicationJob } from "../lib/applications/daily-job";
import { getDb } from "../lib/db/client";
import { registerSelfCheckRepeatables, runSelfCheckJob } from "../lib/self-check/jobs";
import type { ProcessorDefinition } from "./runtime";
import type { ChannelContext } from "./channels/context";
import { channelDefinitions, createChannelContextFromEnv, startChannelSchedulers } from "./channels";
import { importDefinition, resumeUnfinishedImports } from "./imports";

// Built when the process starts (never at import time), closed on stop.
let channels: ChannelContext | undefined;
let stopChannelSchedulers: (() => void) | undefined;

/** Every queue the workers process serves. Channels and scheduled jobs add their entries here. */
export function processorDefinitions(): ProcessorDefinition[] {
  return [
    {
      queue: QUEUE_NAMES.system,
      concurrency: 1,
      processor: async (job: Job) => {
        if (job.name === "ping") return { pong: true, at: new Date().toISOString() };
        const itemResult = await runItemJob(getDb(), job.name);
        if (itemResult !== undefined) return itemResult;
        const applicationResult = await runApplicationJob(getDb(), job.name);
        if (applicationResult !== undefined) return applicationResult;
        const selfCheckResult = await runSelfCheckJob(getDb(), job.name);
        if (selfCheckResult !== undefined) return selfCheckResult;
        throw new Error(`unknown system job ${job.name}`);
      },
    },
    ...channelDefinitions((channels ??= createChannelContextFromEnv(getDb()))),
    importDefinition(),
  ];
}

export async function registerRepeatables(ctx: { connection: Redis }): Promise<void> {
  const system = new Queue(QUEUE_NAMES.system, { connection: ctx.connection, prefix: getEnv().REDIS_PREFIX });
  await registerItemRepeatables(system);
  await registerApplicationRepeatables(system);
  await registerSelfCheckRepeatables(system);
  await system.close();
  // In the background: a slow database must not hold up the start (or a stop asked for meanwhile).
  resumeUnfinishedImports(ctx.connection).catch((e) => console.error(`[workers] could not resume imports: ${(e as Error).message}`));
  if (channels) stopChannelSchedulers = await startChannelSchedulers(channels);
}

export async function stopProcessors(): Promise<void> {
  stopChannelSchedulers?.();
  await channels?.close();
  channels = undefined;
}
