// Rebuilds the portal's read model (PublicItem) and its search tokens from the items.
//
//   npm run search:reindex            items missing from it or behind it (web processes do this at start)
//   npm run search:reindex -- --all   every published item again, e.g. after the local dictionary changed
import { parseArgs } from "node:util";
import { getDb } from "../lib/db/client";
import { syncStalePublicItems } from "../lib/search/sync-public-item";

const { values } = parseArgs({ options: { all: { type: "boolean", default: false } } });
const started = Date.now();
const db = getDb();
const written = await syncStalePublicItems(db, { all: values.all });
await db.$executeRawUnsafe(`ANALYZE "PublicItem"`);
await db.$disconnect();
console.log(`已更新 ${written} 条公开信息的索引，用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒。`);
