import { getEnv } from "@/lib/config/env";
import { getDb } from "@/lib/db/client";
import { checkHealth } from "@/lib/health/check-health";
import { getRedis } from "@/lib/redis/connection";

export const dynamic = "force-dynamic";

export async function GET() {
  const env = getEnv();
  const report = await checkHealth({
    db: getDb(),
    redis: getRedis(),
    prefix: env.REDIS_PREFIX,
    publicBaseUrl: env.PUBLIC_BASE_URL,
    nodeEnv: process.env.NODE_ENV,
  });
  return Response.json(report, { status: report.status === "ok" ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
