import { ensureDatabase, migrate, dropDatabase } from "../../lib/db/migrate";

// Integration tests run against the real PostgreSQL in a database of their own per run, and the
// real Redis under a prefix of their own. scripts/test.ts sets both; run alone, this picks them.
export default async function setup() {
  const runId = `${Date.now().toString(36)}${process.pid}`;
  if (!process.env.TEST_DATABASE_URL) {
    process.env.TEST_DATABASE_URL = `postgresql://postgres@127.0.0.1:5432/gk_test_${runId}`;
    process.env.TEST_DROP_DATABASE = "1";
  }
  process.env.DATABASE_URL = process.env.TEST_DATABASE_URL;
  process.env.REDIS_PREFIX ||= `gktest:${runId}`;
  (process.env as Record<string, string>).NODE_ENV = "test";
  await ensureDatabase(process.env.DATABASE_URL);
  await migrate(process.env.DATABASE_URL);
  return async () => {
    if (process.env.TEST_DROP_DATABASE === "1") await dropDatabase(process.env.DATABASE_URL!);
  };
}
