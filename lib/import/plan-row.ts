import { createHash } from "node:crypto";
import { sanitizeBody, TOPICS } from "../items/item-input";
import { parseIndexNo } from "../items/index-number";
import { FINDING_KIND_LABELS, htmlToText, scanText, type ScanOptions } from "../scan/scan-text";
import { COLUMN_BY_FIELD, splitFileNames, type ImportField, type RawRow } from "./columns";
import { maskForMessage, naturalKey, normaliseIndexNo, normaliseName, parseDayCell, parseValidityCell } from "./parse-cells";

export type RowAction = "CREATE" | "UPDATE" | "SKIP" | "ERROR";

export interface RowProblem {
  column: string;
  message: string;
}

/** What an import row becomes once valid: ids resolved, dates as Beijing days, body as clean HTML. */
export interface ImportRowData {
  title: string;
  indexNo: string | null;
  departmentId: string;
  categoryId: string;
  generatedDate: string;
  publishedDate: string;
  documentNumber: string | null;
  topic: string;
  validity: "VALID" | "REPEALED";
  summary: string;
  bodyHtml: string;
  attachmentFiles: string[];
  fingerprint: string;
}

export interface ExistingItem {
  itemId: string;
  indexNo: string;
  /** Published title (items matched by 索引号 must carry the same name). */
  title?: string | null;
  importBatchId: string | null;
  importFingerprint: string | null;
}

/** A file named in the row, read from the ZIP and checked (attachments) or turned into a body. */
export interface RowFile {
  name: string;
  sha256: string;
  text: string;
  /** Set for a body file: its content as clean HTML. */
  bodyHtml?: string;
}

export interface PlanContext {
  today: string;
  departments: Map<string, string>;
  /** Category name (normalised) → ids; more than one id means the name is ambiguous. */
  categories: Map<string, string[]>;
  categoryCodes: Map<string, string>;
  byIndexNo: Map<string, ExistingItem>;
  byNaturalKey: Map<string, ExistingItem>;
  scanOptions: ScanOptions;
  /** Keys already used by earlier rows of the same file: 索引号 / natural key → row number. */
  seenIndexNos: Map<string, number>;
  seenKeys: Map<string, number>;
}

export interface PlannedRow {
  rowNo: number;
  action: RowAction;
  data: ImportRowData | null;
  problems: RowProblem[];
  itemId: string | null;
}

const header = (f: ImportField) => COLUMN_BY_FIELD[f].header;

function summaryFrom(text: string, title: string): string {
  const t = text.replace(/\s+/g, " ").trim();
  if (!t) return title;
  return t.length > 120 ? `${t.slice(0, 120)}…` : t;
}

function fingerprintOf(data: Omit<ImportRowData, "fingerprint">, files: RowFile[]): string {
  const h = createHash("sha256");
  h.update(JSON.stringify({ ...data, files: files.map((f) => [f.name, f.sha256]) }));
  return h.digest("hex");
}

interface CheckedFields {
  title?: string;
  indexNo?: string | null;
  departmentId?: string;
  categoryId?: string;
  generatedDate?: string;
  publishedDate?: string;
  validity?: "VALID" | "REPEALED";
  topic?: string;
}

function checkFields(raw: RawRow, ctx: PlanContext, problems: RowProblem[]): CheckedFields {
  const add = (f: ImportField, message: string) => problems.push({ column: header(f), message });
  const out: CheckedFields = {};
  const title = (raw.title ?? "").trim();
  if (!title) add("title", "未填写名称");
  else if (title.length < 4 || title.length > 200) add("title", "名称应为4至200字");
  else out.title = title;

  if (raw.indexNo) {
    const indexNo = normaliseIndexNo(raw.indexNo);
    if (!parseIndexNo(indexNo)) add("indexNo", `索引号“${raw.indexNo}”格式不对，应为“前段码/年份-五位顺序号”，没有的请留空`);
    else out.indexNo = indexNo;
  } else out.indexNo = null;

  const dept = raw.department ? ctx.departments.get(normaliseName(raw.department)) : undefined;
  if (!raw.department) add("department", "未填写发布机构");
  else if (!dept) add("department", `发布机构“${raw.department}”不是本单位的科室（见模板“分类与科室”表）`);
  else out.departmentId = dept;

  const catIds = raw.category ? (ctx.categories.get(normaliseName(raw.category)) ?? (ctx.categoryCodes.has(raw.category.trim()) ? [ctx.categoryCodes.get(raw.category.trim())!] : [])) : [];
  if (!raw.category) add("category", "未填写公开目录分类");
  else if (catIds.length === 0) add("category", `公开目录中没有“${raw.category}”分类（见模板“分类与科室”表）`);
  else if (catIds.length > 1) add("category", `“${raw.category}”对应多个分类，请改填分类编码`);
  else out.categoryId = catIds[0];

  const generated = raw.generatedDate ? parseDayCell(raw.generatedDate) : null;
  if (!raw.generatedDate) add("generatedDate", "未填写生成日期");
  else if (!generated) add("generatedDate", `生成日期“${raw.generatedDate}”无法识别，请写成 2017-03-05 这样的日期`);
  else if (generated > ctx.today) add("generatedDate", `生成日期 ${generated} 晚于今天`);
  else out.generatedDate = generated;

  const published = raw.publishedDate ? parseDayCell(raw.publishedDate) : (generated ?? null);
  if (raw.publishedDate && !published) add("publishedDate", `发布日期“${raw.publishedDate}”无法识别，请写成 2017-03-05 这样的日期`);
  else if (published && published > ctx.today) add("publishedDate", `发布日期 ${published} 晚于今天`);
  else if (published && generated && published < generated) add("publishedDate", `发布日期 ${published} 早于生成日期 ${generated}`);
  else if (published) out.publishedDate = published;

  const validity = parseValidityCell(raw.validity);
  if (!validity) add("validity", `有效性“${raw.validity}”应填“有效”或“失效”`);
  else out.validity = validity;

  const topic = (raw.topic ?? "").trim() || "综合政务";
  if (!(TOPICS as readonly string[]).includes(topic)) add("topic", `主题分类“${topic}”不在主题分类表中`);
  else out.topic = topic;

  if ((raw.documentNumber ?? "").length > 60) add("documentNumber", "文号不能超过60个字");
  if ((raw.summary ?? "").length > 500) add("summary", "内容概述不能超过500个字");
  return out;
}

function scanProblems(raw: RawRow, bodyPlain: string, files: RowFile[], ctx: PlanContext): RowProblem[] {
  // The text as published: title; 内容概述, 文号 and body; each attachment's extracted text.
  const parts: { column: string; location: string; text: string }[] = [
    { column: header("title"), location: "名称", text: raw.title ?? "" },
    { column: header("body"), location: "内容概述、文号或正文", text: `${raw.summary ?? ""}\n${raw.documentNumber ?? ""}\n${bodyPlain}` },
    ...files.filter((f) => f.bodyHtml === undefined).map((f) => ({ column: header("attachmentFiles"), location: `附件“${f.name}”`, text: f.text })),
  ];
  const out: RowProblem[] = [];
  for (const part of parts) {
    const seen = new Set<string>();
    for (const f of scanText(part.text, ctx.scanOptions)) {
      if (seen.has(f.fingerprint)) continue;
      seen.add(f.fingerprint);
      const shown = f.kind === "sensitive_word" || f.kind === "classification_mark" || f.kind === "internal_marking" ? f.match : maskForMessage(f.match);
      out.push({ column: part.column, message: `保密审查：${part.location}中有疑似${FINDING_KIND_LABELS[f.kind]}“${shown}”，请删除或脱敏后再导入` });
    }
  }
  return out;
}

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** Plain text from a cell: each line a paragraph (cells rarely hold blank lines between paragraphs). */
function plainToHtml(text: string): string {
  return text
    .split(/\r\n?|\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => `<p>${escapeHtml(l)}</p>`)
    .join("");
}

/** The row's body as clean HTML and as the plain text a reader sees. */
function bodyOf(raw: RawRow, bodyFile: RowFile | undefined, hasAttachments: boolean): { html: string; plain: string } {
  let html = "";
  let plain = "";
  if (raw.body && !/<[a-z][\s\S]*>/i.test(raw.body)) {
    html = plainToHtml(raw.body);
    plain = raw.body.replace(/\s+/g, " ").trim();
  } else {
    html = raw.body ? sanitizeBody(raw.body) : (bodyFile?.bodyHtml ?? "");
    plain = html ? htmlToText(html) : "";
  }
  if (!plain && hasAttachments) return { html: "<p>详见附件。</p>", plain: "详见附件。" };
  return { html, plain };
}

function decideAction(data: ImportRowData, rowNo: number, ctx: PlanContext, problems: RowProblem[]): { action: RowAction; itemId: string | null } {
  const key = naturalKey(data.documentNumber, data.generatedDate, data.title);
  if (data.indexNo) {
    const first = ctx.seenIndexNos.get(data.indexNo);
    if (first) problems.push({ column: header("indexNo"), message: `索引号与第 ${first} 行重复` });
    else ctx.seenIndexNos.set(data.indexNo, rowNo);
  }
  const firstKey = ctx.seenKeys.get(key);
  if (firstKey) problems.push({ column: header("title"), message: `与第 ${firstKey} 行的文号、生成日期和名称相同（重复行）` });
  else ctx.seenKeys.set(key, rowNo);
  if (problems.length) return { action: "ERROR", itemId: null };

  const byIndex = data.indexNo ? ctx.byIndexNo.get(data.indexNo) : undefined;
  if (byIndex && byIndex.title && normaliseName(byIndex.title) !== normaliseName(data.title)) {
    problems.push({ column: header("indexNo"), message: `索引号 ${data.indexNo} 已用于平台中的“${byIndex.title}”，与本行名称不同，请核对` });
    return { action: "ERROR", itemId: null };
  }
  const existing = byIndex ?? ctx.byNaturalKey.get(key);
  if (!existing) return { action: "CREATE", itemId: null };
  if (existing.importFingerprint === data.fingerprint) {
    problems.push({ column: "", message: `与已导入的信息一致（索引号 ${existing.indexNo}），跳过` });
    return { action: "SKIP", itemId: existing.itemId };
  }
  if (existing.importBatchId) return { action: "UPDATE", itemId: existing.itemId };
  problems.push({ column: "", message: `平台中已有该信息（索引号 ${existing.indexNo}），不覆盖，跳过` });
  return { action: "SKIP", itemId: existing.itemId };
}

/**
 * Decides what one row becomes. `files` are the row's body file and attachments as read from the ZIP
 * (missing or refused files are already in `fileProblems`). Pure apart from the context's seen-maps.
 */
export function planRow(rowNo: number, raw: RawRow, files: RowFile[], fileProblems: RowProblem[], ctx: PlanContext): PlannedRow {
  const problems: RowProblem[] = [...fileProblems];
  const f = checkFields(raw, ctx, problems);
  const bodyFile = files.find((x) => x.bodyHtml !== undefined);
  const attachments = files.filter((x) => x.bodyHtml === undefined);
  const body = bodyOf(raw, bodyFile, attachments.length > 0);
  if (!raw.body && !raw.bodyFile && !raw.attachmentFiles) problems.push({ column: header("body"), message: "正文、正文文件名、附件文件名至少填写一项" });
  problems.push(...scanProblems(raw, body.plain, files, ctx));
  if (problems.length || !f.title || !f.departmentId || !f.categoryId || !f.generatedDate || !f.publishedDate || !f.validity || !f.topic) {
    return { rowNo, action: "ERROR", data: null, problems, itemId: null };
  }
  const base = {
    title: f.title,
    indexNo: f.indexNo ?? null,
    departmentId: f.departmentId,
    categoryId: f.categoryId,
    generatedDate: f.generatedDate,
    publishedDate: f.publishedDate,
    documentNumber: raw.documentNumber?.trim() || null,
    topic: f.topic,
    validity: f.validity,
    summary: raw.summary?.trim() || summaryFrom(body.plain, f.title),
    bodyHtml: body.html,
    attachmentFiles: attachments.map((a) => a.name),
  };
  const data: ImportRowData = { ...base, fingerprint: fingerprintOf(base, files) };
  const decided = decideAction(data, rowNo, ctx, problems);
  return { rowNo, action: decided.action, data: decided.action === "ERROR" ? null : data, problems, itemId: decided.itemId };
}

export { splitFileNames };
