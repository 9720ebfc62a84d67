// Bulk data for load tests and search benchmarks (not demo data): N published items with realistic
// Chinese titles, summaries and bodies spread over the catalogue, the departments and the years
// 2008 to this one, written straight into Item, ItemVersion and the portal's PublicItem read model (with
// jieba tokens), in a database of its own — never the development one unless named explicitly.
//
//   npm run seed:bulk -- --items 100000 [--database-url postgresql://…/sibaoshan_bulk] [--reset] [--seed 7]
//
// About 1 % of the items are withdrawn. The whole run takes a minute or two for 100,000 items.
import { parseArgs } from "node:util";
import pg from "pg";
import { createDb } from "../lib/db/client";
import { dropDatabase, ensureDatabase, migrate } from "../lib/db/migrate";
import { seedDemo } from "../lib/seed/seed-demo";
import { DEMO_COMMUNITIES } from "../lib/search/local-dictionary";
import { tokensForIndex } from "../lib/search/segmenter";
import { loadDepartmentWords } from "../lib/search/sync-public-item";
import { TOPICS } from "../lib/items/item-input";

const { values } = parseArgs({
  options: {
    items: { type: "string", default: "100000" },
    "database-url": { type: "string", default: "postgresql://postgres@127.0.0.1:5432/sibaoshan_bulk" },
    reset: { type: "boolean", default: false },
    seed: { type: "string", default: "7" },
    batch: { type: "string", default: "2000" },
  },
});
const N = Number(values.items);
const BATCH = Number(values.batch);
const databaseUrl = values["database-url"]!;
if (!Number.isInteger(N) || N < 1 || N > 2_000_000) throw new Error("--items 须为 1 至 2000000 之间的整数");

// Deterministic, so two runs with the same seed produce the same data (mulberry32).
let state = Number(values.seed) >>> 0;
const rand = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

const COMMUNITIES = DEMO_COMMUNITIES.map((c) => `${c}社区`);
const QUARTERS = ["第一季度", "第二季度", "第三季度", "第四季度", "上半年", "全年"];
const FUNDS = ["城乡低保资金", "农村低保资金", "城乡居民最低生活保障资金", "临时救助资金", "计划生育家庭特别扶助金", "高龄津贴", "残疾人两项补贴", "优抚对象抚恤补助", "公益性岗位补贴", "困难群众取暖补助"];
const PROJECTS = ["老旧小区改造", "雨污分流改造", "道路维修", "路灯安装", "公园绿地提升", "供暖管网更新", "加装电梯", "农贸市场改造", "社区党群服务中心建设", "垃圾分类设施建设"];
const ACTIONS = ["开展安全生产大排查大整治", "做好防汛工作", "做好冬季清雪除冰工作", "开展燃气安全专项检查", "开展食品安全专项整治", "做好森林防火工作", "开展文明城市创建", "开展人居环境整治", "做好疫苗接种服务", "开展消防安全宣传"];
const STATS = ["经济运行情况", "规模以上工业企业主要指标", "固定资产投资完成情况", "招商引资情况", "财政收支情况", "就业和社会保障情况", "人口和计划生育情况"];
const DOCS = ["部门预算", "部门决算", "“三公”经费预算", "“三公”经费决算", "政府采购意向", "重点工作计划", "工作总结"];
const POSTS = ["公益性岗位", "社区工作者", "网格员", "专职消防员", "协管员"];
const SENTENCES = [
  "为进一步做好相关工作，结合街道实际，现将有关情况公开如下。",
  "街道党工委、办事处高度重视，成立工作专班，明确责任分工，确保各项工作落到实处。",
  "各社区要加强组织领导，细化工作措施，按时报送工作进展情况。",
  "对工作中发现的问题，要建立台账，明确整改时限，做到整改一处、销号一处。",
  "公示期内，如对公示内容有异议，可向街道有关科室实名反映。",
  "下一步，街道将持续加大工作力度，推动各项工作取得实效。",
  "资金全部通过银行卡“一卡通”发放到户，确保资金安全、及时足额发放。",
  "本次检查共排查企业和经营场所{n}家，发现并督促整改隐患{m}处。",
  "项目总投资{n}万元，计划于年底前完工，惠及居民{m}户。",
  "截至目前，已累计发放资金{n}万元，惠及困难群众{m}人。",
  "监督电话：0533-3581234（工作日上午8:30—12:00，下午13:30—17:30）。",
  "请辖区居民相互转告，积极支持配合，共同营造安全稳定的社会环境。",
  "街道将严格落实政府信息公开有关规定，主动接受社会监督。",
];

interface Category {
  id: string;
  code: string;
}

function compose(year: number, cats: Map<string, Category>, depts: { id: string; name: string }[]) {
  const community = pick(COMMUNITIES);
  const kind = rand();
  let title: string;
  let summary: string;
  let category: string;
  if (kind < 0.22) {
    const fund = pick(FUNDS);
    title = `四宝山街道${year}年${pick(QUARTERS)}${fund}发放情况`;
    summary = `公开本街道${year}年${fund}发放户数、人数和金额。`;
    category = pick(["tjsj", "xcjs", "jhsy", "msbz"]);
  } else if (kind < 0.4) {
    const project = pick(PROJECTS);
    title = `关于${community}${project}项目的公示`;
    summary = `公示${community}${year}年${project}项目的建设内容、投资规模和实施时间。`;
    category = pick(["zdjsxm", "xcjs", "zdgz"]);
  } else if (kind < 0.58) {
    const action = pick(ACTIONS);
    title = `四宝山街道关于${action}的通知`;
    summary = `部署${year}年${action}的工作安排和责任分工。`;
    category = pick(["zdgz", "yjgl", "jdjc", "zcwj"]);
  } else if (kind < 0.72) {
    const stat = pick(STATS);
    title = `四宝山街道${year}年${pick(QUARTERS)}${stat}`;
    summary = `发布四宝山街道${year}年${stat}的主要数据。`;
    category = pick(["tjsj", "ghjh"]);
  } else if (kind < 0.84) {
    const doc = pick(DOCS);
    title = `四宝山街道办事处${year}年${doc}`;
    summary = `公开四宝山街道办事处${year}年${doc}及其说明。`;
    category = pick(["czyjs", "ghjh", "zfgzbg"]);
  } else if (kind < 0.93) {
    const post = pick(POSTS);
    title = `四宝山街道${year}年招聘${post}${rand() < 0.5 ? "公告" : "拟聘用人员公示"}`;
    summary = `发布四宝山街道${year}年${post}招聘的岗位、名额、报考条件和结果。`;
    category = pick(["gwykz", "rsxx"]);
  } else {
    title = `${community}居民委员会${year}年${pick(["居务公开", "财务公开", "党务公开"])}（${pick(QUARTERS)}）`;
    summary = `${community}居民委员会${year}年有关事项公开。`;
    category = pick(["qt", "jgsz"]);
  }
  const n = int(3, 12);
  const sentences = Array.from({ length: n }, () => pick(SENTENCES).replace("{n}", String(int(12, 980))).replace("{m}", String(int(20, 3200))));
  const body = [`${community}及辖区各单位：`, ...sentences];
  return { title, summary, bodyHtml: body.map((p) => `<p>${p}</p>`).join(""), bodyText: body.join(" "), categoryId: cats.get(category)!.id, dept: pick(depts) };
}

let idCounter = 0;
const newId = () => `cbulk${(idCounter++).toString(36).padStart(8, "0")}${Math.floor(rand() * 36 ** 6).toString(36).padStart(6, "0")}`;

const started = Date.now();
if (values.reset) await dropDatabase(databaseUrl);
await ensureDatabase(databaseUrl);
await migrate(databaseUrl);
const db = createDb(databaseUrl);
await seedDemo(db);
await loadDepartmentWords(db);
const org = await db.organisation.findFirstOrThrow({ orderBy: { createdAt: "asc" } });
const cats = new Map((await db.category.findMany()).map((c) => [c.code, c]));
const depts = await db.department.findMany({ select: { id: true, name: true } });
const staff = await db.user.findUniqueOrThrow({ where: { username: "staff" } });
const existing = await db.item.count();
await db.$disconnect();
console.log(`目标库 ${new URL(databaseUrl).pathname.slice(1)}：已有 ${existing} 条信息，新增 ${N} 条`);

const client = new pg.Client({ connectionString: databaseUrl });
await client.connect();
const serials = new Map<number, number>(
  (await client.query<{ year: number; lastSerial: number }>(`SELECT year, "lastSerial" FROM "IndexSerial" WHERE "organisationId" = $1`, [org.id])).rows.map((r) => [r.year, r.lastSerial]),
);
const now = Date.now();
const YEARS = Array.from({ length: new Date(now).getUTCFullYear() - 2008 + 1 }, (_, i) => 2008 + i);

let tokenMs = 0;
for (let done = 0; done < N; done += BATCH) {
  const size = Math.min(BATCH, N - done);
  const item: Record<string, unknown[]> = {};
  const version: Record<string, unknown[]> = {};
  const pub: Record<string, unknown[]> = {};
  // Dates as UTC text: node-pg would send a Date in the machine's time zone, and Prisma keeps UTC.
  const push = (target: Record<string, unknown[]>, row: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(row)) (target[k] ??= []).push(v instanceof Date ? v.toISOString() : v);
  };
  for (let i = 0; i < size; i++) {
    // The first rows are the annual reports (one a year), as the office publishes them each January.
    const report = done + i < YEARS.length - 1 ? YEARS[done + i] : null;
    const year = report ? report + 1 : pick(YEARS);
    const serial = (serials.get(year) ?? 0) + 1;
    serials.set(year, serial);
    const c = report
      ? {
          title: `四宝山街道办事处${report}年政府信息公开工作年度报告`,
          summary: `四宝山街道办事处${report}年政府信息公开工作情况，包括主动公开、依申请公开、收费及减免、行政复议和诉讼等。`,
          bodyHtml: `<p>本报告根据《中华人民共和国政府信息公开条例》要求编制。</p>`,
          bodyText: "本报告根据《中华人民共和国政府信息公开条例》要求编制。",
          categoryId: cats.get("nb")!.id,
          dept: depts.find((d) => d.name === "党政办公室") ?? depts[0],
        }
      : compose(year, cats, depts);
    const generated = new Date(Math.min(report ? Date.UTC(year, 0, int(10, 25)) : Date.UTC(year, int(0, 11), int(1, 28)), now - 2 * 86_400_000));
    generated.setUTCHours(0, 0, 0, 0);
    const published = new Date(Math.min(generated.getTime() + int(1, 15) * 86_400_000 + int(8, 17) * 3_600_000, now - 3_600_000));
    const withdrawn = rand() < 0.01 ? new Date(published.getTime() + int(1, 30) * 86_400_000) : null;
    const id = newId();
    const indexNo = `${org.creditCode}/${year}-${String(serial).padStart(5, "0")}`;
    const topic = pick(TOPICS);
    const documentNumber = rand() < 0.3 ? `四宝山办发〔${year}〕${int(1, 90)}号` : null;
    push(item, {
      id, departmentId: c.dept.id, categoryId: c.categoryId, state: withdrawn ? "WITHDRAWN" : "PUBLISHED", indexNo, indexYear: year, indexSerial: serial,
      generatedDate: generated, firstPublishedAt: published, lastPublishedAt: published, withdrawnAt: withdrawn,
      withdrawnReason: withdrawn ? "信息有误，经核实后撤回" : null, approvedAt: published,
    });
    push(version, { id: newId(), itemId: id, title: c.title, summary: c.summary, bodyHtml: c.bodyHtml, documentNumber, topic, generatedDate: generated, publishedAt: published });
    const t0 = performance.now();
    const tokens = { titleTokens: tokensForIndex(c.title), summaryTokens: tokensForIndex(`${c.summary} ${documentNumber ?? ""}`), bodyTokens: tokensForIndex(c.bodyText) };
    tokenMs += performance.now() - t0;
    push(pub, {
      itemId: id, indexNo, title: c.title, summary: c.summary, bodyText: c.bodyText, documentNumber, topic, categoryId: c.categoryId, departmentId: c.dept.id,
      generatedDate: generated, firstPublishedAt: published, lastPublishedAt: published, withdrawnAt: withdrawn,
      withdrawnReason: withdrawn ? "信息有误，经核实后撤回" : null, ...tokens,
    });
  }
  await client.query("BEGIN");
  await client.query(
    `INSERT INTO "Item" (id, "organisationId", "departmentId", "categoryId", state, "indexNo", "indexYear", "indexSerial", "generatedDate",
       "workingVersionNo", "publishedVersionNo", "createdById", "approvedById", "approvedAt", "firstPublishedAt", "lastPublishedAt",
       "withdrawnAt", "withdrawnReason", "createdAt", "updatedAt")
     SELECT u.id, $1, u.dept, u.cat, u.state::"ItemState", u.idx, u.y, u.s, u.gen, 1, 1, $2, $2, u.pub, u.pub, u.pub, u.wd, u.wr, u.pub, u.pub
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[], $9::int[], $10::date[], $11::timestamp[], $12::timestamp[], $13::text[])
         AS u(id, dept, cat, state, idx, y, s, gen, pub, wd, wr)`,
    [org.id, staff.id, item.id, item.departmentId, item.categoryId, item.state, item.indexNo, item.indexYear, item.indexSerial, item.generatedDate, item.firstPublishedAt, item.withdrawnAt, item.withdrawnReason],
  );
  await client.query(
    `INSERT INTO "ItemVersion" (id, "itemId", number, title, summary, "bodyHtml", "documentNumber", topic, "generatedDate", "createdById", "createdAt", "updatedAt", "publishedAt")
     SELECT u.id, u.item, 1, u.title, u.summary, u.body, u.doc, u.topic, u.gen, $1, u.pub, u.pub, u.pub
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::date[], $10::timestamp[]) AS u(id, item, title, summary, body, doc, topic, gen, pub)`,
    [staff.id, version.id, version.itemId, version.title, version.summary, version.bodyHtml, version.documentNumber, version.topic, version.generatedDate, version.publishedAt],
  );
  await client.query(
    `INSERT INTO "PublicItem" ("itemId", "versionNo", "indexNo", title, summary, "bodyText", "attachmentText", "documentNumber", topic, validity,
       "categoryId", "departmentId", "generatedDate", "firstPublishedAt", "lastPublishedAt", "withdrawnAt", "withdrawnReason", "titleTokens", "summaryTokens", "bodyTokens")
     SELECT u.item, 1, u.idx, u.title, u.summary, u.body, '', u.doc, u.topic, 'VALID', u.cat, u.dept, u.gen, u.pub, u.pub, u.wd, u.wr, u.tt, u.st, u.bt
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::date[], $11::timestamp[],
                   $12::timestamp[], $13::text[], $14::text[], $15::text[], $16::text[]) AS u(item, idx, title, summary, body, doc, topic, cat, dept, gen, pub, wd, wr, tt, st, bt)`,
    [pub.itemId, pub.indexNo, pub.title, pub.summary, pub.bodyText, pub.documentNumber, pub.topic, pub.categoryId, pub.departmentId, pub.generatedDate, pub.firstPublishedAt, pub.withdrawnAt, pub.withdrawnReason, pub.titleTokens, pub.summaryTokens, pub.bodyTokens],
  );
  await client.query("COMMIT");
  if ((done / BATCH) % 5 === 4 || done + size >= N) process.stdout.write(`  已写入 ${done + size} / ${N}（${((Date.now() - started) / 1000).toFixed(0)} 秒）\n`);
}
// Later approvals continue the gap-free serials after the bulk data.
for (const [year, lastSerial] of serials) {
  await client.query(
    `INSERT INTO "IndexSerial" ("organisationId", year, "lastSerial") VALUES ($1, $2, $3)
     ON CONFLICT ("organisationId", year) DO UPDATE SET "lastSerial" = GREATEST("IndexSerial"."lastSerial", EXCLUDED."lastSerial")`,
    [org.id, year, lastSerial],
  );
}
// Fresh statistics, or the planner misjudges the GIN and trigram indexes on a table that grew 100-fold.
await client.query(`VACUUM ANALYZE "Item"`);
await client.query(`VACUUM ANALYZE "ItemVersion"`);
await client.query(`VACUUM ANALYZE "PublicItem"`);
const total = (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "PublicItem"`)).rows[0].n;
await client.end();
console.log(`完成：共 ${total} 条公开信息，用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒（分词 ${(tokenMs / 1000).toFixed(1)} 秒）。`);
