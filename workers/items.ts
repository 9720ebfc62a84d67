import type { Queue } from "bullmq";
import type { Db } from "../lib/db/client";
import { publishDueItems } from "../lib/items/item-commands";
import { writeItemReminders } from "../lib/items/item-clocks";

/** System jobs of the item workflow: scheduled publishing (every minute) and daily reminders. */
export const ITEM_JOBS = {
  publishDue: "publish-due",
  reminders: "item-reminders",
} as const;

export async function registerItemRepeatables(systemQueue: Queue): Promise<void> {
  await systemQueue.upsertJobScheduler("publish-due", { every: 60_000 }, { name: ITEM_JOBS.publishDue });
  // 08:00 China time every day, when staff start work.
  await systemQueue.upsertJobScheduler("item-reminders", { pattern: "0 8 * * *", tz: "Asia/Shanghai" }, { name: ITEM_JOBS.reminders });
}

export async function runItemJob(db: Db, name: string): Promise<unknown> {
  if (name === ITEM_JOBS.publishDue) return { published: await publishDueItems(db) };
  if (name === ITEM_JOBS.reminders) return { written: await writeItemReminders(db) };
  return undefined;
}
