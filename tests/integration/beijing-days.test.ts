import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../lib/db/client";
import { seedDemo } from "../../lib/seed/seed-demo";
import { loadSessionUser } from "../../lib/auth/sign-in";
import type { SessionUser } from "../../lib/auth/roles";
import { approveItem, createItem, signOffItem, submitItem, withdrawItem, type ItemActor } from "../../lib/items/item-commands";
import { getPublicItem, latestPublicItems, listPublicItems } from "../../lib/portal/public-items";
import { loadPublishedItemDTO } from "../../lib/channels/load-item";
import { beijingDay, beijingDayCn, dateColumnDay } from "../../lib/portal/public-dates";
import { toDistrictPayload } from "../../lib/channels/district/to-district-payload";

// Every date shown, stored as a day or put in a file is the Beijing day: an item published at 00:30
// Beijing time (16:30 UTC the day before) and one at 23:30 (15:30 UTC the same day) both carry the
// Beijing date on the item page, the lists, the channel payload and the sheet.

const db = createDb(process.env.DATABASE_URL);
const users: Record<string, SessionUser> = {};
const actor = (name: string, now?: Date): ItemActor => ({ user: users[name], ip: "127.0.0.1", now });
let econ: string;
let category: string;

async function publishAt(title: string, now: Date) {
  const staff = actor("staff", new Date(now.getTime() - 3 * 3600_000));
  const item = await createItem(db, staff, {
    title,
    summary: "公开本街道2026年春季植树绿化活动的时间、地点和参加办法。",
    bodyHtml: "<p>定于三月上旬在柳杭社区开展春季义务植树活动，欢迎居民参加。</p>",
    categoryId: category,
    departmentId: econ,
    generatedDate: "2026-03-01",
    topic: "综合政务",
  });
  await submitItem(db, staff, item.id);
  await signOffItem(db, actor("head", new Date(now.getTime() - 2 * 3600_000)), item.id);
  await approveItem(db, actor("reviewer", now), item.id);
  return item.id;
}

beforeAll(async () => {
  await seedDemo(db);
  for (const u of await db.user.findMany()) users[u.username] = (await loadSessionUser(db, u.id))!;
  econ = (await db.department.findFirstOrThrow({ where: { code: "jjfz" } })).id;
  category = (await db.category.findFirstOrThrow({ where: { code: "tjsj" } })).id;
});

afterAll(async () => {
  await db.$disconnect();
});

describe("the Beijing day of a publication", () => {
  const cases = [
    { label: "00:30 Beijing time", at: new Date("2026-03-01T16:30:00Z"), day: "2026-03-02" },
    { label: "23:30 Beijing time", at: new Date("2026-03-02T15:30:00Z"), day: "2026-03-02" },
  ];

  for (const c of cases) {
    it(`an item published at ${c.label} shows ${c.day} everywhere`, async () => {
      const id = await publishAt(`四宝山街道2026年春季义务植树活动安排（${c.label}）`, c.at);

      // The item page: 发布日期 from the stored instant; 生成日期 from its DATE column unchanged.
      const found = (await getPublicItem(db, id))!;
      expect(found.item.firstPublishedAt!.toISOString()).toBe(c.at.toISOString());
      expect(beijingDay(found.item.firstPublishedAt)).toBe(c.day);
      expect(beijingDayCn(found.item.firstPublishedAt!)).toBe("2026年3月2日");
      expect(dateColumnDay(found.current.generatedDate)).toBe("2026-03-01");

      // The lists.
      const row = (await listPublicItems(db, { categoryIds: [category], pageSize: 10_000 })).rows.find((r) => r.id === id)!;
      expect(beijingDay(row.publishedAt)).toBe(c.day);
      expect(row.generatedDate).toBe("2026-03-01");
      const latest = (await latestPublicItems(db, 5_000)).find((r) => r.id === id)!;
      expect(beijingDay(latest.publishedAt)).toBe(c.day);

      // What goes to the channels and onto the board sheet.
      const versionId = (await db.itemVersion.findFirstOrThrow({ where: { itemId: id, number: 1 } })).id;
      const dto = await loadPublishedItemDTO(db, versionId, { baseUrl: "https://gk.example.gov.cn" });
      expect(dto.publishedAt.slice(0, 10)).toBe(c.day);
      expect(dto.publishedAt.endsWith("+08:00")).toBe(true);
      const payload = toDistrictPayload(dto, { attachmentContents: new Map() });
      expect(payload.generatedDate).toBe("2026-03-01");
      expect(payload.publishedAt.slice(0, 10)).toBe(c.day);

      // A withdrawal at the same hour a day later is dated by its Beijing day too.
      const withdrawnAt = new Date(c.at.getTime() + 86_400_000);
      await withdrawItem(db, actor("reviewer", withdrawnAt), id, "活动时间调整，另行通知");
      const gone = (await getPublicItem(db, id))!;
      expect(beijingDay(gone.item.withdrawnAt)).toBe("2026-03-03");
    });
  }
});
