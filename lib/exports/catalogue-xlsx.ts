import ExcelJS from "exceljs";
import type { Db } from "../db/client";
import type { SessionUser } from "../auth/roles";
import { itemListWhere, type ItemListFilter } from "../items/item-queries";
import { bodyText } from "../items/item-input";
import { ITEM_STATE_LABELS } from "../items/workflow";
import { toChinaDate } from "../calendar/dates";
import { IMPORT_COLUMNS, type ImportField } from "../import/columns";
import { cellSafe, FONT, styleHeaderRow } from "./xlsx-style";

export const MAX_EXPORT_ROWS = 200_000;
const PAGE = 2_000;

/**
 * The console's item list, as filtered, in the import template's columns (so an export can be corrected
 * and imported again) plus 状态. Each row shows the published version where there is one, else the draft.
 */
export async function exportCatalogueXlsx(db: Db, user: SessionUser, filter: ItemListFilter): Promise<{ buffer: Buffer; rows: number }> {
  const where = itemListWhere(user, filter);
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet("信息目录", { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = [
    ...IMPORT_COLUMNS.map((c) => ({ header: c.header, key: c.field, width: c.width })),
    { header: "状态", key: "state", width: 10 },
  ];
  styleHeaderRow(sheet.getRow(1));
  let rows = 0;
  for (let cursor: string | undefined; rows < MAX_EXPORT_ROWS; ) {
    const items = await db.item.findMany({
      where,
      orderBy: { id: "asc" },
      take: PAGE,
      ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}),
      include: { department: { select: { name: true } }, category: { select: { name: true } }, versions: { include: { attachments: { select: { name: true }, orderBy: { sortOrder: "asc" } } } } },
    });
    if (items.length === 0) break;
    for (const it of items) {
      const v = it.versions.find((x) => x.number === (it.publishedVersionNo ?? it.workingVersionNo)) ?? it.versions[0];
      const values: Record<ImportField | "state", string> = {
        title: v.title,
        indexNo: it.indexNo ?? "",
        department: it.department.name,
        generatedDate: v.generatedDate.toISOString().slice(0, 10),
        publishedDate: it.firstPublishedAt ? toChinaDate(it.firstPublishedAt) : "",
        documentNumber: v.documentNumber ?? "",
        category: it.category.name,
        topic: v.topic,
        validity: v.validity === "REPEALED" ? "失效" : "有效",
        summary: v.summary,
        body: cellSafe(bodyText(v.bodyHtml)),
        bodyFile: "",
        attachmentFiles: v.attachments.map((a) => a.name).join("；"),
        state: ITEM_STATE_LABELS[it.state],
      };
      sheet.addRow(values).font = FONT;
      rows += 1;
    }
    cursor = items[items.length - 1].id;
  }
  return { buffer: Buffer.from(await wb.xlsx.writeBuffer()), rows };
}
