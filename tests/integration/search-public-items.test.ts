import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../lib/db/client";
import { seedDemo } from "../../lib/seed/seed-demo";
import { loadSessionUser } from "../../lib/auth/sign-in";
import type { SessionUser } from "../../lib/auth/roles";
import { approveItem, createItem, reviseItem, signOffItem, submitItem, updateItemDraft, withdrawItem, type ItemActor } from "../../lib/items/item-commands";
import { searchPublicItems, type SearchHit } from "../../lib/search/search-public-items";
import { syncStalePublicItems } from "../../lib/search/sync-public-item";

const db = createDb(process.env.DATABASE_URL);
const users: Record<string, SessionUser> = {};
const ids: Record<string, string> = {};
let categories: Map<string, string>;
let departments: Map<string, string>;
const actor = (name: string): ItemActor => ({ user: users[name], ip: "127.0.0.1" });
const text = (parts: SearchHit["title"]) => parts.map((p) => p.text).join("");

async function publish(key: string, input: { title: string; summary: string; body: string; category: string; generatedDate: string; dept?: string }) {
  const dept = input.dept ?? "jjfz";
  const who = dept === "jjfz" ? { staff: "staff", head: "head" } : { staff: "staff2", head: "head2" };
  const item = await createItem(db, actor(who.staff), {
    title: input.title,
    summary: input.summary,
    bodyHtml: `<p>${input.body}</p>`,
    categoryId: categories.get(input.category),
    departmentId: departments.get(dept),
    generatedDate: input.generatedDate,
    topic: "综合政务",
  });
  await submitItem(db, actor(who.staff), item.id);
  await signOffItem(db, actor(who.head), item.id);
  await approveItem(db, actor("reviewer"), item.id);
  ids[key] = item.id;
  return item.id;
}

const found = async (q: string, extra: Partial<Parameters<typeof searchPublicItems>[1]> = {}) =>
  (await searchPublicItems(db, { q, pageSize: 50, ...extra })).hits.map((h) => h.itemId);

beforeAll(async () => {
  await seedDemo(db);
  for (const u of await db.user.findMany()) users[u.username] = (await loadSessionUser(db, u.id))!;
  categories = new Map((await db.category.findMany()).map((c) => [c.code, c.id]));
  departments = new Map((await db.department.findMany()).map((d) => [d.code, d.id]));
  await publish("report2017", {
    title: "四宝山街道办事处2017年政府信息公开工作年度报告",
    summary: "四宝山街道办事处2017年政府信息公开工作情况，包括主动公开、依申请公开、收费及减免、复议诉讼等。",
    body: "本报告根据《中华人民共和国政府信息公开条例》要求编制。2017年共主动公开政府信息10条。",
    category: "nb",
    generatedDate: "2018-01-20",
  });
  await publish("report2018", {
    title: "四宝山街道办事处2018年政府信息公开工作年度报告",
    summary: "四宝山街道办事处2018年政府信息公开工作情况。",
    body: "本报告根据《中华人民共和国政府信息公开条例》要求编制。",
    category: "nb",
    generatedDate: "2019-01-25",
  });
  await publish("dibao", {
    title: "四宝山街道2026年第三季度城乡居民最低生活保障资金发放情况",
    summary: "公开本街道2026年第三季度城乡低保资金发放户数、人数和金额。",
    body: "2026年第三季度，街道共发放城乡居民最低生活保障资金186.4万元，惠及困难群众412户。",
    category: "tjsj",
    generatedDate: "2026-10-09",
    dept: "shsw",
  });
  await publish("baoshanqu", {
    title: "学习借鉴宝山区社区治理经验的情况通报",
    summary: "组织社区书记赴宝山区学习社区网格化治理经验。",
    body: "学习期间，参观了宝山区多个社区的党群服务中心。",
    category: "qt",
    generatedDate: "2026-06-01",
  });
  await publish("withdrawn", {
    title: "四宝山街道关于北石社区道路维修的公告（已撤回）",
    summary: "北石社区道路维修施工安排。",
    body: "施工期间请过往车辆和行人注意绕行。",
    category: "qt",
    generatedDate: "2026-06-02",
  });
  await withdrawItem(db, actor("reviewer"), ids.withdrawn, "信息有误，需重新核实");
});
afterAll(() => db.$disconnect());

describe("searchPublicItems", () => {
  it('finds the annual reports for "信息公开"', async () => {
    const hits = await found("信息公开");
    expect(hits).toContain(ids.report2017);
    expect(hits).toContain(ids.report2018);
  });

  it('finds the office\'s items for both "宝山" and "四宝山", and 宝山区 only for "宝山"', async () => {
    const baoshan = await found("宝山");
    const sibaoshan = await found("四宝山");
    for (const key of ["report2017", "dibao"]) {
      expect(baoshan).toContain(ids[key]);
      expect(sibaoshan).toContain(ids[key]);
    }
    expect(baoshan).toContain(ids.baoshanqu);
    expect(sibaoshan).not.toContain(ids.baoshanqu);
  });

  it("works for two-character queries", async () => {
    expect(await found("低保")).toContain(ids.dibao);
    expect(await found("年度")).toContain(ids.report2017);
  });

  it('understands a query mixing digits and Chinese ("2017年度报告"), also with full-width digits', async () => {
    const result = await searchPublicItems(db, { q: "2017年度报告" });
    expect(result.mode).toBe("fulltext");
    expect(result.hits[0]?.itemId).toBe(ids.report2017);
    expect(result.hits.map((h) => h.itemId)).not.toContain(ids.report2018);
    expect((await found("２０１７年度报告"))[0]).toBe(ids.report2017);
  });

  it("ranks a title match above a body-only match and highlights the words", async () => {
    const result = await searchPublicItems(db, { q: "社区治理" });
    expect(result.hits[0].itemId).toBe(ids.baoshanqu);
    expect(result.hits[0].title.some((p) => p.mark && p.text.includes("社区"))).toBe(true);
    const report = (await searchPublicItems(db, { q: "主动公开" })).hits.find((h) => h.itemId === ids.report2017)!;
    expect(report.snippet.filter((p) => p.mark).map((p) => p.text).join("")).toContain("主动公开");
  });

  it("searches body text", async () => {
    expect(await found("困难群众")).toContain(ids.dibao);
  });

  it("filters by category, department and year", async () => {
    expect(await found("四宝山", { categoryIds: [categories.get("nb")!] })).not.toContain(ids.dibao);
    expect(await found("四宝山", { categoryIds: [categories.get("nb")!] })).toContain(ids.report2017);
    expect(await found("四宝山", { departmentId: departments.get("shsw") })).toEqual([ids.dibao]);
    expect(await found("年度报告", { year: 2018 })).toEqual([ids.report2017]);
  });

  it("leaves withdrawn items out", async () => {
    expect(await found("道路维修")).not.toContain(ids.withdrawn);
  });

  it("falls back to substrings of titles when the words find nothing", async () => {
    const result = await searchPublicItems(db, { q: "山街" });
    expect(result.mode).toBe("substring");
    expect(result.hits.map((h) => h.itemId)).toContain(ids.dibao);
  });

  it("answers an empty or punctuation-only query with nothing, without touching the database's tsquery parser", async () => {
    expect((await searchPublicItems(db, { q: "  ！？ " })).mode).toBe("none");
    expect((await searchPublicItems(db, { q: "'\\&|!():*<>" })).mode).toBe("none");
  });

  it("shows a revision's new text only once it is published", async () => {
    await reviseItem(db, actor("staff2"), ids.dibao, "补充监督电话");
    const item = await db.item.findUniqueOrThrow({ where: { id: ids.dibao }, include: { versions: true } });
    const v1 = item.versions.find((v) => v.number === 1)!;
    await updateItemDraft(db, actor("staff2"), ids.dibao, {
      title: v1.title,
      summary: v1.summary,
      bodyHtml: "<p>监督电话：0533-3581234，监督信箱设在街道便民服务大厅。</p>",
      categoryId: item.categoryId,
      departmentId: item.departmentId,
      generatedDate: "2026-10-09",
      topic: "综合政务",
      changeNote: "补充监督电话",
    });
    expect(await found("监督信箱")).not.toContain(ids.dibao);
    await submitItem(db, actor("staff2"), ids.dibao);
    await signOffItem(db, actor("head2"), ids.dibao);
    await approveItem(db, actor("reviewer"), ids.dibao);
    expect(await found("监督信箱")).toContain(ids.dibao);
    expect(await found("困难群众")).not.toContain(ids.dibao);
  });

  it("for very common words ranks the newest title matches first, then body-only matches, with an estimated total", async () => {
    const limits = { exact: 1, candidates: 50 };
    const exact = await searchPublicItems(db, { q: "四宝山", pageSize: 50 });
    const approx = await searchPublicItems(db, { q: "四宝山", pageSize: 50, limits });
    expect(exact.approximate).toBe(false);
    expect(approx.approximate).toBe(true);
    expect(approx.total).toBeGreaterThan(1);
    expect(approx.hits.map((h) => h.itemId).sort()).toEqual(exact.hits.map((h) => h.itemId).sort());
    expect(approx.hits[0].itemId).toBe(exact.hits[0].itemId);
    // Title matches exhausted on the page: body-only matches fill it, newest first.
    const bodyOnly = await searchPublicItems(db, { q: "监督信箱", limits: { exact: 0, candidates: 50 } });
    expect(bodyOnly.approximate).toBe(true);
    expect(bodyOnly.hits.map((h) => h.itemId)).toContain(ids.dibao);
    // More title matches than candidates: the pages end with the candidates.
    const few = { exact: 1, candidates: 2 };
    const [p1, p2] = [await searchPublicItems(db, { q: "四宝山", pageSize: 1, limits: few }), await searchPublicItems(db, { q: "四宝山", pageSize: 1, page: 2, limits: few })];
    expect(p1.pages).toBe(2);
    expect(p2.hits).toHaveLength(1);
    expect(p2.hits[0].itemId).not.toBe(p1.hits[0].itemId);
  });

  it("repairs the read model for items published before it existed", async () => {
    await db.publicItem.delete({ where: { itemId: ids.report2018 } });
    expect(await found("2018")).not.toContain(ids.report2018);
    expect(await syncStalePublicItems(db)).toBeGreaterThanOrEqual(1);
    expect(await found("2018")).toContain(ids.report2018);
  });
});
