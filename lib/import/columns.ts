// The import template's columns: the national catalogue's fields as an office's spreadsheet names
// them. The same columns are used for the catalogue export, so an export can be edited and imported.

export type ImportField =
  | "title"
  | "indexNo"
  | "department"
  | "generatedDate"
  | "publishedDate"
  | "documentNumber"
  | "category"
  | "topic"
  | "validity"
  | "summary"
  | "body"
  | "bodyFile"
  | "attachmentFiles";

export interface ImportColumn {
  field: ImportField;
  header: string;
  required: boolean;
  width: number;
  note: string;
}

export const IMPORT_COLUMNS: readonly ImportColumn[] = [
  { field: "title", header: "名称", required: true, width: 40, note: "信息名称（标题），4至200字" },
  { field: "indexNo", header: "索引号", required: false, width: 30, note: "原有索引号，如 11370300MB28513644/2017-00001；没有的留空，导入时按本单位规则编号" },
  { field: "department", header: "发布机构", required: true, width: 16, note: "本单位科室名称，见“分类与科室”表" },
  { field: "generatedDate", header: "生成日期", required: true, width: 12, note: "如 2017-03-05、2017/3/5 或 2017年3月5日" },
  { field: "publishedDate", header: "发布日期", required: false, width: 12, note: "原发布日期；留空按生成日期" },
  { field: "documentNumber", header: "文号", required: false, width: 22, note: "发文字号，如 四宝山办发〔2017〕5号" },
  { field: "category", header: "公开目录分类", required: true, width: 18, note: "见“分类与科室”表中的分类名称" },
  { field: "topic", header: "主题分类", required: false, width: 16, note: "留空按“综合政务”" },
  { field: "validity", header: "有效性", required: false, width: 8, note: "有效 或 失效（废止）；留空按有效" },
  { field: "summary", header: "内容概述", required: false, width: 40, note: "留空取正文开头" },
  { field: "body", header: "正文", required: false, width: 50, note: "正文文字；也可改填“正文文件名”" },
  { field: "bodyFile", header: "正文文件名", required: false, width: 20, note: "压缩包中的正文文件（.docx/.pdf/.txt/.html）" },
  { field: "attachmentFiles", header: "附件文件名", required: false, width: 30, note: "压缩包中的附件文件名，多个用分号（；）分隔" },
] as const;

export const COLUMN_BY_FIELD = Object.fromEntries(IMPORT_COLUMNS.map((c) => [c.field, c])) as Record<ImportField, ImportColumn>;

/** Header text → field; tolerant of spaces, full-width brackets and a trailing "*" or "（必填）". */
export function fieldOfHeader(header: string): ImportField | undefined {
  const h = header
    .normalize("NFKC")
    .replace(/\s+/g, "")
    .replace(/[*＊]$/, "")
    .replace(/\(必填\)$/, "");
  const aliases: Record<string, ImportField> = {
    标题: "title",
    信息名称: "title",
    成文日期: "generatedDate",
    发文字号: "documentNumber",
    分类: "category",
    公开类别: "category",
    摘要: "summary",
    附件: "attachmentFiles",
  };
  return IMPORT_COLUMNS.find((c) => c.header === h)?.field ?? aliases[h];
}

export type RawRow = Partial<Record<ImportField, string>>;

/** Attachment file names in one cell: separated by ；; 、 or line breaks. */
export function splitFileNames(cell: string | undefined): string[] {
  return (cell ?? "")
    .split(/[；;、\n\r]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}
