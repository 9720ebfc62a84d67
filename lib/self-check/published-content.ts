/**
 * One pass over every published version (the version the public sees, withdrawn items included:
 * their page keeps the text), in batches by item id: the confidentiality scanner and the word
 * lists (CONTENT_ERRORS), links and attachments (BROKEN_LINKS), 有效性 (VALIDITY) and metadata
 * gaps (METADATA). Re-scanning with today's rules is the point: an item published before a rule
 * was added is found the day the rule exists.
 */
import type { Db } from "../db/client";
import type { BlobStorage } from "../attachments/storage";
import { FINDING_KIND_LABELS } from "../scan/scan-text";
import { compareDates, type IsoDate } from "../calendar/dates";
import { dbDateToIso } from "../calendar/load-calendar";
import type { SelfCheckFindingInput } from "./indicators";
import { checkPublishedText, type ContentRules } from "./wording";
import { classifyPath, extractLinks } from "./links";

const BATCH = 2000;
/** 行政规范性文件 are valid for 5 years unless stated otherwise (国办发〔2018〕37号). */
const NORMATIVE_YEARS = 5;

interface PublishedRow {
  id: string;
  state: string;
  categoryId: string;
  versionId: string;
  title: string;
  summary: string;
  bodyHtml: string;
  documentNumber: string | null;
  validity: string;
  repealedDate: Date | null;
  generatedDate: Date;
}

export interface ContentContext {
  db: Db;
  storage: BlobStorage;
  today: IsoDate;
  rules: ContentRules;
  siteHosts: Set<string>;
  categories: Map<string, { code: string; name: string; active: boolean; requiresDocumentNumber: boolean; normative: boolean }>;
}

const clip = (s: string, n = 60) => (Array.from(s).length > n ? `${Array.from(s).slice(0, n).join("")}…` : s);
const itemLink = (id: string) => `/console/items/${id}`;

interface Batch {
  rows: PublishedRow[];
  attachments: { id: string; versionId: string; name: string; sha256: string; textContent: string }[];
  dismissals: { itemId: string; fingerprint: string }[];
}

async function fetchBatch(db: Db, after: string): Promise<Batch> {
  const rows = await db.$queryRaw<PublishedRow[]>`
    SELECT i.id, i.state::text AS state, i."categoryId", v.id AS "versionId", v.title, v.summary, v."bodyHtml",
           v."documentNumber", v.validity::text AS validity, v."repealedDate", v."generatedDate"
      FROM "Item" i JOIN "ItemVersion" v ON v."itemId" = i.id AND v.number = i."publishedVersionNo"
     WHERE i."publishedVersionNo" IS NOT NULL AND i.id > ${after}
     ORDER BY i.id LIMIT ${BATCH}`;
  if (rows.length === 0) return { rows, attachments: [], dismissals: [] };
  const [attachments, dismissals] = await Promise.all([
    db.itemAttachment.findMany({
      where: { versionId: { in: rows.map((r) => r.versionId) } },
      select: { id: true, versionId: true, name: true, sha256: true, textContent: true },
      orderBy: { sortOrder: "asc" },
    }),
    db.scanDismissal.findMany({ where: { itemId: { in: rows.map((r) => r.id) } }, select: { itemId: true, fingerprint: true } }),
  ]);
  return { rows, attachments, dismissals };
}

export async function checkPublishedContent(ctx: ContentContext): Promise<{ findings: SelfCheckFindingInput[]; scanned: number; waitMs: number }> {
  const findings: SelfCheckFindingInput[] = [];
  const linkChecks: { row: PublishedRow; links: ReturnType<typeof extractLinks> }[] = [];
  let scanned = 0;
  let waitMs = 0;
  // The next batch is read while this one is scanned: database time overlaps the scanner's CPU time.
  let next = fetchBatch(ctx.db, "");
  next.catch(() => undefined);
  for (;;) {
    const t0 = performance.now();
    const { rows, attachments, dismissals } = await next;
    waitMs += performance.now() - t0;
    if (rows.length === 0) break;
    next = fetchBatch(ctx.db, rows[rows.length - 1].id);
    // Handled when awaited; this keeps a failure there from counting as unhandled if scanning throws first.
    next.catch(() => undefined);
    scanned += rows.length;
    const attByVersion = groupBy(attachments, (a) => a.versionId);
    const dismissedByItem = groupBy(dismissals, (d) => d.itemId);
    for (const row of rows) {
      const atts = attByVersion.get(row.versionId) ?? [];
      findings.push(...contentFindings(ctx, row, atts, dismissedByItem.get(row.id) ?? []));
      findings.push(...(await attachmentFindings(ctx, row, atts)));
      const links = extractLinks(row.bodyHtml, ctx.siteHosts);
      if (links.length) linkChecks.push({ row, links });
      if (row.state !== "WITHDRAWN") findings.push(...validityFindings(ctx, row), ...metadataFindings(ctx, row));
    }
  }
  findings.push(...(await linkFindings(ctx, linkChecks)));
  return { findings, scanned, waitMs: Math.round(waitMs) };
}

function groupBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const list = m.get(k);
    if (list) list.push(x);
    else m.set(k, [x]);
  }
  return m;
}

function contentFindings(
  ctx: ContentContext,
  row: PublishedRow,
  atts: { name: string; textContent: string }[],
  dismissed: { fingerprint: string }[],
): SelfCheckFindingInput[] {
  const problems = checkPublishedText(
    { ...row, attachments: atts.map((a) => ({ name: a.name, text: a.textContent })) },
    ctx.rules,
    dismissed.map((d) => d.fingerprint),
  );
  if (problems.length === 0) return [];
  const label = (k: string) => FINDING_KIND_LABELS[k as keyof typeof FINDING_KIND_LABELS] ?? k;
  const lines = problems.slice(0, 5).map((p) => `${label(p.kind)}（${p.location}）：${p.message}　…${p.context}…`);
  if (problems.length > 5) lines.push(`另有${problems.length - 5}处`);
  return [{
    indicator: "CONTENT_ERRORS",
    level: "RED",
    key: `CONTENT_ERRORS:${row.id}`,
    title: `${clip(row.title)}${row.state === "WITHDRAWN" ? "（已撤回，页面仍显示原文）" : ""}`,
    detail: lines.join("\n"),
    link: itemLink(row.id),
  }];
}

async function attachmentFindings(ctx: ContentContext, row: PublishedRow, atts: { id: string; name: string; sha256: string }[]) {
  const out: SelfCheckFindingInput[] = [];
  for (const a of atts) {
    if (await ctx.storage.has(a.sha256)) continue;
    out.push({
      indicator: "BROKEN_LINKS",
      level: "AMBER",
      key: `BROKEN_LINKS:att:${a.id}`,
      title: `附件“${clip(a.name, 40)}”无法下载`,
      detail: `信息“${clip(row.title)}”的附件文件缺失（/items/${row.id}/attachments/${a.id} 不能正常访问），请重新上传或修订该信息。`,
      link: itemLink(row.id),
    });
  }
  return out;
}

function validityFindings(ctx: ContentContext, row: PublishedRow): SelfCheckFindingInput[] {
  if (row.validity !== "VALID") return [];
  const cat = ctx.categories.get(row.categoryId);
  const repealed = row.repealedDate ? dbDateToIso(row.repealedDate) : null;
  let detail: string | null = null;
  if (repealed && compareDates(repealed, ctx.today) <= 0) detail = `记录的废止日期为${repealed}，但有效性仍标为“有效”。`;
  else if (cat?.normative) {
    const generated = dbDateToIso(row.generatedDate);
    const expires = `${Number(generated.slice(0, 4)) + NORMATIVE_YEARS}${generated.slice(4)}`;
    if (compareDates(expires, ctx.today) <= 0) {
      detail = `行政规范性文件成文于${generated}，已满${NORMATIVE_YEARS}年，仍标为“有效”：请核实是否已失效，如已失效请修订有效性。`;
    }
  }
  if (!detail) return [];
  return [{ indicator: "VALIDITY", level: "AMBER", key: `VALIDITY:${row.id}`, title: clip(row.title), detail: `${cat?.name ?? ""}栏目：${detail}`, link: itemLink(row.id) }];
}

function metadataFindings(ctx: ContentContext, row: PublishedRow): SelfCheckFindingInput[] {
  const cat = ctx.categories.get(row.categoryId);
  const gaps: string[] = [];
  if (cat?.requiresDocumentNumber && !row.documentNumber?.trim()) gaps.push("发文字号");
  if (!row.summary.trim()) gaps.push("内容概述");
  if (gaps.length === 0) return [];
  return [{
    indicator: "METADATA",
    level: "AMBER",
    key: `METADATA:${row.id}`,
    title: clip(row.title),
    detail: `${cat?.name ?? ""}栏目信息缺少${gaps.join("、")}。`,
    link: itemLink(row.id),
  }];
}

async function linkFindings(ctx: ContentContext, checks: { row: PublishedRow; links: ReturnType<typeof extractLinks> }[]) {
  const out: SelfCheckFindingInput[] = [];
  const itemIds = new Set<string>();
  const attIds = new Set<string>();
  const codes = new Set<string>();
  for (const { links } of checks) {
    for (const l of links) {
      if (!l.path) continue;
      const t = classifyPath(l.path);
      if (t.kind === "item") itemIds.add(t.itemId);
      if (t.kind === "attachment") (itemIds.add(t.itemId), attIds.add(t.attachmentId));
      if (t.kind === "category") codes.add(t.code);
    }
  }
  const [publicItems, atts, cats] = await Promise.all([
    ctx.db.publicItem.findMany({ where: { itemId: { in: [...itemIds] } }, select: { itemId: true, versionNo: true } }),
    ctx.db.itemAttachment.findMany({ where: { id: { in: [...attIds] } }, select: { id: true, sha256: true, version: { select: { itemId: true, number: true } } } }),
    ctx.db.category.findMany({ where: { code: { in: [...codes] }, active: true }, select: { code: true } }),
  ]);
  const published = new Map(publicItems.map((p) => [p.itemId, p.versionNo]));
  const attById = new Map(atts.map((a) => [a.id, a]));
  const liveCodes = new Set(cats.map((c) => c.code));
  for (const { row, links } of checks) {
    const broken: string[] = [];
    const outside: string[] = [];
    for (const l of links) {
      if (!l.path) {
        outside.push(l.url);
        continue;
      }
      const t = classifyPath(l.path);
      let ok = true;
      if (t.kind === "item") ok = published.has(t.itemId);
      else if (t.kind === "attachment") {
        const a = attById.get(t.attachmentId);
        ok = !!a && a.version.itemId === t.itemId && published.get(t.itemId) === a.version.number && (await ctx.storage.has(a.sha256));
      } else if (t.kind === "category") ok = liveCodes.has(t.code);
      else if (t.kind === "unknown") ok = false;
      if (!ok) broken.push(l.url);
    }
    if (broken.length) {
      out.push({
        indicator: "BROKEN_LINKS",
        level: "AMBER",
        key: `BROKEN_LINKS:body:${row.id}`,
        title: clip(row.title),
        detail: `正文中${broken.length}个站内链接不能正常访问：${broken.slice(0, 5).join("、")}`,
        link: itemLink(row.id),
      });
    }
    if (outside.length) {
      out.push({
        indicator: "BROKEN_LINKS",
        level: "INFO",
        key: `BROKEN_LINKS:outside:${row.id}`,
        title: clip(row.title),
        detail: `正文含${outside.length}个站外链接，请人工核查能否访问、内容是否合适：${outside.slice(0, 5).join("、")}`,
        link: itemLink(row.id),
      });
    }
  }
  return out;
}

