// Prints the annual report of a year in the office's free-text form, written only from the
// records in the database DATABASE_URL points to, and (with --compare) compares it sentence by
// sentence with the office's own 2017 report.
//
// Usage: npx tsx scripts/print-annual-report.ts 2017 [--compare]

import { createDb } from "../lib/db/client";
import { compareWithReference, legacyReportBlocks, renderBlocks } from "../lib/annual-report/from-records";
import { loadAnnualData } from "../lib/reports/load-annual-data";
import { SEED_2017_FULL_TEXT } from "../tests/fixtures/annual-2017";

const year = Number(process.argv[2]);
if (!Number.isInteger(year) || year < 2000) {
  console.error("用法：npx tsx scripts/print-annual-report.ts <年度> [--compare]");
  process.exit(2);
}
const db = createDb();
try {
  const blocks = legacyReportBlocks(await loadAnnualData(db, year));
  console.log(renderBlocks(blocks));
  for (const b of blocks) if (b.type === "missing") console.error(`【缺少记录】${b.message}（${b.href}）`);
  if (process.argv.includes("--compare")) {
    const cmp = compareWithReference(blocks, SEED_2017_FULL_TEXT);
    console.error(`\n与2017年报告逐句比对：未覆盖的原文句子${cmp.missing.length}句，无记录支撑的句子${cmp.unsupported.length}句，原文没有的句子${cmp.added.length}句。`);
    for (const m of cmp.missing) console.error(`  未覆盖（${Math.round(m.coverage * 100)}%）：${m.sentence}`);
    for (const s of cmp.unsupported) console.error(`  无记录支撑：${s}`);
    for (const s of cmp.added) console.error(`  原文没有：${s.text}（来源：${s.source.ref}）`);
    if (cmp.missing.length + cmp.unsupported.length > 0) process.exitCode = 1;
  }
} finally {
  await db.$disconnect();
}
