import type { Redis } from "ioredis";

export interface Heartbeat {
  id: string;
  host: string;
  pid: number;
  startedAt: string;
  at: string;
  queues: string[];
}

export function heartbeatKeyPrefix(prefix: string): string {
  return `${prefix}:workers:heartbeat:`;
}

export async function writeHeartbeat(redis: Redis, prefix: string, beat: Heartbeat, ttlSeconds: number): Promise<void> {
  await redis.set(heartbeatKeyPrefix(prefix) + beat.id, JSON.stringify(beat), "EX", ttlSeconds);
}

export async function removeHeartbeat(redis: Redis, prefix: string, id: string): Promise<void> {
  await redis.del(heartbeatKeyPrefix(prefix) + id);
}

/** Live worker processes: heartbeats expire on their own when a process dies without cleaning up. */
export async function readHeartbeats(redis: Redis, prefix: string): Promise<Heartbeat[]> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await redis.scan(cursor, "MATCH", heartbeatKeyPrefix(prefix) + "*", "COUNT", 100);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== "0");
  if (keys.length === 0) return [];
  const values = await redis.mget(...keys);
  return values.filter((v): v is string => !!v).map((v) => JSON.parse(v) as Heartbeat);
}
