import { z } from "zod";
import { loadLocalSecrets } from "./local-secrets";

// Empty strings count as unset, so `FOO=` in a .env file falls back to the default.
const optional = <T extends z.ZodTypeAny>(schema: T) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema);

const schema = z
  .object({
    NODE_ENV: optional(z.enum(["development", "production", "test"]).default("development")),
    DATABASE_URL: optional(z.string().url().default("postgresql://postgres@127.0.0.1:5432/sibaoshan")),
    REDIS_URL: optional(z.string().url().default("redis://127.0.0.1:6379")),
    REDIS_PREFIX: optional(z.string().regex(/^[A-Za-z0-9_:-]+$/).default("gk")),
    PORT: optional(z.coerce.number().int().positive().default(3000)),
    PUBLIC_BASE_URL: optional(z.string().url().default("http://localhost:3000")),
    NEXTAUTH_URL: optional(z.string().url().optional()),
    NEXTAUTH_SECRET: optional(z.string().min(32).optional()),
    INTERNAL_API_SECRET: optional(z.string().min(32).optional()),
    STORAGE_DIR: optional(z.string().default("storage")),
    WORKER_HEARTBEAT_SECONDS: optional(z.coerce.number().int().min(1).max(300).default(10)),
    WORKER_CONCURRENCY: optional(z.coerce.number().int().min(1).max(64).default(4)),
    LOGIN_MAX_FAILURES: optional(z.coerce.number().int().min(1).default(5)),
    LOGIN_LOCK_MINUTES: optional(z.coerce.number().int().min(1).default(15)),
    DEMO_MODE: optional(z.enum(["0", "1"]).default("0")),
  })
  .transform((env) => ({
    ...env,
    NEXTAUTH_URL: env.NEXTAUTH_URL ?? env.PUBLIC_BASE_URL,
  }));

export type Env = z.infer<typeof schema> & { NEXTAUTH_SECRET: string; INTERNAL_API_SECRET: string };

let cached: Env | undefined;

/** Parses the environment once. Missing secrets come from (or are generated into) .local/secrets.env. */
export function getEnv(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  const secrets = loadLocalSecrets(["NEXTAUTH_SECRET", "INTERNAL_API_SECRET"], parsed.data);
  cached = { ...parsed.data, ...secrets } as Env;
  return cached;
}

/** For tests that change process.env between cases. */
export function resetEnvCache(): void {
  cached = undefined;
}
