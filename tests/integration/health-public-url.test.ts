import { afterAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { createDb } from "../../lib/db/client";
import { checkHealth } from "../../lib/health/check-health";

// /api/health's detail names a PUBLIC_BASE_URL on localhost or an IP address in a production build,
// without turning the report unhealthy (real PostgreSQL and Redis).
const db = createDb(process.env.DATABASE_URL);
const redis = new Redis(process.env.REDIS_URL || "redis://127.0.0.1:6379", { maxRetriesPerRequest: null });
const prefix = `${process.env.REDIS_PREFIX}:health-url`;

afterAll(async () => {
  await redis.quit();
  await db.$disconnect();
});

describe("health report: the public address", () => {
  it("warns for localhost in production and is quiet for a real domain", async () => {
    const bad = await checkHealth({ db, redis, prefix, publicBaseUrl: "http://localhost:3000", nodeEnv: "production" });
    expect(bad.database.ok).toBe(true);
    expect(bad.redis.ok).toBe(true);
    expect(bad.publicBaseUrl.ok).toBe(false);
    expect(bad.publicBaseUrl.url).toBe("http://localhost:3000");
    expect(bad.publicBaseUrl.warning).toContain("PUBLIC_BASE_URL 是本机地址");

    const ip = await checkHealth({ db, redis, prefix, publicBaseUrl: "http://192.168.10.5", nodeEnv: "production" });
    expect(ip.publicBaseUrl.warning).toContain("IP地址");

    const good = await checkHealth({ db, redis, prefix, publicBaseUrl: "https://gk.sibaoshan.gov.cn", nodeEnv: "production" });
    expect(good.publicBaseUrl).toEqual({ ok: true, url: "https://gk.sibaoshan.gov.cn" });
    // No worker beats under this prefix: degraded for that reason alone, not for the address.
    expect(good.workers.ok).toBe(false);
    expect(bad.status).toBe(good.status);
  });
});
