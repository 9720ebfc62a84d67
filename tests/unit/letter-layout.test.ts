// The 落款 (office and date) of a letter never stands alone on a page: the PDF moves the last
// paragraph to the next page with it, the DOCX chains them with keep-with-next. Checked on real
// PDFs with pdftotext, for every body length around the first and second page breaks.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import JSZip from "jszip";
import { afterAll, describe, expect, it } from "vitest";
import { renderLetterDocx } from "../../lib/letters/render-docx";
import { renderLetterPdf } from "../../lib/letters/render-pdf";
import type { LetterDocument } from "../../lib/letters/document";

const dir = mkdtempSync(path.join(tmpdir(), "letter-layout-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pages(pdf: Buffer, name: string): string[] {
  const file = path.join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync("pdftotext", [file, "-"], { encoding: "utf8" })
    .split("\f")
    .map((p) => p.replace(/\s+/g, ""))
    .filter((p) => p.length > 0);
}

function letter(paragraphs: number): LetterDocument {
  const filler = "经审查，您申请获取的政府信息属于本机关公开职责权限范围，本机关依法予以答复，具体情况说明如下，请查阅。";
  return {
    title: "政府信息公开申请答复告知书",
    reference: "申请编号：2026-7KQM-3XPD",
    body: ["张小明：", ...Array.from({ length: paragraphs }, (_, i) => `第${i + 1}段。${filler}`), "特此告知。"].join("\n"),
    issuer: "淄博市某区四宝山街道办事处",
    date: "2026-03-04",
    footer: "联系地址：四宝山街道办事处党政办公室（邮编255000）　联系电话：0533-0000000",
  };
}

describe("落款 never alone on a page", () => {
  it("PDF: for every length, the page with the 落款 also carries the closing paragraph", async () => {
    let moved = 0;
    for (let n = 6; n <= 34; n++) {
      const text = pages(await renderLetterPdf(letter(n)), `n${n}`);
      const signed = text.findIndex((p) => p.includes("2026年3月4日"));
      expect(signed, `n=${n}`).toBeGreaterThanOrEqual(0);
      expect(text[signed], `n=${n}: the 落款 page has the closing paragraph`).toContain("特此告知。");
      expect(text[signed].indexOf("特此告知。"), `n=${n}`).toBeLessThan(text[signed].indexOf("淄博市某区四宝山街道办事处2026年3月4日"));
      if (signed > 0 && text[signed].startsWith("特此告知。")) moved++;
    }
    // Some lengths needed the closing paragraph moved: the case was exercised.
    expect(moved).toBeGreaterThan(0);
  }, 60_000);

  it("DOCX: the closing paragraph, the blank lines and the issuer keep with the next paragraph", async () => {
    const docx = await renderLetterDocx(letter(3));
    const xml = await (await JSZip.loadAsync(docx)).file("word/document.xml")!.async("string");
    const paras = xml.split("<w:p>").slice(1).concat(xml.split("<w:p ").slice(1));
    const closing = paras.find((p) => p.includes("特此告知。"))!;
    const issuer = paras.find((p) => p.includes("淄博市某区四宝山街道办事处") && !p.includes("联系地址"))!;
    const date = paras.find((p) => p.includes("2026年3月4日"))!;
    expect(closing).toContain("<w:keepNext/>");
    expect(closing).toContain("<w:keepLines/>");
    expect(issuer).toContain("<w:keepNext/>");
    expect(date).not.toContain("<w:keepNext/>");
    // The middle of the body flows freely.
    expect(paras.find((p) => p.includes("第2段"))!).not.toContain("<w:keepNext/>");
  });
});
