import type ExcelJS from "exceljs";

// The look shared by every spreadsheet the platform hands out: a bold shaded header row that stays in
// view, thin borders, wrapped text, and 宋体 as WPS and Excel in government offices expect.

export const FONT = { name: "宋体", size: 11 } as const;

export function styleHeaderRow(row: ExcelJS.Row): void {
  row.font = { ...FONT, bold: true };
  row.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
  row.height = 22;
  row.eachCell((c) => {
    c.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDE6F0" } };
    c.border = thinBorder;
  });
}

export const thinBorder: Partial<ExcelJS.Borders> = {
  top: { style: "thin" },
  left: { style: "thin" },
  bottom: { style: "thin" },
  right: { style: "thin" },
};

/** Excel keeps at most 32,767 characters in a cell. */
export function cellSafe(text: string | null | undefined): string {
  const t = text ?? "";
  return t.length > 32_000 ? `${t.slice(0, 32_000)}…（以下略）` : t;
}

export const XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** RFC 6266/5987: an ASCII fallback plus the UTF-8 name. */
export function attachmentDisposition(asciiName: string, name: string): string {
  return `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
