import ExcelJS from "exceljs";
import type { Db } from "../db/client";
import { TOPICS } from "../items/item-input";
import { FONT, styleHeaderRow, thinBorder } from "../exports/xlsx-style";
import { IMPORT_COLUMNS } from "./columns";

/**
 * The import template: sheet 信息目录 with the catalogue's columns (required ones in red, each with a
 * note, drop-down lists where the values are fixed), sheet 分类与科室 with the office's valid
 * categories, departments and topics, and sheet 填写说明.
 */
export async function buildImportTemplate(db: Db): Promise<Buffer> {
  const [categories, departments] = await Promise.all([
    db.category.findMany({ where: { active: true }, orderBy: [{ parentId: "asc" }, { sortOrder: "asc" }], include: { parent: { select: { name: true } } } }),
    db.department.findMany({ where: { active: true }, orderBy: { sortOrder: "asc" } }),
  ]);
  const wb = new ExcelJS.Workbook();
  wb.creator = "政务公开平台";
  const sheet = wb.addWorksheet("信息目录", { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = IMPORT_COLUMNS.map((c) => ({ header: c.header, key: c.field, width: c.width, style: { font: FONT, alignment: { wrapText: true, vertical: "top" } } }));
  styleHeaderRow(sheet.getRow(1));
  IMPORT_COLUMNS.forEach((c, i) => {
    const cell = sheet.getRow(1).getCell(i + 1);
    if (c.required) cell.font = { ...FONT, bold: true, color: { argb: "FFC00000" } };
    cell.note = `${c.required ? "必填。" : ""}${c.note}`;
  });

  const lists = wb.addWorksheet("分类与科室");
  lists.columns = [
    { header: "分类编码", key: "code", width: 14 },
    { header: "公开目录分类", key: "name", width: 28 },
    { header: "上级分类", key: "parent", width: 28 },
    { header: "", key: "gap", width: 3 },
    { header: "发布机构（科室）", key: "dept", width: 20 },
    { header: "", key: "gap2", width: 3 },
    { header: "主题分类", key: "topic", width: 22 },
    { header: "", key: "gap3", width: 3 },
    { header: "有效性", key: "validity", width: 10 },
  ];
  styleHeaderRow(lists.getRow(1));
  const rows = Math.max(categories.length, departments.length, TOPICS.length, 2);
  for (let i = 0; i < rows; i++) {
    const c = categories[i];
    lists.addRow({
      code: c?.code ?? "",
      name: c?.name ?? "",
      parent: c?.parent?.name ?? "",
      dept: departments[i]?.name ?? "",
      topic: TOPICS[i] ?? "",
      validity: ["有效", "失效"][i] ?? "",
    });
  }
  const list = (col: string, count: number) => [`'分类与科室'!$${col}$2:$${col}$${count + 1}`];
  const col = (field: string) => sheet.getColumn(IMPORT_COLUMNS.findIndex((c) => c.field === field) + 1).letter;
  const validations: [string, string[]][] = [
    [col("category"), list("B", categories.length)],
    [col("department"), list("E", departments.length)],
    [col("topic"), list("G", TOPICS.length)],
    [col("validity"), list("I", 2)],
  ];
  for (const [letter, formulae] of validations) {
    for (let r = 2; r <= 2001; r++) {
      sheet.getCell(`${letter}${r}`).dataValidation = { type: "list", allowBlank: true, formulae, showErrorMessage: false };
    }
  }

  const help = wb.addWorksheet("填写说明");
  help.columns = [
    { header: "列名", key: "h", width: 16 },
    { header: "是否必填", key: "r", width: 10 },
    { header: "说明", key: "n", width: 80 },
  ];
  styleHeaderRow(help.getRow(1));
  for (const c of IMPORT_COLUMNS) help.addRow({ h: c.header, r: c.required ? "必填" : "选填", n: c.note }).eachCell((cell) => (cell.border = thinBorder));
  help.addRow({});
  for (const line of [
    "1. 每行一条信息，第一行列名请勿修改；表格可另存为 CSV（UTF-8 或 WPS 默认的 GBK 编码均可）。",
    "2. 正文文件和附件请打包成一个 .zip 文件，与表格一同上传，表格中填写压缩包内的文件名。",
    "3. 上传后系统先逐行校验并列出问题，确认后才会导入；同一表格重复导入不会产生重复信息。",
    "4. 导入的信息按原日期作为历史信息发布到本平台；默认不推送到区政府信息公开系统、微信公众号和公开栏。",
  ])
    help.addRow({ h: line });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
