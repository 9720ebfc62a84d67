/**
 * Writes sample notice-board sheets (A4 and A3) and a batch with its cover to /tmp, for looking at.
 * Usage: npx tsx scripts/render-sample-sheet.ts [outDir]
 */
import fs from "node:fs";
import path from "node:path";
import { renderNoticeSheetWithInfo } from "../lib/sheets/render-sheet";
import { renderSheetBatch } from "../lib/sheets/render-batch";
import { sampleItem } from "../lib/sheets/sample";

async function main() {
  const outDir = process.argv[2] ?? "/tmp";
  fs.mkdirSync(outDir, { recursive: true });
  const office = { name: "四宝山街道办事处" };
  const postingPeriod = { from: "2026-12-01", to: "2026-12-15" };
  const item = sampleItem();

  for (const paper of ["A4", "A3"] as const) {
    const started = performance.now();
    const { pdf, pageCount } = await renderNoticeSheetWithInfo({ item, office, postingPeriod, paper });
    const ms = performance.now() - started;
    const file = path.join(outDir, `notice-sheet-${paper}.pdf`);
    fs.writeFileSync(file, pdf);
    console.log(`已生成 ${file}：${pageCount} 页，${(pdf.length / 1024).toFixed(1)} KB，用时 ${ms.toFixed(0)} ms`);
  }

  const short = { ...sampleItem({ repeat: 0 }), indexNo: "113703000045367821/2026-00418", title: "四宝山街道2026年12月份城乡低保动态调整情况公示" };
  const started = performance.now();
  const batch = await renderSheetBatch({
    office,
    board: { name: "北石社区居委会门前公示栏" },
    paper: "A4",
    sheets: [
      { item, postingPeriod },
      { item: short, postingPeriod: { from: "2026-12-02", to: "2026-12-08" } },
    ],
  });
  const file = path.join(outDir, "notice-batch-A4.pdf");
  fs.writeFileSync(file, batch.pdf);
  console.log(
    `已生成 ${file}：清单 ${batch.coverPageCount} 页 + 张贴件 ${batch.entries.map((e) => e.pageCount).join("+")} 页，` +
      `共 ${batch.pageCount} 页，${(batch.pdf.length / 1024).toFixed(1)} KB，用时 ${(performance.now() - started).toFixed(0)} ms`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
