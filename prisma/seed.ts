import { getDb } from "../lib/db/client";
import { seedDemo } from "../lib/seed/seed-demo";

const db = getDb();
const { created } = await seedDemo(db);
console.log(created ? `演示数据已写入（新增 ${created} 条）。` : "演示数据已存在，未作改动。");
await db.$disconnect();
