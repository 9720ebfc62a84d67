import type { Redis } from "ioredis";
import type { Job } from "bullmq";
import { QUEUE_NAMES } from "../lib/queues/queues";
import type { ProcessorDefinition } from "./runtime";

/** Every queue the workers process serves. Channels and scheduled jobs add their entries here. */
export function processorDefinitions(): ProcessorDefinition[] {
  return [
    {
      queue: QUEUE_NAMES.system,
      concurrency: 1,
      processor: async (job: Job) => {
        if (job.name === "ping") return { pong: true, at: new Date().toISOString() };
        throw new Error(`unknown system job ${job.name}`);
      },
    },
  ];
}

export async function registerRepeatables(_ctx: { connection: Redis }): Promise<void> {}

export async function stopProcessors(): Promise<void> {}
