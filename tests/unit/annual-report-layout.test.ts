// PDF layout of the annual report: no page is left more than half empty before the last one
// (a table kept together moves to the next page only when that wastes less than half a page),
// and the 落款 never stands alone on a page, whatever the length of the text before it. Checked
// on real PDFs with pdftotext -bbox. DOCX: the last paragraph keeps with the 落款.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import JSZip from "jszip";
import { afterAll, describe, expect, it } from "vitest";
import { buildReportDocument } from "../../lib/annual-report/document";
import { PDF_LAYOUT, renderReportPdf } from "../../lib/annual-report/export-pdf";
import { renderReportDocx } from "../../lib/annual-report/export-docx";
import { draftSections, type AnnualReportData } from "../../lib/annual-report/drafts";
import { ANNUAL_2017 } from "../fixtures/annual-2017";

const dir = mkdtempSync(path.join(tmpdir(), "report-layout-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Page {
  height: number;
  /** Bottom of the lowest word, page number excluded. */
  lowest: number;
  text: string;
}

function pages(pdf: Buffer, name: string): Page[] {
  const file = path.join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  const html = execFileSync("pdftotext", ["-bbox", file, "-"], { encoding: "utf8" });
  return html
    .split("<page ")
    .slice(1)
    .map((p) => {
      const height = Number(/height="([\d.]+)"/.exec(p)![1]);
      const words = [...p.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
        yMax: Number(m[2]),
        text: m[3],
      }));
      // The page number "— n —" sits in the bottom margin.
      const body = words.filter((w) => !/^(—|\d+)$/.test(w.text));
      return { height, lowest: Math.max(0, ...body.map((w) => w.yMax)), text: body.map((w) => w.text).join("") };
    });
}

const DATE = "2018年1月20日";

/** Share of the text block (between the top and bottom margins) the page's text reaches down to. */
function fill(p: Page): number {
  const top = PDF_LAYOUT.marginTop;
  const bottom = p.height - PDF_LAYOUT.marginBottom;
  return (p.lowest - top) / (bottom - top);
}
const MIN_FILL = 0.5 - PDF_LAYOUT.linePitch / (841.89 - PDF_LAYOUT.marginTop - PDF_LAYOUT.marginBottom);

function withMatters(k: number): AnnualReportData {
  return {
    ...ANNUAL_2017,
    otherMatters: Array.from({ length: k }, (_, i) => `第${i + 1}项。本年度办理人大代表建议和政协委员提案涉及政府信息公开的事项，均已按期答复并在网站公开办理结果。`),
  };
}

describe("annual report PDF layout", () => {
  it("leaves no page before the last more than half empty, and never the 落款 alone", async () => {
    let movedClosing = 0;
    for (let k = 0; k <= 22; k++) {
      const { document } = buildReportDocument(withMatters(k), { signedOn: "2018-01-20" });
      const ps = pages(await renderReportPdf(document), `k${k}`);
      ps.slice(0, -1).forEach((p, i) => {
        expect(fill(p), `k=${k}: page ${i + 1} of ${ps.length} is more than half empty`).toBeGreaterThan(MIN_FILL);
      });
      const last = ps.at(-1)!;
      expect(last.text, `k=${k}`).toContain(DATE);
      // Something of section 六 is on the 落款's page.
      expect(last.text.replace(`${ANNUAL_2017.organisationName}${DATE}`, "").length, `k=${k}: 落款 alone`).toBeGreaterThan(10);
      if (ps.length > 1 && !ps[ps.length - 2].text.includes("六、其他需要报告的事项") && k > 0) movedClosing++;
    }
    expect(movedClosing).toBeGreaterThan(0);
  }, 120_000);

  it("moves a table kept together only when that wastes less than half a page", async () => {
    // Lengthen the introduction so that each table in turn meets the foot of a page. (Checked by
    // hand: moving every kept-together table whole left page 3 of 7 only 45% full at intro+4.)
    // "Half empty" is measured on the text block (margins excluded), less one line pitch for the
    // space left after a table.
    for (let k = 0; k <= 24; k += 1) {
      const drafts = draftSections(ANNUAL_2017);
      const intro = [drafts.intro, ...Array.from({ length: k }, (_, i) => `补充说明第${i + 1}段。本年度政府信息公开工作在街道党工委领导下开展，各科室、单位按照职责分工落实各项要求。`)].join("\n");
      const { document } = buildReportDocument(ANNUAL_2017, { drafts: { ...drafts, intro }, signedOn: "2018-01-20" });
      const ps = pages(await renderReportPdf(document), `intro${k}`);
      ps.slice(0, -1).forEach((p, i) => {
        expect(fill(p), `intro+${k}: page ${i + 1} of ${ps.length} is more than half empty`).toBeGreaterThan(MIN_FILL);
      });
    }
  }, 120_000);

  it("DOCX: the last paragraph and the issuer keep with the next paragraph", async () => {
    const { document } = buildReportDocument(withMatters(2), { signedOn: "2018-01-20" });
    const xml = await (await JSZip.loadAsync(await renderReportDocx(document))).file("word/document.xml")!.async("string");
    const paras = xml.split(/<w:p[ >]/).slice(1);
    const closing = paras.find((p) => p.includes("第2项。"))!;
    const issuer = paras.filter((p) => p.includes(ANNUAL_2017.organisationName)).at(-1)!;
    const date = paras.find((p) => p.includes(DATE))!;
    expect(closing).toContain("<w:keepNext/>");
    expect(issuer).toContain("<w:keepNext/>");
    expect(date).not.toContain("<w:keepNext/>");
    expect(paras.find((p) => p.includes("第1项。"))!).not.toContain("<w:keepNext/>");
  });
});
