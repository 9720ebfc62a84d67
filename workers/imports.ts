import { Queue, type Job } from "bullmq";
import type { Redis } from "ioredis";
import { getStorage } from "../lib/attachments/get-storage";
import { getEnv } from "../lib/config/env";
import { getDb } from "../lib/db/client";
import { IMPORT_JOBS, IMPORT_QUEUE, unfinishedBatches } from "../lib/import/import-batches";
import { runImportBatch } from "../lib/import/run-import";
import { validateImportBatch } from "../lib/import/validate-batch";
import type { ProcessorDefinition } from "./runtime";

/** Spreadsheet imports: validation and the import itself, one batch at a time. */
export function importDefinition(): ProcessorDefinition {
  const lockMs = getEnv().CHANNEL_JOB_LOCK_SECONDS * 1000;
  return {
    queue: IMPORT_QUEUE,
    concurrency: 1,
    // A killed worker gives the job back after the lock expires; the batch resumes from its last chunk.
    options: { lockDuration: lockMs, stalledInterval: lockMs, maxStalledCount: 5 },
    processor: async (job: Job<{ batchId: string }>) => {
      if (job.name === IMPORT_JOBS.validate) return validateImportBatch(getDb(), getStorage(), job.data.batchId);
      if (job.name === IMPORT_JOBS.run) return runImportBatch(getDb(), getStorage(), job.data.batchId);
      throw new Error(`unknown import job ${job.name}`);
    },
  };
}

/**
 * At start: batches left unfinished whose job is gone, failed or done (Redis emptied, retries used up)
 * get their job again. A job still waiting or held by a dead worker is left to BullMQ.
 */
export async function resumeUnfinishedImports(connection: Redis): Promise<number> {
  const queue = new Queue(IMPORT_QUEUE, { connection, prefix: getEnv().REDIS_PREFIX });
  let resumed = 0;
  try {
    for (const b of await unfinishedBatches(getDb())) {
      const kind = b.status === "VALIDATING" ? "validate" : "run";
      const jobId = `${kind}-${b.id}`;
      const job = await queue.getJob(jobId);
      const state = job ? await job.getState() : "missing";
      if (state === "failed" || state === "completed") await job!.remove();
      if (state === "failed" || state === "completed" || state === "missing") {
        await queue.add(IMPORT_JOBS[kind], { batchId: b.id }, { jobId, attempts: 8, backoff: { type: "exponential", delay: 2000 } });
        resumed += 1;
      }
    }
  } finally {
    await queue.close();
  }
  return resumed;
}
