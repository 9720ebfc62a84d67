import Link from "next/link";
import type { AnnualReportData, ReportDrafts } from "@/lib/annual-report/drafts";
import { legacyReportBlocks } from "@/lib/annual-report/from-records";

/** What the report leaves out because nothing is recorded, with links to where to record it. */
export function MissingRecords({ data, suggested }: { data: AnnualReportData; suggested: ReportDrafts }) {
  const notes = [...suggested.overview.subsections, ...suggested.problems.subsections, ...suggested.other.subsections].flatMap((s) =>
    (s.notes ?? []).map((n) => ({ ...n, where: s.heading ?? "" })),
  );
  for (const b of legacyReportBlocks(data)) {
    if (b.type === "missing") notes.push({ message: b.message, href: b.href, where: "旧版文字格式" });
  }
  if (notes.length === 0) return null;
  return (
    <section className="notice" data-testid="missing-records" aria-labelledby="missing-records">
      <h2 id="missing-records">没有记录、报告未写的内容</h2>
      <ul>
        {notes.map((n, i) => (
          <li key={i}>
            {n.where && `${n.where}：`}
            {n.message} <Link href={n.href}>前往登记</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
