// Runs nginx (Debian's nginx-light) with the deployed front-cache configuration, deploy/nginx/
// sibaoshan-portal.conf, for the cache test and the benchmark. Only the marked values of that file are
// replaced (listen port, upstream servers, cache directory), so what is tested is what is deployed.
// Node built-ins only: Playwright's loader imports this file too.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

export const NGINX_BIN = process.env.NGINX_PATH || "/usr/sbin/nginx";
export const NGINX_INSTALL = "apt-get install -y nginx-light";
const SITE_CONF = path.resolve(import.meta.dirname, "../../deploy/nginx/sibaoshan-portal.conf");

/** Installs nginx-light as root where it is missing; returns null when nginx is there, else what to run. */
export function ensureNginx(): string | null {
  if (existsSync(NGINX_BIN)) return null;
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !existsSync("/usr/bin/apt-get")) return `缺少 nginx。请以 root 运行：apt-get update && ${NGINX_INSTALL}`;
  console.log(`正在安装 nginx：${NGINX_INSTALL}`);
  spawnSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
  const r = spawnSync("sh", ["-c", `DEBIAN_FRONTEND=noninteractive ${NGINX_INSTALL}`], { stdio: "inherit" });
  return r.status === 0 && existsSync(NGINX_BIN) ? null : `安装 nginx 失败，请手动运行：apt-get update && ${NGINX_INSTALL}`;
}

export interface FrontCacheOptions {
  /** Port of the front cache (127.0.0.1). */
  port: number;
  /** Ports of the web processes behind it. */
  upstreamPorts: number[];
  /** An extra server on this port serving `staticDir` as plain files (the benchmark's baseline). */
  staticPort?: number;
  /** nginx worker processes; default "auto". */
  workers?: number | "auto";
}

function replaceOnce(text: string, pattern: RegExp, replacement: string): string {
  if (!pattern.test(text)) throw new Error(`deploy/nginx/sibaoshan-portal.conf no longer contains ${pattern}`);
  return text.replace(pattern, replacement);
}

/** The site configuration with the test's ports and cache directory in place of the deployed ones. */
export function siteConfig(opts: FrontCacheOptions, cacheDir: string): string {
  let conf = readFileSync(SITE_CONF, "utf8");
  conf = replaceOnce(conf, /^\s*server 127\.0\.0\.1:3000;$/m, opts.upstreamPorts.map((p) => `    server 127.0.0.1:${p};`).join("\n"));
  conf = replaceOnce(conf, /^(\s*)listen 80;$/m, `$1listen 127.0.0.1:${opts.port};`);
  conf = replaceOnce(conf, /proxy_cache_path \/var\/cache\/nginx\/sibaoshan /, `proxy_cache_path ${cacheDir} `);
  return conf;
}

export interface FrontCache {
  url: string;
  staticUrl?: string;
  /** Where the static server's files go (readable by nginx's workers). */
  staticDir: string;
  stop(): Promise<void>;
}

/**
 * Starts nginx in the foreground with a configuration of its own under /tmp/sibaoshan-nginx-<port>
 * (world-traversable, owned by www-data when running as root: nginx's workers run as that user and
 * must reach the cache directory and every folder above it).
 */
export async function startFrontCache(opts: FrontCacheOptions): Promise<FrontCache> {
  const problem = ensureNginx();
  if (problem) throw new Error(problem);
  const dir = `/tmp/sibaoshan-nginx-${opts.port}`;
  rmSync(dir, { recursive: true, force: true });
  for (const sub of ["", "cache", "temp", "static"]) mkdirSync(path.join(dir, sub), { recursive: true, mode: 0o755 });
  chmodSync(dir, 0o755);
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const id = spawnSync("id", ["-u", "www-data"], { encoding: "utf8" });
    const gid = spawnSync("id", ["-g", "www-data"], { encoding: "utf8" });
    if (id.status === 0) for (const sub of ["cache", "temp", "static"]) chownSync(path.join(dir, sub), Number(id.stdout), Number(gid.stdout));
  }
  const staticServer = opts.staticPort
    ? `server {\n    listen 127.0.0.1:${opts.staticPort};\n    root ${dir}/static;\n    gzip on;\n    gzip_types text/css application/javascript application/json text/x-component;\n    location / { default_type text/html; try_files $uri $uri.html =404; }\n}\n`
    : "";
  const conf = [
    asRoot ? "user www-data;" : "",
    `worker_processes ${opts.workers ?? "auto"};`,
    "daemon off;",
    `pid ${dir}/nginx.pid;`,
    `error_log ${dir}/error.log warn;`,
    "events { worker_connections 4096; }",
    "http {",
    "    include /etc/nginx/mime.types;",
    "    default_type application/octet-stream;",
    "    access_log off;",
    "    sendfile on;",
    "    tcp_nopush on;",
    "    keepalive_timeout 65;",
    "    keepalive_requests 100000;",
    ...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((t) => `    ${t}_temp_path ${dir}/temp/${t};`),
    siteConfig(opts, `${dir}/cache`),
    staticServer,
    "}",
  ].join("\n");
  writeFileSync(path.join(dir, "nginx.conf"), conf);
  const check = spawnSync(NGINX_BIN, ["-t", "-q", "-p", dir, "-c", path.join(dir, "nginx.conf")], { encoding: "utf8" });
  if (check.status !== 0) throw new Error(`nginx 配置检查未通过：${check.stderr}`);
  const child: ChildProcess = spawn(NGINX_BIN, ["-p", dir, "-c", path.join(dir, "nginx.conf")], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (c: Buffer) => (stderr += c.toString()));
  const url = `http://127.0.0.1:${opts.port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx 未能启动：${stderr}${readLog(dir)}`);
    try {
      await fetch(`${url}/_nginx_probe`, { signal: AbortSignal.timeout(1000) });
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`nginx 未在 10 秒内开始监听：${stderr}${readLog(dir)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    staticUrl: opts.staticPort ? `http://127.0.0.1:${opts.staticPort}` : undefined,
    staticDir: path.join(dir, "static"),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => {
          rmSync(dir, { recursive: true, force: true });
          resolve();
        });
        child.kill("SIGQUIT");
        setTimeout(() => child.kill("SIGKILL"), 5000).unref();
      }),
  };
}

function readLog(dir: string): string {
  try {
    return readFileSync(path.join(dir, "error.log"), "utf8").slice(-2000);
  } catch {
    return "";
  }
}
