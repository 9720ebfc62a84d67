import { z } from "zod";
import { loadLocalSecrets } from "./local-secrets";
import { DISTRICT_DEV_CREDENTIALS } from "../channels/district/contract";
import { parseTrustedProxies } from "../http/client-address";

// Defaults that match stand-ins/run-wechat.ts, so a fresh checkout publishes to the local stand-in.
const WECHAT_STANDIN_APP_ID = "wxstandin0000001";
const WECHAT_STANDIN_APP_SECRET = "standin-secret";

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
    STORAGE_DRIVER: optional(z.enum(["local", "s3"]).default("local")),
    S3_ENDPOINT: optional(z.string().url().optional()),
    S3_REGION: optional(z.string().default("cn-north-1")),
    S3_BUCKET: optional(z.string().optional()),
    S3_PREFIX: optional(z.string().default("")),
    S3_ACCESS_KEY_ID: optional(z.string().optional()),
    S3_SECRET_ACCESS_KEY: optional(z.string().optional()),
    WORKER_HEARTBEAT_SECONDS: optional(z.coerce.number().int().min(1).max(300).default(10)),
    WORKER_CONCURRENCY: optional(z.coerce.number().int().min(1).max(64).default(4)),
    /** Staff sessions end after this many minutes without a request … */
    SESSION_IDLE_MINUTES: optional(z.coerce.number().int().min(1).max(24 * 60).default(30)),
    /** … and this many hours after signing in, whatever the activity. */
    SESSION_MAX_HOURS: optional(z.coerce.number().int().min(1).max(7 * 24).default(8)),
    LOGIN_MAX_FAILURES: optional(z.coerce.number().int().min(1).default(5)),
    LOGIN_LOCK_MINUTES: optional(z.coerce.number().int().min(1).default(15)),
    DEMO_MODE: optional(z.enum(["0", "1"]).default("0")),
    DISTRICT_API_BASE_URL: optional(z.string().url().default("http://127.0.0.1:4010")),
    DISTRICT_API_KEY_ID: optional(z.string().default(DISTRICT_DEV_CREDENTIALS.keyId)),
    DISTRICT_API_SECRET: optional(z.string().default(DISTRICT_DEV_CREDENTIALS.secret)),
    DISTRICT_API_TIMEOUT_MS: optional(z.coerce.number().int().min(100).default(15_000)),
    WECHAT_API_BASE_URL: optional(z.string().url().default("http://127.0.0.1:4020")),
    WECHAT_APP_ID: optional(z.string().optional()),
    WECHAT_APP_SECRET: optional(z.string().optional()),
    WECHAT_API_TIMEOUT_MS: optional(z.coerce.number().int().min(100).default(15_000)),
    /** First wait before asking WeChat how a publication went; doubles up to 60 s. */
    WECHAT_POLL_DELAY_MS: optional(z.coerce.number().int().min(10).default(3_000)),
    /** How often the sweeper looks for deliveries whose job Redis lost. */
    CHANNEL_SWEEP_SECONDS: optional(z.coerce.number().int().min(1).default(30)),
    /** A delivery untouched this long without a job is enqueued again. */
    CHANNEL_SWEEP_AFTER_SECONDS: optional(z.coerce.number().int().min(1).default(60)),
    /** BullMQ job lock: a worker that died holding a job gives it back after about this long. */
    CHANNEL_JOB_LOCK_SECONDS: optional(z.coerce.number().int().min(1).default(30)),
    /** How often posted sheets whose 公示期 has ended get a take-down task. */
    BOARD_EXPIRY_CHECK_MINUTES: optional(z.coerce.number().int().min(1).default(60)),
    BOARD_SHEET_PAPER: optional(z.enum(["A4", "A3"]).default("A4")),
    /** Online applications (依申请公开) accepted per address per hour / per day (counted attempts / stored). */
    APPLY_RATE_LIMIT_PER_HOUR: optional(z.coerce.number().int().min(1).default(20)),
    APPLY_RATE_LIMIT_PER_DAY: optional(z.coerce.number().int().min(1).default(10)),
    /** Failed tracking-page lookups per address per 15 minutes. */
    TRACK_RATE_LIMIT_PER_15MIN: optional(z.coerce.number().int().min(1).default(10)),
    /** Proof-of-work difficulty of the application form: PBKDF2 iterations per attempt … */
    APPLY_POW_COST: optional(z.coerce.number().int().min(1).max(1_000_000).default(2000)),
    /** … and the largest secret counter (drawn from [max/2, max]); work ≈ cost × counter. */
    APPLY_POW_MAX_COUNTER: optional(z.coerce.number().int().min(2).max(10_000_000).default(5000)),
    /** Submissions per address per hour through the image CAPTCHA (the no-JavaScript fallback). */
    APPLY_FALLBACK_PER_HOUR: optional(z.coerce.number().int().min(1).default(5)),
    /** Largest attachment an applicant may upload, in MB. */
    APPLICATION_ATTACHMENT_MAX_MB: optional(z.coerce.number().int().min(1).max(20).default(5)),
    /**
     * Proxies in front of the web process whose X-Forwarded-For values are believed: a count, or a
     * comma-separated list of addresses/CIDRs. Unset: none (the TCP peer is the client).
     */
    TRUSTED_PROXIES: optional(
      z
        .string()
        .optional()
        .superRefine((v, ctx) => {
          try {
            parseTrustedProxies(v);
          } catch (e) {
            ctx.addIssue({ code: "custom", message: (e as Error).message });
          }
        }),
    ),
    /** Browser tests only (set by scripts/e2e-server.ts): the image CAPTCHA (no-JavaScript fallback) also accepts a fixed answer. Never in production. */
    CAPTCHA_TEST_MODE: optional(z.enum(["0", "1"]).default("0")),
  })
  .superRefine((env, ctx) => {
    if (env.STORAGE_DRIVER === "s3") {
      for (const key of ["S3_ENDPOINT", "S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"] as const) {
        if (!env[key]) ctx.addIssue({ code: "custom", path: [key], message: `${key} is required when STORAGE_DRIVER=s3` });
      }
    }
    // One without the other would silently pair a real AppID with the stand-in's secret.
    if (Boolean(env.WECHAT_APP_ID) !== Boolean(env.WECHAT_APP_SECRET)) {
      ctx.addIssue({
        code: "custom",
        path: [env.WECHAT_APP_ID ? "WECHAT_APP_SECRET" : "WECHAT_APP_ID"],
        message: "WECHAT_APP_ID and WECHAT_APP_SECRET must be set together",
      });
    }
  })
  .transform((env) => ({
    ...env,
    NEXTAUTH_URL: env.NEXTAUTH_URL ?? env.PUBLIC_BASE_URL,
    WECHAT_APP_ID: env.WECHAT_APP_ID ?? WECHAT_STANDIN_APP_ID,
    WECHAT_APP_SECRET: env.WECHAT_APP_SECRET ?? WECHAT_STANDIN_APP_SECRET,
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
