import { describe, expect, it } from "vitest";
import { checkZipBounds, DEFAULT_ZIP_LIMITS } from "../../lib/attachments/zip-bounds";
import { inspectAttachment } from "../../lib/attachments/inspect";
import { extractText } from "../../lib/scan/extract-text";
import JSZip from "jszip";
import { makeDocx } from "../fixtures/documents";
import { makeDocxBomb } from "../fixtures/hostile-files";

describe("checkZipBounds", () => {
  it("passes an ordinary DOCX and reports its unpacked size", async () => {
    const r = await checkZipBounds(await makeDocx({ paragraphs: ["正文"] }));
    expect(r).toMatchObject({ ok: true });
    if (r.ok) expect(r.expandedBytes).toBeGreaterThan(1000);
  });

  it("refuses a bomb by its declared size without inflating it", async () => {
    const bomb = await makeDocxBomb(60);
    expect(bomb.length).toBeLessThan(200 * 1024);
    const t = Date.now();
    const r = await checkZipBounds(bomb);
    expect(Date.now() - t).toBeLessThan(50);
    expect(r).toMatchObject({ ok: false, code: "too_large_expanded" });
    if (!r.ok) expect(r.message).toContain("解压后超过 40 MB");
  });

  it("refuses a bomb that lies about its sizes, by counting while inflating", async () => {
    const bomb = await makeDocxBomb(60, true);
    const r = await checkZipBounds(bomb);
    expect(r).toMatchObject({ ok: false, code: "too_large_expanded" });
  });

  it("refuses too many entries", async () => {
    const zip = new JSZip();
    for (let i = 0; i < 30; i++) zip.file(`f${i}.xml`, "<a/>");
    const buf = await zip.generateAsync({ type: "nodebuffer" });
    expect(await checkZipBounds(buf, { ...DEFAULT_ZIP_LIMITS, maxEntries: 20 })).toMatchObject({ ok: false, code: "too_many_entries" });
  });

  it("is what the upload check and the extractor use", async () => {
    const bomb = await makeDocxBomb(60, true);
    const inspected = await inspectAttachment(bomb, "公示.docx");
    expect(inspected).toMatchObject({ ok: false, code: "archive_too_large" });
    await expect(extractText(bomb)).rejects.toMatchObject({ code: "too_large" });
  });
});

describe("checkPdfBounds", () => {
  it("passes an ordinary PDF and refuses one whose content stream inflates past the cap", async () => {
    const { checkPdfBounds } = await import("../../lib/attachments/pdf-bounds");
    const { makePdf } = await import("../fixtures/documents");
    const { makePdfBomb } = await import("../fixtures/hostile-files");
    const limits = { maxInflatedBytes: 20 * 1024 * 1024, maxMillis: 10_000 };
    expect(await checkPdfBounds(await makePdf([["四宝山街道办事处"]]), limits)).toMatchObject({ ok: true });
    const bomb = makePdfBomb(60);
    expect(bomb.length).toBeLessThan(100 * 1024);
    const small = makePdfBomb(5);
    expect(await checkPdfBounds(small, limits)).toMatchObject({ ok: true, streams: 1, inflatedBytes: 5 * 1024 * 1024 });
    const r = await checkPdfBounds(bomb, limits);
    expect(r).toMatchObject({ ok: false, code: "too_large_expanded" });
    if (!r.ok) expect(r.message).toContain("解压后超过 20 MB");
    const inspected = await inspectAttachment(bomb, "名单.pdf", { pdfLimits: limits });
    expect(inspected).toMatchObject({ ok: false, code: "archive_too_large" });
    await expect(extractText(bomb, { maxPdfPages: 1000, maxMillis: 30_000, zip: DEFAULT_ZIP_LIMITS, pdf: limits })).rejects.toMatchObject({ code: "too_large" });
  });
});
