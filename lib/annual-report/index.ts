// Public entry point of the annual report (国办公开办函〔2021〕30号 format): pure computation
// of tables 二/三/四 with their checks, suggested drafts of sections 一/五/六, the older
// free-text form, and DOCX/PDF exports. The database layer maps its rows onto the plain input
// types (AnnualReportData and the records it holds) and calls these functions.

export * from "./dates";
export * from "./tables";
export * from "./drafts";
export * from "./document";
export { renderReportDocx, exportAnnualReportDocx } from "./export-docx";
export { renderReportPdf, exportAnnualReportPdf } from "./export-pdf";
export * from "./sections";
export * from "./adjustments";
export * from "./legacy";
export * from "./from-records";
export * from "./workflow";
export { renderReportHtml, reportPlainText, gridToHtml } from "./export-html";
