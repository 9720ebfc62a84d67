import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, existsSync } from "node:fs";
import { mkdir, readFile, readdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { sha256Hex, type BlobStorage } from "../attachments/storage";
import { ensureDatabase } from "../db/migrate";

// A backup is a directory: database.dump (pg_dump custom format, one consistent snapshot), blobs/
// (the attachment store, content-addressed: ab/abcdef…), manifest.json and SHA256SUMS (checksums of
// every file, so `sha256sum -c SHA256SUMS` checks a copy by hand). The database is dumped first and
// the store copied after: blobs are written before the rows that name them and never changed, so
// every blob the dump refers to is in the copy.

export const BACKUP_FORMAT = "sibaoshan-backup/1";

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  database: { file: string; sha256: string; bytes: number; pgDump: string; lastMigration: string | null };
  blobs: { count: number; bytes: number; keys: string[] };
}

type Log = (line: string) => void;

function runTool(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (c) => (out += c));
    child.stderr.on("data", (c) => (err += c));
    child.on("error", (e) =>
      reject(new Error(`无法运行 ${cmd}（${(e as Error).message}）。请安装 PostgreSQL 客户端：apt-get install -y postgresql-client`)),
    );
    child.on("exit", (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} 失败（退出码 ${code}）：${err.trim().slice(-1500)}`))));
  });
}

async function fileSha256(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

const blobPath = (dir: string, key: string) => path.join(dir, "blobs", key.slice(0, 2), key);

async function lastMigration(databaseUrl: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const r = await client.query(`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL ORDER BY migration_name DESC LIMIT 1`);
    return r.rows[0]?.migration_name ?? null;
  } catch {
    return null;
  } finally {
    await client.end();
  }
}

/** Writes a backup of the database and the attachment store into `outDir` (which must not exist or be empty). */
export async function createBackup(opts: { databaseUrl: string; storage: BlobStorage; outDir: string; log?: Log }): Promise<BackupManifest> {
  const log = opts.log ?? (() => undefined);
  const outDir = path.resolve(opts.outDir);
  if (existsSync(outDir) && (await readdir(outDir)).length > 0) throw new Error(`备份目录 ${outDir} 不是空目录，请指定新的目录。`);
  await mkdir(path.join(outDir, "blobs"), { recursive: true });

  const dumpFile = path.join(outDir, "database.dump");
  const pgDump = (await runTool("pg_dump", ["--version"])).trim();
  log(`正在导出数据库（${pgDump}）…`);
  await runTool("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", `--file=${dumpFile}`, `--dbname=${opts.databaseUrl}`]);
  const database = {
    file: "database.dump",
    sha256: await fileSha256(dumpFile),
    bytes: (await stat(dumpFile)).size,
    pgDump,
    lastMigration: await lastMigration(opts.databaseUrl),
  };

  log("正在复制附件存储…");
  const keys: string[] = [];
  let bytes = 0;
  for await (const key of opts.storage.keys()) {
    const data = await opts.storage.get(key); // get() checks the bytes against the key
    if (!data) continue; // removed meanwhile
    await mkdir(path.dirname(blobPath(outDir, key)), { recursive: true });
    await writeFile(blobPath(outDir, key), data);
    keys.push(key);
    bytes += data.length;
  }
  keys.sort();
  const manifest: BackupManifest = { format: BACKUP_FORMAT, createdAt: new Date().toISOString(), database, blobs: { count: keys.length, bytes, keys } };
  await writeFile(path.join(outDir, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
  const sums = [`${database.sha256}  database.dump`, ...keys.map((k) => `${k}  blobs/${k.slice(0, 2)}/${k}`)];
  await writeFile(path.join(outDir, "SHA256SUMS"), sums.join("\n") + "\n");
  log(`备份完成：数据库 ${database.bytes} 字节，附件 ${keys.length} 个（${bytes} 字节）。`);
  return manifest;
}

/** Reads the manifest and checks every checksum; throws with a zh-CN list of problems. */
export async function verifyBackup(fromDir: string): Promise<BackupManifest> {
  const dir = path.resolve(fromDir);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(await readFile(path.join(dir, "manifest.json"), "utf8")) as BackupManifest;
  } catch {
    throw new Error(`${dir} 中没有可读的 manifest.json，不是本平台的备份目录。`);
  }
  if (manifest.format !== BACKUP_FORMAT) throw new Error(`不支持的备份格式：${String(manifest.format)}`);
  const problems: string[] = [];
  const dumpFile = path.join(dir, manifest.database.file);
  if (!existsSync(dumpFile)) problems.push("缺少 database.dump");
  else if ((await fileSha256(dumpFile)) !== manifest.database.sha256) problems.push("database.dump 的校验和与清单不符");
  for (const key of manifest.blobs.keys) {
    const file = blobPath(dir, key);
    if (!existsSync(file)) problems.push(`缺少附件 ${key}`);
    else if ((await fileSha256(file)) !== key) problems.push(`附件 ${key} 的内容与校验和不符`);
    if (problems.length > 20) break;
  }
  if (problems.length) throw new Error(`备份校验未通过：\n${problems.join("\n")}`);
  return manifest;
}

async function databaseIsEmpty(databaseUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const r = await client.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`);
    return r.rows[0].n === 0;
  } finally {
    await client.end();
  }
}

/**
 * Restores a verified backup into an empty database (created when missing) and an attachment store.
 * Refuses a database that already has tables: a restore never mixes with live data.
 */
export async function restoreBackup(opts: { databaseUrl: string; storage: BlobStorage; fromDir: string; log?: Log }): Promise<BackupManifest> {
  const log = opts.log ?? (() => undefined);
  const dir = path.resolve(opts.fromDir);
  log("正在校验备份…");
  const manifest = await verifyBackup(dir);
  await ensureDatabase(opts.databaseUrl);
  if (!(await databaseIsEmpty(opts.databaseUrl))) {
    throw new Error("目标数据库不是空库。恢复只写入空数据库：请新建一个数据库（或确认后删除原库）再恢复。");
  }
  log("正在恢复附件存储…");
  for (const key of manifest.blobs.keys) {
    const data = await readFile(blobPath(dir, key));
    if (sha256Hex(data) !== key) throw new Error(`附件 ${key} 的内容与校验和不符`);
    await opts.storage.put(data);
  }
  log("正在恢复数据库…");
  await runTool("pg_restore", ["--exit-on-error", "--no-owner", "--no-privileges", `--dbname=${opts.databaseUrl}`, path.join(dir, manifest.database.file)]);
  log(`恢复完成：附件 ${manifest.blobs.count} 个，数据库截至迁移 ${manifest.database.lastMigration ?? "（未知）"}。`);
  return manifest;
}
