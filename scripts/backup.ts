// `npm run backup [-- --out <dir>]`: the database (pg_dump custom format) and the attachment store,
// with a checksum manifest, into a new directory (default backups/<date-time>). See README "生产部署".
import path from "node:path";
import { createBackup } from "../lib/backup/backup";
import { getStorage } from "../lib/attachments/get-storage";
import { getEnv } from "../lib/config/env";

const args = process.argv.slice(2);
const at = args.indexOf("--out");
const stamp = new Date().toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
const outDir = at >= 0 && args[at + 1] ? args[at + 1] : path.join("backups", stamp);
try {
  await createBackup({ databaseUrl: getEnv().DATABASE_URL, storage: getStorage(), outDir, log: (l) => console.log(l) });
  console.log(`备份已写入 ${path.resolve(outDir)}。恢复：npm run restore -- --from ${path.resolve(outDir)}`);
  process.exit(0);
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}
