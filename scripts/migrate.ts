import { getEnv } from "../lib/config/env";
import { ensureDatabase, migrate } from "../lib/db/migrate";

const url = getEnv().DATABASE_URL;
const created = await ensureDatabase(url);
if (created) console.log(`已创建数据库 ${new URL(url).pathname.slice(1)}`);
const result = await migrate(url);
console.log(`数据库迁移完成：新应用 ${result.applied.length} 个，已有 ${result.skipped.length} 个。`);
