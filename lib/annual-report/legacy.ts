// The whole report in the office's older free-text form (its 2017 report, before the 2021 national
// format), written only from records: see ./from-records.ts. Notes about missing records are left
// out of the printed text.

import type { AnnualReportData, ReportDrafts } from "./drafts";
import { legacyReportBlocks, renderBlocks } from "./from-records";

export function renderLegacyReport(year: number, data: AnnualReportData, _drafts?: ReportDrafts): string {
  return renderBlocks(legacyReportBlocks({ ...data, year }));
}
