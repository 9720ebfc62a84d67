import type { Db } from "../db/client";

/** The office's notice boards (宣传栏、公示公开栏) for the demo: the office lobby and the communities. */
export const DEMO_BOARDS: readonly { name: string; location: string; categoryCodes: readonly string[] | "all" }[] = [
  { name: "党政办公室一楼大厅公开栏", location: "四宝山街道办事处办公楼一楼大厅", categoryCodes: "all" },
  // Community boards carry what residents act on: social assistance, emergencies, other notices.
  { name: "北石社区公示栏", location: "北石社区居委会门前", categoryCodes: ["msbz", "yjgl", "qtxx"] },
  { name: "四宝山社区公示栏", location: "四宝山社区居委会门前", categoryCodes: ["msbz", "yjgl", "qtxx"] },
  { name: "花园社区公示栏", location: "花园社区党群服务中心门前", categoryCodes: ["msbz", "yjgl", "qtxx"] },
  { name: "柳杭社区公示栏", location: "柳杭社区居委会门前", categoryCodes: ["msbz", "yjgl", "qtxx"] },
];

/**
 * Idempotent like the rest of the seed: boards are matched by name, and a board that already
 * exists keeps whatever staff changed (location, defaults, active).
 */
export async function seedBoards(db: Db, organisationId: string): Promise<number> {
  let created = 0;
  const topLevel = await db.category.findMany({ where: { organisationId, parentId: null }, select: { id: true, code: true } });
  for (const [i, b] of DEMO_BOARDS.entries()) {
    if (await db.board.findUnique({ where: { name: b.name } })) continue;
    const categories = b.categoryCodes === "all" ? topLevel : topLevel.filter((c) => (b.categoryCodes as readonly string[]).includes(c.code));
    await db.board.create({
      data: {
        name: b.name,
        location: b.location,
        sortOrder: i,
        defaults: { create: categories.map((c) => ({ categoryId: c.id })) },
      },
    });
    created++;
  }
  return created;
}
