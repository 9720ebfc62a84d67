// A renderer-neutral model of the annual report (national format, 国办公开办函〔2021〕30号):
// title, blocks of headings/paragraphs, and the three statistical tables as grids with merged
// cells. export-docx.ts and export-pdf.ts both render this model, so the two files always say
// the same thing.

import { formatChineseDate } from "./dates";
import { APPLICANT_ORGANISATION_HEADER, APPLICANT_TYPES, OUTCOMES, OUTCOME_GROUPS } from "../applications/outcomes";
import { draftSections, type AnnualReportData, type DraftSection, type ReportDrafts } from "./drafts";
import {
  CASE_RESULT_KEYS,
  CASE_RESULT_LABELS,
  TABLE3_RESULTS_HEADER,
  TABLE3_ROW_LABELS,
  computeAnnualTables,
  describeProblems,
  type AnnualTables,
  type Table3ColumnKey,
  type Table3RowKey,
} from "./tables";

export interface GridCell {
  text: string;
  colSpan?: number;
  rowSpan?: number;
  align?: "left" | "center";
  bold?: boolean;
}

/**
 * A table as rows of cells with HTML semantics: a cell covered by a rowSpan from above is
 * simply absent from its row.
 */
export interface GridTable {
  /** Relative column widths (any unit; renderers scale them to the text width). */
  columnWidths: number[];
  /** Rows at the top repeated when the table continues on a new page. */
  headerRows: number;
  rows: GridCell[][];
  /** Type size in points. */
  fontSize: number;
  /** Start the table on a new page rather than split it, when it fits on one page. */
  keepTogether?: boolean;
}

export type ReportBlock =
  | { type: "heading1"; text: string }
  | { type: "heading2"; text: string }
  | { type: "paragraph"; text: string }
  | { type: "table"; table: GridTable }
  | { type: "warning"; lines: string[] }
  /** The 落款: the office and the date, right-aligned; never alone on a page. */
  | { type: "signature"; issuer: string; dateText: string };

export interface ReportDocument {
  /** Title lines, centred: organisation, then "2017年政府信息公开工作年度报告". */
  titleLines: string[];
  blocks: ReportBlock[];
}

export const TABLE3_CHECK_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";

function n(v: number): string {
  return String(v);
}

function wan(v: number): string {
  if (Number.isInteger(v)) return String(v);
  return v.toFixed(4).replace(/0+$/, "").replace(/\.$/, "");
}

export function table2Grid(tables: AnnualTables): GridTable {
  const t = tables.table2;
  const head = (text: string): GridCell[] => [{ text, colSpan: 4, bold: true }];
  return {
    columnWidths: [34, 22, 22, 22],
    headerRows: 0,
    fontSize: 10,
    keepTogether: true,
    rows: [
      head("第二十条第（一）项"),
      [{ text: "信息内容", bold: true }, { text: "本年制发件数", bold: true }, { text: "本年废止件数", bold: true }, { text: "现行有效件数", bold: true }],
      [{ text: "规章" }, { text: n(t.rules.issued) }, { text: n(t.rules.repealed) }, { text: n(t.rules.inForce) }],
      [{ text: "行政规范性文件" }, { text: n(t.normative.issued) }, { text: n(t.normative.repealed) }, { text: n(t.normative.inForce) }],
      head("第二十条第（五）项"),
      [{ text: "信息内容", bold: true }, { text: "本年处理决定数量", colSpan: 3, bold: true }],
      [{ text: "行政许可" }, { text: n(t.licensing), colSpan: 3 }],
      head("第二十条第（六）项"),
      [{ text: "信息内容", bold: true }, { text: "本年处理决定数量", colSpan: 3, bold: true }],
      [{ text: "行政处罚" }, { text: n(t.penalty), colSpan: 3 }],
      [{ text: "行政强制" }, { text: n(t.enforcement), colSpan: 3 }],
      head("第二十条第（八）项"),
      [{ text: "信息内容", bold: true }, { text: "本年收费金额（单位：万元）", colSpan: 3, bold: true }],
      [{ text: "行政事业性收费" }, { text: wan(t.administrativeFeesWan), colSpan: 3 }],
    ],
  };
}

const T3_COLUMNS: Table3ColumnKey[] = [...APPLICANT_TYPES.map((a) => a.code), "TOTAL"];

export function table3Grid(tables: AnnualTables): GridTable {
  const v = tables.table3.values;
  const nums = (row: Table3RowKey): GridCell[] => T3_COLUMNS.map((c) => ({ text: n(v[row][c]) }));
  const rows: GridCell[][] = [];

  // Header: the check note spans the three label columns and the three header rows.
  rows.push([
    { text: TABLE3_CHECK_NOTE, colSpan: 3, rowSpan: 3, align: "left" },
    { text: "申请人情况", colSpan: 7, bold: true },
  ]);
  rows.push([
    { text: APPLICANT_TYPES[0].label, rowSpan: 2, bold: true },
    { text: APPLICANT_ORGANISATION_HEADER, colSpan: 5, bold: true },
    { text: "总计", rowSpan: 2, bold: true },
  ]);
  rows.push(APPLICANT_TYPES.filter((a) => a.organisation).map((a) => ({ text: a.label, bold: true })));

  rows.push([{ text: TABLE3_ROW_LABELS.NEW, colSpan: 3, align: "left" }, ...nums("NEW")]);
  rows.push([{ text: TABLE3_ROW_LABELS.CARRIED_IN, colSpan: 3, align: "left" }, ...nums("CARRIED_IN")]);

  // 三、本年度办理结果: one cell spanning every result row (21 outcome rows + （七）总计).
  const resultRows = OUTCOMES.length + 1;
  let first = true;
  for (const g of OUTCOME_GROUPS) {
    const members = OUTCOMES.filter((o) => o.group === g.code);
    members.forEach((o, i) => {
      const row: GridCell[] = [];
      if (first) {
        row.push({ text: TABLE3_RESULTS_HEADER, rowSpan: resultRows });
        first = false;
      }
      if (o.item === null) {
        row.push({ text: o.label, colSpan: 2, align: "left" });
      } else {
        if (i === 0) row.push({ text: g.label, rowSpan: members.length, align: "left" });
        row.push({ text: o.label, align: "left" });
      }
      rows.push([...row, ...nums(o.code)]);
    });
  }
  rows.push([{ text: TABLE3_ROW_LABELS.RESULT_TOTAL, colSpan: 2, align: "left" }, ...nums("RESULT_TOTAL")]);
  rows.push([{ text: TABLE3_ROW_LABELS.CARRIED_OUT, colSpan: 3, align: "left" }, ...nums("CARRIED_OUT")]);

  return {
    columnWidths: [8, 10, 27, 8, 8, 8, 8, 8, 8, 8],
    headerRows: 3,
    fontSize: 9,
    keepTogether: true,
    rows,
  };
}

export function table4Grid(tables: AnnualTables): GridTable {
  const v = tables.table4.values;
  const parts = CASE_RESULT_KEYS.map((r) => ({ text: CASE_RESULT_LABELS[r], bold: true }));
  return {
    columnWidths: Array(15).fill(1),
    headerRows: 3,
    fontSize: 8,
    keepTogether: true,
    rows: [
      [
        { text: "行政复议", colSpan: 5, bold: true },
        { text: "行政诉讼", colSpan: 10, bold: true },
      ],
      [
        ...parts.map((p) => ({ ...p, rowSpan: 2 })),
        { text: "未经复议直接起诉", colSpan: 5, bold: true },
        { text: "复议后起诉", colSpan: 5, bold: true },
      ],
      [...parts, ...parts],
      [
        ...CASE_RESULT_KEYS.map((r) => ({ text: n(v.RECONSIDERATION[r]) })),
        ...CASE_RESULT_KEYS.map((r) => ({ text: n(v.DIRECT_LITIGATION[r]) })),
        ...CASE_RESULT_KEYS.map((r) => ({ text: n(v.LITIGATION_AFTER_RECONSIDERATION[r]) })),
      ],
    ],
  };
}

function sectionBlocks(section: DraftSection): ReportBlock[] {
  const blocks: ReportBlock[] = [{ type: "heading1", text: section.title }];
  for (const sub of section.subsections) {
    if (sub.heading) blocks.push({ type: "heading2", text: sub.heading });
    for (const p of sub.paragraphs) blocks.push({ type: "paragraph", text: p });
  }
  return blocks;
}

export interface BuiltReport {
  tables: AnnualTables;
  drafts: ReportDrafts;
  document: ReportDocument;
}

/**
 * Assemble the report. `drafts` may be passed in (the office's edited text); otherwise the
 * suggested drafts are used. When any check fails the document opens with a warning block
 * listing the failures, so an unbalanced report cannot be mistaken for a finished one.
 */
export function buildReportDocument(
  data: AnnualReportData,
  options: { tables?: AnnualTables; drafts?: ReportDrafts; signedOn?: string | null } = {},
): BuiltReport {
  const tables = options.tables ?? computeAnnualTables(data);
  const drafts = options.drafts ?? draftSections(data, tables);
  const blocks: ReportBlock[] = [];
  const problems = describeProblems(tables);
  if (problems.length > 0) {
    blocks.push({ type: "warning", lines: ["【数据校验未通过，本报告不得发布】", ...problems] });
  }
  for (const p of drafts.intro.split("\n").filter((l) => l.trim())) blocks.push({ type: "paragraph", text: p });
  blocks.push(...sectionBlocks(drafts.overview));
  blocks.push({ type: "heading1", text: "二、主动公开政府信息情况" });
  blocks.push({ type: "table", table: table2Grid(tables) });
  blocks.push({ type: "heading1", text: "三、收到和处理政府信息公开申请情况" });
  blocks.push({ type: "table", table: table3Grid(tables) });
  blocks.push({ type: "heading1", text: "四、政府信息公开行政复议、行政诉讼情况" });
  blocks.push({ type: "table", table: table4Grid(tables) });
  blocks.push(...sectionBlocks(drafts.problems));
  blocks.push(...sectionBlocks(drafts.other));
  // Undated until published: the date is written in when the report is signed.
  const signedOn = options.signedOn ?? null;
  blocks.push({ type: "signature", issuer: data.organisationName, dateText: signedOn ? formatChineseDate(signedOn) : "　　年　　月　　日" });

  return {
    tables,
    drafts,
    document: {
      titleLines: [data.organisationName, `${data.year}年政府信息公开工作年度报告`],
      blocks,
    },
  };
}

/**
 * Split a short centred label into lines of even length instead of leaving one character on
 * the last line ("商业企/业" → "商业/企业"). `capacity` is how many full-width characters fit
 * on a line. Texts with spaces, or that fit, are returned whole.
 */
export function balancedLines(text: string, capacity: number): string[] {
  const chars = [...text];
  if (capacity < 1 || chars.length <= capacity || /\s/.test(text)) return [text];
  const lines = Math.ceil(chars.length / capacity);
  const per = Math.ceil(chars.length / lines);
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += per) out.push(chars.slice(i, i + per).join(""));
  return out;
}

export interface PlacedCell {
  row: number;
  col: number;
  colSpan: number;
  rowSpan: number;
  cell: GridCell;
}

/**
 * Resolve HTML-style spans into positions. Throws if a row does not cover exactly the table's
 * columns (a malformed grid would otherwise render shifted cells).
 */
export function placeCells(grid: GridTable): PlacedCell[] {
  const cols = grid.columnWidths.length;
  const occupied: boolean[][] = grid.rows.map(() => Array(cols).fill(false));
  const placed: PlacedCell[] = [];
  grid.rows.forEach((row, r) => {
    let c = 0;
    for (const cell of row) {
      while (c < cols && occupied[r][c]) c += 1;
      const colSpan = cell.colSpan ?? 1;
      const rowSpan = cell.rowSpan ?? 1;
      if (c + colSpan > cols || r + rowSpan > grid.rows.length) {
        throw new Error(`grid row ${r}: cell "${cell.text}" does not fit`);
      }
      for (let rr = r; rr < r + rowSpan; rr++) for (let cc = c; cc < c + colSpan; cc++) occupied[rr][cc] = true;
      placed.push({ row: r, col: c, colSpan, rowSpan, cell });
      c += colSpan;
    }
    if (occupied[r].some((o) => !o)) throw new Error(`grid row ${r} does not cover all ${cols} columns`);
  });
  return placed;
}
