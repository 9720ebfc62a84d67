import { DOMParser } from "@xmldom/xmldom";
import Ajv2020 from "ajv/dist/2020";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../lib/db/client";
import { seedDemo } from "../../lib/seed/seed-demo";
import { loadSessionUser } from "../../lib/auth/sign-in";
import type { SessionUser } from "../../lib/auth/roles";
import { approveItem, createItem, signOffItem, submitItem, withdrawItem, type ItemActor } from "../../lib/items/item-commands";
import { getOpenItem, listOpenCategories, listOpenItems, parseListQuery } from "../../lib/portal/open-data";
import { openDataResponse } from "../../lib/portal/open-data-http";
import { openApiDocument } from "../../lib/portal/openapi";
import { renderFeed } from "../../lib/portal/feeds";
import { sitemapFileXml, sitemapIndexXml } from "../../lib/portal/sitemap";
import { listenForPortalChanges } from "../../lib/portal/change-listener";

const db = createDb(process.env.DATABASE_URL);
const users: Record<string, SessionUser> = {};
const actor = (name: string): ItemActor => ({ user: users[name], ip: "127.0.0.1" });
const published: { id: string; indexNo: string }[] = [];
let withdrawn: { id: string; indexNo: string };

// The OpenAPI document's schemas (JSON Schema 2020-12), with the formats it uses.
const doc = openApiDocument("http://localhost:3000");
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addFormat("date", /^\d{4}-\d{2}-\d{2}$/);
ajv.addFormat("date-time", (s: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)));
ajv.addFormat("uri", (s: string) => /^https?:\/\//.test(s) && URL.canParse(s));
ajv.addSchema({ $id: "https://open-data.test/openapi.json", components: doc.components });

type Doc = typeof doc;
function responseSchema(path: keyof Doc["paths"], status: string) {
  const op = (doc.paths[path] as { get: { responses: Record<string, { content: { "application/json": { schema: { $ref: string } } } }> } }).get;
  const ref = op.responses[status]?.content["application/json"].schema.$ref;
  if (!ref) throw new Error(`${path} ${status} is not documented`);
  return ajv.getSchema(`https://open-data.test/openapi.json${ref}`)!;
}
function expectValid(path: keyof Doc["paths"], status: string, body: unknown) {
  const validate = responseSchema(path, status);
  const ok = validate(body);
  expect(ok ? [] : validate.errors).toEqual([]);
}

async function publish(title: string, category: string, extra: Record<string, unknown> = {}) {
  const categoryId = (await db.category.findFirstOrThrow({ where: { code: category } })).id;
  const departmentId = (await db.department.findFirstOrThrow({ where: { code: "jjfz" } })).id;
  const item = await createItem(db, actor("staff"), {
    title,
    summary: `${title}的内容概述，供开放数据接口测试使用。`,
    bodyHtml: `<p>${title}。正文内容用于开放数据接口测试。</p>`,
    categoryId,
    departmentId,
    generatedDate: "2026-03-02",
    topic: "综合政务",
    documentNumber: "四宝山办发〔2026〕7号",
    ...extra,
  });
  const version = await db.itemVersion.findFirstOrThrow({ where: { itemId: item.id } });
  await db.itemAttachment.create({
    data: { versionId: version.id, name: "附件一.pdf", mime: "application/pdf", kind: "pdf", size: 2048, sha256: "0".repeat(64), originalSha256: "0".repeat(64), metadataStripped: true, textContent: "开放数据附件文字" },
  });
  await submitItem(db, actor("staff"), item.id);
  await signOffItem(db, actor("head"), item.id);
  const done = await approveItem(db, actor("reviewer"), item.id);
  return { id: item.id, indexNo: done.indexNo! };
}

beforeAll(async () => {
  await seedDemo(db);
  for (const u of await db.user.findMany()) users[u.username] = (await loadSessionUser(db, u.id))!;
  published.push(await publish("开放数据测试：2026年一季度统计数据", "tjsj"));
  published.push(await publish("开放数据测试：2026年部门预算", "czyjs"));
  withdrawn = await publish("开放数据测试：已撤回的通知", "tjsj");
  await withdrawItem(db, actor("reviewer"), withdrawn.id, "数据有误，重新核实后发布");
});
afterAll(() => db.$disconnect());

describe("open-data API against its OpenAPI document", () => {
  it("lists items in the documented shape, newest first, without withdrawn ones by default", async () => {
    const body = await listOpenItems(db, parseListQuery(new URLSearchParams("pageSize=100")));
    expectValid("/items", "200", body);
    const indexNos = body.data.map((d) => d.indexNo);
    for (const p of published) expect(indexNos).toContain(p.indexNo);
    expect(indexNos).not.toContain(withdrawn.indexNo);
  });

  it("filters by category (with sub-categories), department and year, and pages with links", async () => {
    const body = await listOpenItems(db, parseListQuery(new URLSearchParams("category=tjxx&department=jjfz&year=2026&pageSize=1&includeWithdrawn=true")));
    expectValid("/items", "200", body);
    expect(body.total).toBeGreaterThanOrEqual(2);
    expect(body.data[0].category.code).toBe("tjsj");
    expect(body.links.next).toContain("page=2");
    expect(body.links.prev).toBeNull();
  });

  it("includes withdrawn items with their reason when asked", async () => {
    const body = await listOpenItems(db, parseListQuery(new URLSearchParams("includeWithdrawn=true&pageSize=100")));
    expectValid("/items", "200", body);
    const w = body.data.find((d) => d.indexNo === withdrawn.indexNo)!;
    expect(w).toMatchObject({ status: "withdrawn", withdrawnReason: "数据有误，重新核实后发布" });
  });

  it("answers one item by its 索引号 with body, attachments and history", async () => {
    const body = await getOpenItem(db, published[0].indexNo);
    expectValid("/items/{prefix}/{serial}", "200", body);
    expect(body.attachments[0]).toMatchObject({ name: "附件一.pdf", mimeType: "application/pdf", size: 2048 });
    expect(body.history).toEqual([expect.objectContaining({ version: 1, changeNote: "首次发布" })]);
    expect(body.url).toMatch(new RegExp(`/items/${published[0].id}$`));
  });

  it("lists the categories with their counts", async () => {
    const body = await listOpenCategories(db);
    expectValid("/categories", "200", body);
    expect(body.data.find((c) => c.code === "tjsj")).toMatchObject({ parentCode: "tjxx", kind: "local" });
    expect(body.data.find((c) => c.code === "czyjs")!.itemCount).toBeGreaterThanOrEqual(1);
  });

  it("answers errors in the documented shape, in Chinese, never with internals", async () => {
    const notFound = await openDataResponse(() => getOpenItem(db, "NOPE/2026-99999"));
    expect(notFound.status).toBe(404);
    const body = await notFound.json();
    expectValid("/items/{prefix}/{serial}", "404", body);
    expect(body.error.message).toContain("未找到索引号");
    const bad = await openDataResponse(async () => parseListQuery(new URLSearchParams("page=0")));
    expect(bad.status).toBe(400);
    expectValid("/items", "400", await bad.json());
    const crash = await openDataResponse(async () => {
      throw new Error("connection refused at 10.0.0.5");
    });
    expect(crash.status).toBe(500);
    expect(JSON.stringify(await crash.json())).not.toContain("10.0.0.5");
  });
});

describe("Atom feeds and the sitemap", () => {
  const parse = (xml: string) => new DOMParser().parseFromString(xml, "application/xml");
  const ATOM = "http://www.w3.org/2005/Atom";

  it("puts new publications and withdrawals in the feed with ids and dates", async () => {
    const feed = parse((await renderFeed(db))!);
    const entries = Array.from(feed.getElementsByTagNameNS(ATOM, "entry"));
    expect(entries.length).toBeGreaterThanOrEqual(3);
    for (const e of entries) {
      expect(e.getElementsByTagNameNS(ATOM, "id")[0].textContent).toMatch(/^tag:localhost,\d{4}:items\//);
      expect(Date.parse(e.getElementsByTagNameNS(ATOM, "updated")[0].textContent!)).not.toBeNaN();
      expect(Date.parse(e.getElementsByTagNameNS(ATOM, "published")[0].textContent!)).not.toBeNaN();
    }
    const titles = entries.map((e) => e.getElementsByTagNameNS(ATOM, "title")[0].textContent);
    expect(titles).toContain("【已撤回】开放数据测试：已撤回的通知");
  });

  it("has a feed per category, and none for an unknown one", async () => {
    const xml = (await renderFeed(db, "czyjs"))!;
    expect(xml).toContain("开放数据测试：2026年部门预算");
    expect(xml).not.toContain("一季度统计数据");
    expect(await renderFeed(db, "nosuchcategory")).toBeNull();
  });

  it("lists every item page in the sitemap files named by the index", async () => {
    const index = await sitemapIndexXml(db, "http://localhost:3000");
    expect(index).toContain("http://localhost:3000/sitemaps/pages.xml");
    expect(index).toContain("http://localhost:3000/sitemaps/items-1.xml");
    const items = (await sitemapFileXml(db, "http://localhost:3000", "items-1"))!;
    for (const p of [...published, withdrawn]) expect(items).toContain(`http://localhost:3000/items/${p.id}`);
    expect(await sitemapFileXml(db, "http://localhost:3000", "items-999")).toBeNull();
  });
});

describe("listenForPortalChanges", () => {
  it("hears a publication when it commits, and nothing from a rolled-back one", async () => {
    const heard: string[][] = [];
    const listener = listenForPortalChanges({ connectionString: process.env.DATABASE_URL!, onChange: (r) => void heard.push(r), debounceMs: 10 });
    try {
      await expect.poll(() => listener.connected, { timeout: 5000 }).toBe(true);
      await db
        .$transaction(async (tx) => {
          await tx.publicItem.updateMany({ where: { itemId: published[0].id }, data: { title: "不会提交的标题" } });
          throw new Error("rollback");
        })
        .catch(() => undefined);
      await new Promise((r) => setTimeout(r, 300));
      expect(heard).toEqual([]);
      const started = Date.now();
      await publish("开放数据测试：监听发布", "qt");
      await expect.poll(() => heard.length, { timeout: 1000, interval: 10 }).toBeGreaterThan(0);
      expect(Date.now() - started).toBeLessThan(3000);
      expect(heard.flat()).toContain("PublicItem");
    } finally {
      await listener.stop();
    }
  });
});
