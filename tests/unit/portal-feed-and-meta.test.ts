import { DOMParser } from "@xmldom/xmldom";
import { describe, expect, it } from "vitest";
import { buildAtomFeed, itemEntryId, xmlEscape } from "../../lib/portal/atom-feed";
import { catalogueViewPath, parseCatalogueView } from "../../lib/portal/catalogue-view";
import { defaultSiteSettings, formatPubDate, platformMeta } from "../../lib/portal/site-settings";
import { parseListQuery } from "../../lib/portal/open-data";
import { robotsTxt } from "../../lib/portal/sitemap";

const ATOM = "http://www.w3.org/2005/Atom";

describe("buildAtomFeed", () => {
  const feed = buildAtomFeed({
    id: "http://localhost:3000/feed",
    title: "四宝山街道办事处政府信息公开",
    selfUrl: "http://localhost:3000/feed",
    htmlUrl: "http://localhost:3000/",
    author: "四宝山街道办事处",
    fallbackUpdated: new Date("2026-01-01T00:00:00Z"),
    entries: [
      {
        id: itemEntryId("localhost:3000", new Date("2026-03-01T02:00:00Z"), "11370300MB28513644/2026-00001"),
        title: "关于“A&B”<通知>",
        url: "http://localhost:3000/items/abc",
        published: new Date("2026-03-01T02:00:00Z"),
        updated: new Date("2026-03-05T02:00:00Z"),
        summary: "含控制字符\u0001的概述",
        author: "四宝山街道办事处党政办公室",
        category: { term: "tjsj", label: "统计数据" },
      },
    ],
  });
  const doc = new DOMParser({ errorHandler: { error: (m: string) => { throw new Error(m); }, fatalError: (m: string) => { throw new Error(m); } } }).parseFromString(feed, "application/xml");

  it("is well-formed Atom with the feed's id, title, self link and newest updated", () => {
    const root = doc.documentElement!;
    expect(root.namespaceURI).toBe(ATOM);
    expect(root.getElementsByTagNameNS(ATOM, "id")[0].textContent).toBe("http://localhost:3000/feed");
    expect(root.getElementsByTagNameNS(ATOM, "updated")[0].textContent).toBe("2026-03-05T02:00:00.000Z");
  });

  it("gives each entry a permanent tag: id, dates, link, escaped title and clean summary", () => {
    const entry = doc.getElementsByTagNameNS(ATOM, "entry")[0];
    expect(entry.getElementsByTagNameNS(ATOM, "id")[0].textContent).toBe("tag:localhost,2026:items/11370300MB28513644/2026-00001");
    expect(entry.getElementsByTagNameNS(ATOM, "title")[0].textContent).toBe("关于“A&B”<通知>");
    expect(entry.getElementsByTagNameNS(ATOM, "published")[0].textContent).toBe("2026-03-01T02:00:00.000Z");
    expect(entry.getElementsByTagNameNS(ATOM, "link")[0].getAttribute("href")).toBe("http://localhost:3000/items/abc");
    expect(entry.getElementsByTagNameNS(ATOM, "summary")[0].textContent).toBe("含控制字符的概述");
    expect(entry.getElementsByTagNameNS(ATOM, "category")[0].getAttribute("label")).toBe("统计数据");
  });

  it("uses the fallback date when there are no entries", () => {
    const empty = buildAtomFeed({ id: "x", title: "t", selfUrl: "s", htmlUrl: "h", author: "a", entries: [], fallbackUpdated: new Date("2026-01-01T00:00:00Z") });
    expect(empty).toContain("<updated>2026-01-01T00:00:00.000Z</updated>");
  });

  it("escapes XML's five special characters", () => {
    expect(xmlEscape(`<a href="x">'&'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;");
  });
});

describe("platformMeta", () => {
  const site = defaultSiteSettings("四宝山街道办事处", "https://gk.example.gov.cn");

  it("puts SiteName, SiteDomain and SiteIDCode on every page", () => {
    expect(platformMeta(site)).toEqual({ SiteName: "四宝山街道办事处政务公开", SiteDomain: "gk.example.gov.cn", SiteIDCode: "3703000000" });
  });

  it("adds the Column* tags on list pages", () => {
    const meta = platformMeta(site, { column: { name: "统计数据", description: "", keywords: ["统计信息"] } });
    expect(meta.ColumnName).toBe("统计数据");
    expect(meta.ColumnDescription).toBe("四宝山街道办事处政务公开统计数据栏目");
    expect(meta.ColumnKeywords.split(",")).toEqual(expect.arrayContaining(["统计数据", "统计信息", "政府信息公开"]));
    expect(meta.ColumnType).toBe("政务公开");
    expect(meta.ArticleTitle).toBeUndefined();
  });

  it("adds ArticleTitle, PubDate (China time) and ContentSource on item pages", () => {
    const meta = platformMeta(site, { article: { title: "部门预算", publishedAt: new Date("2026-02-14T02:00:00Z"), source: "四宝山街道办事处财政所" } });
    expect(meta).toMatchObject({ ArticleTitle: "部门预算", PubDate: "2026-02-14 10:00", ContentSource: "四宝山街道办事处财政所" });
    expect(formatPubDate(new Date("2026-12-31T16:30:00Z"))).toBe("2027-01-01 00:30");
  });
});

describe("catalogue views as paths", () => {
  it("round-trips year, department and page", () => {
    const view = { year: 2026, dept: "jjfz", page: 3 };
    const path = catalogueViewPath("tjsj", view);
    expect(path).toBe("/catalogue/tjsj/year-2026/dept-jjfz/page-3");
    expect(parseCatalogueView(path.split("/").slice(3))).toEqual(view);
    expect(catalogueViewPath("tjsj", { page: 1 })).toBe("/catalogue/tjsj");
    expect(parseCatalogueView([])).toEqual({ page: 1 });
  });

  it("refuses anything else, including a repeated or out-of-order part", () => {
    for (const bad of [["2026"], ["page-0"], ["page-2", "year-2026"], ["year-2026", "year-2025"], ["dept-../x"], ["whatever"]]) {
      expect(parseCatalogueView(bad)).toBeNull();
    }
  });
});

describe("open-data list parameters", () => {
  it("has defaults and converts numbers", () => {
    expect(parseListQuery(new URLSearchParams(""))).toMatchObject({ page: 1, pageSize: 20, includeWithdrawn: "false" });
    expect(parseListQuery(new URLSearchParams("page=2&pageSize=50&year=2026&category=tjsj"))).toMatchObject({ page: 2, pageSize: 50, year: 2026, category: "tjsj" });
  });

  it("refuses unknown parameters and bad values with zh-CN messages", () => {
    expect(() => parseListQuery(new URLSearchParams("pagesize=5"))).toThrow("不支持的参数：pagesize");
    expect(() => parseListQuery(new URLSearchParams("pageSize=500"))).toThrow("pageSize 须为 1–100 的整数");
    expect(() => parseListQuery(new URLSearchParams("updatedSince=yesterday"))).toThrow("updatedSince");
  });
});

describe("robots.txt", () => {
  it("keeps crawlers out of the console, search and tracking, and names the sitemap", () => {
    const txt = robotsTxt("https://gk.example.gov.cn");
    expect(txt).toContain("Disallow: /console");
    expect(txt).toContain("Disallow: /search");
    expect(txt).toContain("Sitemap: https://gk.example.gov.cn/sitemap.xml");
  });
});
