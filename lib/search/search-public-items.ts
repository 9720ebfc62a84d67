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
  /** fulltext: jieba tokens; substring: title/summary contain the query; none: nothing to search for. */
  mode: "fulltext" | "substring" | "none";
  total: number;
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
 * Searches what the public may see (published, not withdrawn). Full-text over the jieba tokens of
 * title, summary, body and attachment text, ranked by where the words occur (title above summary;
 * a title containing the whole query first), newest first among equals. When the words find nothing,
 * or the query has no word of two or more characters, it falls back to a substring match on titles
 * and summaries (pg_trgm index for 3+ characters).
 */
export async function searchPublicItems(db: Db, f: SearchFilter): Promise<SearchResult> {
  await loadDepartmentWords(db);
  const plan = buildSearchPlan(f.q);
  const pageSize = Math.min(Math.max(f.pageSize ?? 20, 1), 50);
  const page = Math.min(Math.max(Math.floor(f.page ?? 1), 1), MAX_PAGE);
  const offset = (page - 1) * pageSize;
  const where = filters(f);
  const empty = (mode: SearchResult["mode"]): SearchResult => ({ mode, total: 0, page: 1, pages: 1, hits: [], plan });
  if (!plan.phrase) return empty("none");

  let mode: SearchResult["mode"] = "fulltext";
  let total = 0;
  let rows: Row[] = [];
  if (plan.tsquery) {
    const tsq = P.sql`to_tsquery('simple', ${plan.tsquery})`;
    const order =
      f.sort === "date"
        ? P.sql`p."firstPublishedAt" DESC`
        : P.sql`ts_rank('{0.05, 0.1, 0.4, 1.0}', p."headVector", ${tsq}) + (CASE WHEN strpos(lower(p.title), ${plan.phrase}) > 0 THEN 1 ELSE 0 END) DESC, p."firstPublishedAt" DESC`;
    const [countRows, found] = await Promise.all([
      db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "PublicItem" p WHERE p."searchVector" @@ ${tsq} AND ${where}`,
      db.$queryRaw<Row[]>`SELECT ${COLUMNS} FROM "PublicItem" p ${JOINS}
        WHERE p."searchVector" @@ ${tsq} AND ${where} ORDER BY ${order} LIMIT ${pageSize} OFFSET ${offset}`,
    ]);
    total = countRows[0]?.n ?? 0;
    rows = found;
  }
  if (total === 0) {
    mode = "substring";
    const like = `%${escapeLike(plan.phrase)}%`;
    const match = P.sql`(p.title ILIKE ${like} OR p.summary ILIKE ${like})`;
    const [countRows, found] = await Promise.all([
      db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "PublicItem" p WHERE ${match} AND ${where}`,
      db.$queryRaw<Row[]>`SELECT ${COLUMNS} FROM "PublicItem" p ${JOINS} WHERE ${match} AND ${where}
        ORDER BY (p.title ILIKE ${like}) DESC, p."firstPublishedAt" DESC LIMIT ${pageSize} OFFSET ${offset}`,
    ]);
    total = countRows[0]?.n ?? 0;
    rows = found;
  }
  const terms = mode === "fulltext" ? plan.terms : [plan.phrase];
  return {
    mode,
    total,
    page,
    pages: Math.min(MAX_PAGE, Math.max(1, Math.ceil(total / pageSize))),
    plan,
    hits: rows.map((r) => {
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
    }),
  };
}
