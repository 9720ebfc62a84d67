import { randomBytes } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from "node:fs";
import path from "node:path";

/** Where generated secrets live: git-ignored, next to the project, readable by web and workers. */
export const LOCAL_SECRETS_FILE = path.join(process.cwd(), ".local", "secrets.env");

function readSecretsFile(): Record<string, string> {
  if (!existsSync(LOCAL_SECRETS_FILE)) return {};
  const out: Record<string, string> = {};
  for (const line of readFileSync(LOCAL_SECRETS_FILE, "utf8").split("\n")) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    // First wins: two processes appending at once both settle on the earlier line.
    if (m && !(m[1] in out)) out[m[1]] = m[2];
  }
  return out;
}

/**
 * Returns each named secret: from the environment when set, else from the local secrets file,
 * generating and appending a random one on first use. Several processes may start at once, so the
 * file is created exclusively and re-read after writing.
 */
export function loadLocalSecrets<K extends string>(
  names: readonly K[],
  env: Partial<Record<string, unknown>>,
): Record<K, string> {
  const result = {} as Record<K, string>;
  let fromFile = readSecretsFile();
  const missing = names.filter((n) => !env[n] && !fromFile[n]);
  if (missing.length > 0) {
    mkdirSync(path.dirname(LOCAL_SECRETS_FILE), { recursive: true, mode: 0o700 });
    const fd = openSync(LOCAL_SECRETS_FILE, "a", 0o600);
    try {
      for (const name of missing) writeSync(fd, `${name}=${randomBytes(32).toString("hex")}\n`);
    } finally {
      closeSync(fd);
    }
    fromFile = readSecretsFile();
  }
  for (const name of names) {
    const fromEnv = env[name];
    result[name] = typeof fromEnv === "string" && fromEnv ? fromEnv : fromFile[name];
  }
  return result;
}
