import { Prisma as P } from "../generated/prisma/client";
import type { Db } from "../db/client";
import { buildSearchPlan, type SearchPlan } from "./build-query";
import { highlight, snippet, type TextPart } from "./highlight";
import { loadDepartmentWords } from "./sync-public-item";

export interface SearchFilter {
  q: string;
  /** A category and its descendants. */
  categoryIds?: string[];
  departmentId?: string;
  /** Year of 生成日期. */
  year?: number;
  sort?: "relevance" | "date";
  page?: number;
  pageSize?: number;
  /** Tests only: smaller thresholds, to exercise the path taken for very common words on little data. */
  limits?: { exact: number; candidates: number };
}

export interface SearchHit {
  itemId: string;
  indexNo: string;
  title: TextPart[];
  snippet: TextPart[];
  category: string;
  department: string;
  generatedDate: string;
  firstPublishedAt: Date;
}

export interface SearchResult {
  /** fulltext: jieba tokens; substring: titles contain the query; none: nothing to search for. */
  mode: "fulltext" | "substring" | "none";
  total: number;
  /** True when there are more than EXACT_LIMIT matches: total is the planner's estimate. */
  approximate: boolean;
  page: number;
  pages: number;
  hits: SearchHit[];
  plan: SearchPlan;
}

interface Row {
  itemId: string;
  indexNo: string;
  title: string;
  summary: string;
  body: string;
  attachments: string;
  category: string | null;
  department: string | null;
  generatedDate: Date;
  firstPublishedAt: Date;
}

const MAX_PAGE = 50;
/** Up to this many matches are counted and ranked exactly. */
export const EXACT_LIMIT = 2000;
/** Beyond it, the title/summary matches ranked are the newest this many. */
const CANDIDATES = 1000;

function filters(f: SearchFilter): P.Sql {
  const parts: P.Sql[] = [P.sql`p."withdrawnAt" IS NULL`];
  if (f.categoryIds?.length) parts.push(P.sql`p."categoryId" IN (${P.join(f.categoryIds)})`);
  if (f.departmentId) parts.push(P.sql`p."departmentId" = ${f.departmentId}`);
  if (f.year) {
    parts.push(P.sql`p."generatedDate" >= ${new Date(Date.UTC(f.year, 0, 1))} AND p."generatedDate" < ${new Date(Date.UTC(f.year + 1, 0, 1))}`);
  }
  return P.join(parts, " AND ");
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

const COLUMNS = P.sql`p."itemId", p."indexNo", p.title, p.summary, left(p."bodyText", 6000) AS body,
  left(p."attachmentText", 3000) AS attachments, c.name AS category, d.name AS department, p."generatedDate", p."firstPublishedAt"`;
const JOINS = P.sql`LEFT JOIN "Category" c ON c.id = p."categoryId" LEFT JOIN "Department" d ON d.id = p."departmentId"`;

/**
 * The number of rows matching, counted up to `cap`. The GIN index is forced: for a
 * common word the planner prefers a sequential scan that stops at the limit, but it underrates the
 * cost of reading every row's tsvector on the way and takes ten times longer.
 */
async function cappedCount(db: Db, where: P.Sql, forceIndex: boolean, cap: number): Promise<number> {
  const count = db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM (SELECT 1 FROM "PublicItem" p WHERE ${where} LIMIT ${cap}) s`;
  const rows = forceIndex
    ? (await db.$transaction([db.$executeRaw`SET LOCAL enable_seqscan = off`, db.$executeRaw`SET LOCAL enable_indexscan = off`, count]))[2]
    : await count;
  return rows[0]?.n ?? 0;
}

/** The planner's row estimate (from the tsvector statistics ANALYZE keeps), for "约 N 条". */
async function estimatedCount(db: Db, where: P.Sql): Promise<number> {
  const rows = await db.$queryRaw<{ "QUERY PLAN": [{ Plan: { "Plan Rows": number } }] }[]>`EXPLAIN (FORMAT JSON) SELECT 1 FROM "PublicItem" p WHERE ${where}`;
  return Math.round(rows[0]?.["QUERY PLAN"]?.[0]?.Plan?.["Plan Rows"] ?? 0);
}

/**
 * Searches what the public may see (published, not withdrawn). Full-text over the jieba tokens of
 * title, summary, body and attachment text, ranked by where the words occur (title above summary
 * above body; a title containing the whole query first), newest first among equals. When the words
 * find nothing, or the query has no word of two or more characters, it falls back to titles
 * containing the query (pg_trgm index for 3+ characters).
 *
 * Cost stays flat for words that nearly every item contains (四宝山, 社区): up to EXACT_LIMIT matches
 * are counted and ranked exactly; beyond that the total is the planner's estimate (from the tsvector
 * statistics), the newest CANDIDATES title/summary matches are ranked, and body-only matches follow
 * them newest first — the order the exact ranking gives them too, since they have no title rank.
 */
export async function searchPublicItems(db: Db, f: SearchFilter): Promise<SearchResult> {
  await loadDepartmentWords(db);
  const plan = buildSearchPlan(f.q);
  const pageSize = Math.min(Math.max(f.pageSize ?? 20, 1), 50);
  const page = Math.min(Math.max(Math.floor(f.page ?? 1), 1), MAX_PAGE);
  const offset = (page - 1) * pageSize;
  const where = filters(f);
  const exactLimit = f.limits?.exact ?? EXACT_LIMIT;
  const candidates = f.limits?.candidates ?? CANDIDATES;
  const result = (mode: SearchResult["mode"], total: number, approximate: boolean, rows: Row[]): SearchResult => {
    const terms = mode === "fulltext" ? plan.terms : [plan.phrase];
    return {
      mode,
      total,
      approximate,
      page,
      pages: Math.min(MAX_PAGE, Math.max(1, Math.ceil(total / pageSize))),
      plan,
      hits: rows.map((r) => toHit(r, terms)),
    };
  };
  if (!plan.phrase) return result("none", 0, false, []);

  if (plan.tsquery) {
    const tsq = P.sql`to_tsquery('simple', ${plan.tsquery})`;
    const match = P.sql`p."searchVector" @@ ${tsq} AND ${where}`;
    const rank =
      f.sort === "date"
        ? P.sql`p."firstPublishedAt" DESC, p."itemId" DESC`
        : P.sql`ts_rank('{0.05, 0.1, 0.4, 1.0}', p."headVector", ${tsq}) + (CASE WHEN strpos(lower(p.title), ${plan.phrase}) > 0 THEN 1 ELSE 0 END) DESC, p."firstPublishedAt" DESC, p."itemId" DESC`;
    const counted = await cappedCount(db, match, true, exactLimit + 1);
    if (counted > 0 && counted <= exactLimit) {
      const rows = await db.$queryRaw<Row[]>`SELECT ${COLUMNS} FROM "PublicItem" p ${JOINS} WHERE ${match} ORDER BY ${rank} LIMIT ${pageSize} OFFSET ${offset}`;
      return result("fulltext", counted, false, rows);
    }
    if (counted > exactLimit) {
      const estimate = estimatedCount(db, match);
      if (f.sort === "date") {
        const rows = await db.$queryRaw<Row[]>`SELECT ${COLUMNS} FROM "PublicItem" p ${JOINS} WHERE ${match} ORDER BY ${rank} LIMIT ${pageSize} OFFSET ${offset}`;
        return result("fulltext", Math.max(await estimate, exactLimit + 1), true, rows);
      }
      const head = P.sql`p."headVector" @@ ${tsq}`;
      const [headCount, headRows] = await Promise.all([
        cappedCount(db, P.sql`${head} AND ${where}`, true, candidates),
        db.$queryRaw<Row[]>`
          WITH head AS (SELECT p."itemId" FROM "PublicItem" p WHERE ${head} AND ${where} ORDER BY p."firstPublishedAt" DESC LIMIT ${candidates})
          SELECT ${COLUMNS} FROM head k JOIN "PublicItem" p ON p."itemId" = k."itemId" ${JOINS}
           ORDER BY ${rank} LIMIT ${pageSize} OFFSET ${offset}`,
      ]);
      // Body-only matches come after every title/summary match, so they follow only when all of
      // those are among the candidates, and only once this page has used them up. A word in more
      // titles than there are candidates ends with the candidates (the pages say so).
      const allHeads = headCount < candidates;
      const rows =
        headRows.length === pageSize || !allHeads
          ? headRows
          : [
              ...headRows,
              ...(await db.$queryRaw<Row[]>`SELECT ${COLUMNS} FROM "PublicItem" p ${JOINS} WHERE ${match} AND NOT (${head})
                   ORDER BY p."firstPublishedAt" DESC, p."itemId" DESC LIMIT ${pageSize - headRows.length} OFFSET ${Math.max(0, offset - headCount)}`),
            ];
      const found = result("fulltext", Math.max(await estimate, exactLimit + 1), true, rows);
      return allHeads ? found : { ...found, pages: Math.min(found.pages, Math.max(1, Math.ceil(candidates / pageSize))) };
    }
  }

  // Fallback: titles containing the query as typed (without spaces and punctuation).
  const like = `%${escapeLike(plan.phrase)}%`;
  const match = P.sql`p.title ILIKE ${like} AND ${where}`;
  const counted = await cappedCount(db, match, plan.phrase.length >= 3, exactLimit + 1);
  if (counted === 0) return result("substring", 0, false, []);
  const [total, rows] = await Promise.all([
    counted > exactLimit ? estimatedCount(db, match).then((n) => Math.max(n, exactLimit + 1)) : Promise.resolve(counted),
    db.$queryRaw<Row[]>`SELECT ${COLUMNS} FROM "PublicItem" p ${JOINS} WHERE ${match}
      ORDER BY p."firstPublishedAt" DESC, p."itemId" DESC LIMIT ${pageSize} OFFSET ${offset}`,
  ]);
  return result("substring", total, counted > exactLimit, rows);
}

function toHit(r: Row, terms: string[]): SearchHit {
  const source = [r.summary, r.body, r.attachments].find((t) => terms.some((term) => t.toLowerCase().includes(term))) ?? r.summary;
  return {
    itemId: r.itemId,
    indexNo: r.indexNo,
    title: highlight(r.title, terms),
    snippet: highlight(snippet(source, terms, 140), terms),
    category: r.category ?? "",
    department: r.department ?? "",
    generatedDate: r.generatedDate.toISOString().slice(0, 10),
    firstPublishedAt: r.firstPublishedAt,
  };
}
