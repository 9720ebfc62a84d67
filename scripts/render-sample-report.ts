// Writes sample annual reports (DOCX + PDF) to a directory (default /tmp/annual-report-sample):
//   annual-2017.*   the office's 2017 facts (tests/fixtures/annual-2017.ts)
//   annual-busy.*   an illustrative busy year with applications of every kind and court cases
// Usage: npx tsx scripts/render-sample-report.ts [outDir]

import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { OUTCOME_CODES, APPLICANT_TYPE_CODES } from "../lib/applications/outcomes";
import type { AnnualReportData } from "../lib/annual-report/drafts";
import { buildReportDocument } from "../lib/annual-report/document";
import { renderReportDocx } from "../lib/annual-report/export-docx";
import { renderReportPdf } from "../lib/annual-report/export-pdf";
import { describeProblems, type ApplicationRecord } from "../lib/annual-report/tables";
import { ANNUAL_2017 } from "../tests/fixtures/annual-2017";

function busyYear(): AnnualReportData {
  const applications: ApplicationRecord[] = [];
  let id = 0;
  // One application per (outcome, applicant type) pair that is plausible, spread over 2025.
  OUTCOME_CODES.forEach((outcome, i) => {
    const type = APPLICANT_TYPE_CODES[i % APPLICANT_TYPE_CODES.length];
    const month = String((i % 11) + 1).padStart(2, "0");
    applications.push({
      id: `A${++id}`,
      applicantType: type,
      receivedDate: `2025-${month}-03`,
      closedDate: `2025-${month}-20`,
      dueDate: `2025-${month}-28`,
      outcome,
    });
  });
  applications.push(
    { id: `A${++id}`, applicantType: "NATURAL_PERSON", receivedDate: "2024-12-20", closedDate: "2025-01-10", dueDate: "2025-01-17", outcome: "GRANTED" },
    { id: `A${++id}`, applicantType: "COMMERCIAL", receivedDate: "2025-12-22", closedDate: null },
  );
  return {
    ...ANNUAL_2017,
    year: 2025,
    proactiveItems: ANNUAL_2017.proactiveItems.map((it) => ({
      ...it,
      formedDate: String(it.formedDate).replace("2017", "2025"),
      submittedDate: String(it.submittedDate).replace("2017", "2025"),
      approvedDate: String(it.approvedDate).replace("2017", "2025"),
      publishedDate: String(it.publishedDate).replace("2017", "2025"),
      channels: ["淄博高新区政府信息公开系统", "四宝山街道微信公众号"],
    })),
    applications,
    cases: [
      { kind: "复议", filedDate: "2025-03-01", result: "维持", closedDate: "2025-05-01" },
      { kind: "未经复议直接起诉", filedDate: "2025-06-01", result: "尚未审结" },
      { kind: "复议后起诉", filedDate: "2025-07-01", result: "纠正", closedDate: "2025-10-01" },
    ],
    catalogue: [
      { reportRow: "NORMATIVE", issuedDate: "2023-05-01" },
      { reportRow: "NORMATIVE", issuedDate: "2025-04-01" },
      { reportRow: "NORMATIVE", issuedDate: "2021-01-01", repealedDate: "2025-09-01" },
    ],
    figures: { licensingDecisions: 12, penaltyDecisions: 3, enforcementDecisions: 0, administrativeFeesWan: 1.25 },
    fees: [],
    inspections: [{ date: "2025-06-30", scope: "各科室、单位政府信息公开工作", findingsCount: 2, rectifiedCount: 2 }],
    trainings: [{ date: "2025-04-15", topic: "政府信息公开条例解读", hours: 3, attendees: 20 }],
  };
}

async function main(): Promise<void> {
  const outDir = process.argv[2] ?? "/tmp/annual-report-sample";
  mkdirSync(outDir, { recursive: true });
  for (const [name, data] of [
    ["annual-2017", ANNUAL_2017],
    ["annual-busy", busyYear()],
  ] as const) {
    const built = buildReportDocument(data);
    const problems = describeProblems(built.tables);
    writeFileSync(path.join(outDir, `${name}.docx`), await renderReportDocx(built.document));
    writeFileSync(path.join(outDir, `${name}.pdf`), await renderReportPdf(built.document));
    console.log(`${name}: ${problems.length === 0 ? "checks pass" : problems.join("; ")}`);
  }
  console.log(`written to ${outDir}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
