import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";
import { getEnv } from "../config/env";

export type Db = PrismaClient;
export type { Prisma } from "../generated/prisma/client";

const globalForDb = globalThis as unknown as { __prisma?: PrismaClient };

export function createDb(connectionString: string = getEnv().DATABASE_URL): PrismaClient {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString }) });
}

/** One client per process (kept across hot reloads in development). */
export function getDb(): PrismaClient {
  if (!globalForDb.__prisma) globalForDb.__prisma = createDb();
  return globalForDb.__prisma;
}
