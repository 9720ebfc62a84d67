// `npm run restore -- --from <dir>`: checks a backup's checksums, then restores it into an empty
// database (DATABASE_URL, created when missing) and the configured attachment store.
import { restoreBackup } from "../lib/backup/backup";
import { getStorage } from "../lib/attachments/get-storage";
import { getEnv } from "../lib/config/env";

const args = process.argv.slice(2);
const at = args.indexOf("--from");
if (at < 0 || !args[at + 1]) {
  console.error("用法：npm run restore -- --from <备份目录>（目标数据库须为空库，见 DATABASE_URL）");
  process.exit(2);
}
try {
  await restoreBackup({ databaseUrl: getEnv().DATABASE_URL, storage: getStorage(), fromDir: args[at + 1], log: (l) => console.log(l) });
  console.log("恢复完成。请运行 npm run db:migrate（若备份早于当前版本）后再启动网站和 workers。");
  process.exit(0);
} catch (e) {
  console.error((e as Error).message);
  process.exit(1);
}
