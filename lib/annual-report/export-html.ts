// HTML of the report, for the body of the published item (portal page, district system, WeChat
// article, notice-board sheet). It uses only what the item body allows (lib/items/item-input.ts
// BODY_SANITIZE_OPTIONS: headings, paragraphs, tables with colspan/rowspan) and carries no
// attributes besides the spans, so every channel's converter styles it in its own way.
// The title is not repeated: it is the item's title.

import type { GridTable, ReportDocument } from "./document";

export function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function cellHtml(tag: "th" | "td", cell: GridTable["rows"][number][number]): string {
  const attrs = [
    cell.colSpan && cell.colSpan > 1 ? ` colspan="${cell.colSpan}"` : "",
    cell.rowSpan && cell.rowSpan > 1 ? ` rowspan="${cell.rowSpan}"` : "",
  ].join("");
  return `<${tag}${attrs}>${escapeHtml(cell.text)}</${tag}>`;
}

export function gridToHtml(grid: GridTable): string {
  const head = grid.rows.slice(0, grid.headerRows);
  const body = grid.rows.slice(grid.headerRows);
  const row = (cells: GridTable["rows"][number], header: boolean) =>
    `<tr>${cells.map((c) => cellHtml(header || c.bold ? "th" : "td", c)).join("")}</tr>`;
  return (
    "<table>" +
    (head.length ? `<thead>${head.map((r) => row(r, true)).join("")}</thead>` : "") +
    `<tbody>${body.map((r) => row(r, false)).join("")}</tbody>` +
    "</table>"
  );
}

export function renderReportHtml(doc: ReportDocument): string {
  const out: string[] = [];
  for (const block of doc.blocks) {
    switch (block.type) {
      case "heading1":
        out.push(`<h2>${escapeHtml(block.text)}</h2>`);
        break;
      case "heading2":
        out.push(`<h3>${escapeHtml(block.text)}</h3>`);
        break;
      case "paragraph":
        out.push(`<p>${escapeHtml(block.text)}</p>`);
        break;
      case "warning":
        out.push(`<p><strong>${block.lines.map(escapeHtml).join("<br>")}</strong></p>`);
        break;
      case "table":
        out.push(gridToHtml(block.table));
        break;
      case "signature":
        // Plain markup: the portal sanitiser keeps no attributes on <p>.
        out.push(`<p>${escapeHtml(block.issuer)}</p>`, `<p>${escapeHtml(block.dateText)}</p>`);
        break;
    }
  }
  return out.join("\n");
}

/** Plain text of the report (title lines first), e.g. for the confidentiality scan. */
export function reportPlainText(doc: ReportDocument): string {
  const out: string[] = [...doc.titleLines];
  for (const block of doc.blocks) {
    if (block.type === "table") out.push(block.table.rows.map((r) => r.map((c) => c.text).join(" ")).join("\n"));
    else if (block.type === "warning") out.push(...block.lines);
    else if (block.type === "signature") out.push(block.issuer, block.dateText);
    else out.push(block.text);
  }
  return out.join("\n");
}
