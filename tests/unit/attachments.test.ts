import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import JSZip from "jszip";
import { PDFDocument, PDFName } from "pdf-lib";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cfbEntryNames, classifyCfb } from "../../lib/attachments/cfb";
import { detectType, inspectAttachment } from "../../lib/attachments/inspect";
import { LocalBlobStorage, createStorage, sha256Hex } from "../../lib/attachments/storage";
import { stripMetadata } from "../../lib/attachments/strip-metadata";
import { extractText } from "../../lib/scan/extract-text";
import { buildCfb } from "../fixtures/build-cfb";
import { makeDocx, makePdf } from "../fixtures/documents";

const png = () => sharp({ create: { width: 4, height: 3, channels: 3, background: "#c00" } }).png().toBuffer();

async function jpegWithExif(): Promise<Buffer> {
  return sharp({ create: { width: 40, height: 20, channels: 3, background: "#0a0" } })
    .jpeg()
    // libvips writes EXIF ASCII fields, so the names are romanised.
    .withMetadata({ orientation: 6 })
    .withExifMerge({
      IFD0: { Artist: "Zhang San", Copyright: "Sibaoshan" },
      IFD3: { GPSLatitudeRef: "N", GPSLatitude: "36/1 48/1 0/1", GPSLongitudeRef: "E", GPSLongitude: "118/1 3/1 0/1" },
    })
    .toBuffer();
}

async function pdfLibPdf(): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.addPage([200, 200]).drawText("Hello");
  doc.setAuthor("Zhang San");
  doc.setCreator("WPS Office");
  doc.setProducer("Secret Producer 1.0");
  doc.setTitle("Draft for internal review");
  doc.setSubject("Subject line");
  doc.setKeywords(["alpha", "beta"]);
  // A minimal XMP packet hung off the catalog.
  const xmp = doc.context.stream('<x:xmpmeta xmlns:x="adobe:ns:meta/"><dc:creator>Zhang San</dc:creator></x:xmpmeta>', {
    Type: "Metadata",
    Subtype: "XML",
  });
  doc.catalog.set(PDFName.of("Metadata"), doc.context.register(xmp));
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}

describe("attachment type detection", () => {
  it("detects a PNG as PNG", async () => {
    const result = await inspectAttachment(await png(), "现场照片.png");
    expect(result).toMatchObject({ ok: true, type: "png", mime: "image/png", extension: "png" });
  });

  it("accepts .jpeg and .JPG names for JPEG content", async () => {
    const jpg = await jpegWithExif();
    expect(await inspectAttachment(jpg, "a.JPG")).toMatchObject({ ok: true, type: "jpg" });
    expect(await inspectAttachment(jpg, "a.jpeg")).toMatchObject({ ok: true, type: "jpg" });
  });

  it("refuses a PDF renamed to .docx", async () => {
    const pdf = await makePdf([["测试"]]);
    const result = await inspectAttachment(pdf, "关于印发某方案的通知.docx");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe("extension_mismatch");
    expect(result.message).toContain("文件类型与扩展名不符");
    expect(result.detected).toBe("pdf");
  });

  it("detects DOCX by its declared main part, and XLSX likewise", async () => {
    const docx = await makeDocx({ paragraphs: ["正文"] });
    expect(await inspectAttachment(docx, "通知.docx")).toMatchObject({ ok: true, type: "docx" });
    expect(await inspectAttachment(docx, "通知.xlsx")).toMatchObject({ ok: false, code: "extension_mismatch" });

    const xlsx = new JSZip();
    // [Content_Types].xml last and a neutral first entry: detection must not depend on order.
    xlsx.file("docProps/app.xml", "<Properties/>");
    xlsx.file("xl/workbook.xml", "<workbook/>");
    xlsx.file(
      "[Content_Types].xml",
      '<Types><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
    );
    const buf = await xlsx.generateAsync({ type: "nodebuffer" });
    expect(await inspectAttachment(buf, "名单.xlsx")).toMatchObject({ ok: true, type: "xlsx" });
  });

  it("refuses a plain zip, a macro-enabled workbook and unknown content", async () => {
    const zip = new JSZip();
    zip.file("readme.txt", "hello");
    const plain = await zip.generateAsync({ type: "nodebuffer" });
    expect(await inspectAttachment(plain, "资料.docx")).toMatchObject({ ok: false, code: "type_not_allowed" });

    const xlsm = new JSZip();
    xlsm.file("xl/workbook.xml", "<workbook/>");
    xlsm.file(
      "[Content_Types].xml",
      '<Types><Override PartName="/xl/workbook.xml" ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/></Types>',
    );
    const macro = await xlsm.generateAsync({ type: "nodebuffer" });
    expect(await inspectAttachment(macro, "表.xlsx")).toMatchObject({ ok: false, code: "macro_enabled" });

    const text = Buffer.from("只是一段文字");
    const r = await inspectAttachment(text, "说明.pdf");
    expect(r).toMatchObject({ ok: false, code: "unknown_type" });
    expect(!r.ok && r.message).toContain("PDF、DOC、DOCX、XLS、XLSX、JPG、PNG");
  });

  it("tells DOC from XLS inside the OLE2 container", async () => {
    const doc = buildCfb(["WordDocument", "1Table"]);
    const xls = buildCfb(["Workbook"]);
    expect(cfbEntryNames(doc)).toEqual(["Root Entry", "WordDocument", "1Table"]);
    expect(classifyCfb(cfbEntryNames(xls)!)).toBe("xls");
    expect(await inspectAttachment(doc, "旧文件.doc")).toMatchObject({ ok: true, type: "doc", mime: "application/msword" });
    expect(await inspectAttachment(xls, "旧表格.xls")).toMatchObject({ ok: true, type: "xls" });
    expect(await inspectAttachment(xls, "旧表格.doc")).toMatchObject({ ok: false, code: "extension_mismatch" });
    expect(await detectType(buildCfb(["PowerPoint Document"]))).toMatchObject({ detected: "ppt" });
    expect(await inspectAttachment(buildCfb(["EncryptedPackage", "EncryptionInfo"]), "加密.docx")).toMatchObject({
      ok: false,
      code: "encrypted",
    });
  });

  it("enforces the size limit, the allowed list and a file extension", async () => {
    const buf = await png();
    const small = await inspectAttachment(buf, "a.png", { maxBytes: 10 });
    expect(small).toMatchObject({ ok: false, code: "too_large" });
    expect(!small.ok && small.message).toContain("超过");
    expect(await inspectAttachment(Buffer.alloc(0), "a.png")).toMatchObject({ ok: false, code: "empty" });
    expect(await inspectAttachment(buf, "a.png", { allowedTypes: ["pdf"] })).toMatchObject({
      ok: false,
      code: "type_not_allowed",
    });
    expect(await inspectAttachment(buf, "无扩展名")).toMatchObject({ ok: false, code: "missing_extension" });
  });
});

describe("metadata stripping", () => {
  it("removes EXIF (author, GPS) from a JPEG and applies the orientation", async () => {
    const input = await jpegWithExif();
    const before = await sharp(input).metadata();
    expect(before.exif).toBeDefined();
    expect(before.exif!.includes(Buffer.from("Zhang San"))).toBe(true);
    expect(before.orientation).toBe(6);

    const { buffer, metadataStripped, removed } = await stripMetadata(input, "jpg");
    expect(metadataStripped).toBe(true);
    expect(removed).toContain("EXIF");
    const after = await sharp(buffer).metadata();
    expect(after.format).toBe("jpeg");
    expect(after.exif).toBeUndefined();
    expect(after.orientation).toBeUndefined();
    expect(buffer.includes(Buffer.from("Zhang San"))).toBe(false);
    expect(buffer.includes(Buffer.from("Exif\0\0"))).toBe(false);
    // Orientation 6 is a 90° rotation: the 40×20 picture is now upright as 20×40.
    expect([after.width, after.height]).toEqual([20, 40]);
  });

  it("re-encodes a PNG without its EXIF chunk", async () => {
    const input = await sharp({ create: { width: 2, height: 2, channels: 4, background: "#fff" } })
      .png()
      .withExif({ IFD0: { Artist: "Li Si" } })
      .toBuffer();
    expect(input.includes(Buffer.from("Li Si"))).toBe(true);
    const { buffer } = await stripMetadata(input, "png");
    expect((await sharp(buffer).metadata()).format).toBe("png");
    expect(buffer.includes(Buffer.from("Li Si"))).toBe(false);
  });

  it("clears the PDF Info dictionary and XMP but keeps the pages", async () => {
    const input = await pdfLibPdf();
    expect(input.includes(Buffer.from("Zhang San"))).toBe(true);

    const { buffer, metadataStripped, removed } = await stripMetadata(input, "pdf");
    expect(metadataStripped).toBe(true);
    expect(removed).toEqual(expect.arrayContaining(["Info/Author", "Info/Producer", "XMP"]));
    for (const s of ["Zhang San", "WPS Office", "Secret Producer", "Draft for internal review", "xmpmeta", "pdf-lib"]) {
      expect(buffer.includes(Buffer.from(s)), s).toBe(false);
    }
    const reloaded = await PDFDocument.load(buffer, { updateMetadata: false });
    expect(reloaded.getPageCount()).toBe(1);
    expect(reloaded.getAuthor()).toBeUndefined();
    expect(reloaded.getProducer()).toBeUndefined();
    expect(reloaded.catalog.get(PDFName.of("Metadata"))).toBeUndefined();
  });

  it("keeps a pdfkit PDF's text readable after stripping, and can set the public title", async () => {
    const input = await makePdf([["四宝山街道办事处 2024 年政府信息公开工作年度报告"]], { author: "王五" });
    const { buffer } = await stripMetadata(input, "pdf", { title: "2024年政府信息公开工作年度报告" });
    const reloaded = await PDFDocument.load(buffer, { updateMetadata: false });
    expect(reloaded.getAuthor()).toBeUndefined();
    expect(reloaded.getTitle()).toBe("2024年政府信息公开工作年度报告");
    expect((await extractText(buffer)).text).toContain("政府信息公开工作年度报告");
  });

  it("returns an unparsable PDF unchanged with a reason", async () => {
    const junk = Buffer.from("%PDF-1.7\nnot really a pdf");
    const result = await stripMetadata(junk, "pdf");
    expect(result.metadataStripped).toBe(false);
    expect(result.buffer.equals(junk)).toBe(true);
    expect(result.reason).toMatch(/PDF/);
  });

  it("blanks DOCX core/app properties and revision authors, keeping the text", async () => {
    const docx = await makeDocx({ paragraphs: ["公示内容"], creator: "张三", lastModifiedBy: "李四", title: "草稿" });
    const zip = await JSZip.loadAsync(docx);
    zip.file(
      "docProps/app.xml",
      '<?xml version="1.0"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">' +
        "<Template>C:\\Users\\zhangsan\\Normal.dotm</Template><Company>某某科技有限公司</Company><Manager>王主任</Manager><Pages>1</Pages></Properties>",
    );
    const doc = await zip.file("word/document.xml")!.async("string");
    zip.file(
      "word/document.xml",
      doc.replace("</w:body>", '<w:p><w:ins w:id="1" w:author="赵六" w:date="2024-01-01T00:00:00Z"><w:r><w:t>新增</w:t></w:r></w:ins></w:p></w:body>'),
    );
    const input = await zip.generateAsync({ type: "nodebuffer" });

    const { buffer, metadataStripped, removed } = await stripMetadata(input, "docx");
    expect(metadataStripped).toBe(true);
    expect(removed).toEqual(expect.arrayContaining(["dc:creator", "cp:lastModifiedBy", "Company", "Manager", "revision/comment authors"]));

    const out = await JSZip.loadAsync(buffer);
    const all = (
      await Promise.all(Object.values(out.files).filter((f) => !f.dir).map((f) => f.async("string")))
    ).join("\n");
    for (const s of ["张三", "李四", "某某科技", "王主任", "赵六", "zhangsan", "草稿"]) expect(all.includes(s), s).toBe(false);
    expect(await out.file("docProps/app.xml")!.async("string")).toContain("<Pages>1</Pages>");
    const text = (await extractText(buffer)).text;
    expect(text).toContain("公示内容");
    expect(text).toContain("新增");
    expect(await inspectAttachment(buffer, "a.docx")).toMatchObject({ ok: true, type: "docx" });
  });

  it("leaves DOC/XLS unchanged and says why", async () => {
    const doc = buildCfb(["WordDocument"]);
    const result = await stripMetadata(doc, "doc");
    expect(result.metadataStripped).toBe(false);
    expect(result.buffer.equals(doc)).toBe(true);
    expect(result.reason).toContain("DOCX");
  });
});

describe("blob storage", () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "blobs-"));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("stores by SHA-256 in shard directories, idempotently and atomically", async () => {
    const storage = new LocalBlobStorage(root);
    const data = Buffer.from("四宝山街道办事处");
    const { key, size } = await storage.put(data);
    expect(key).toBe(sha256Hex(data));
    expect(size).toBe(data.length);
    expect(await readdir(path.join(root, key.slice(0, 2)))).toEqual([key]);
    expect(await storage.has(key)).toBe(true);
    expect((await storage.get(key))!.equals(data)).toBe(true);

    await Promise.all([storage.put(data), storage.put(data), storage.put(new Uint8Array(data))]);
    // No temp files left behind, one blob.
    expect(await readdir(path.join(root, key.slice(0, 2)))).toEqual([key]);

    await storage.delete(key);
    expect(await storage.has(key)).toBe(false);
    expect(await storage.get(key)).toBeNull();
    await storage.delete(key); // deleting twice is fine
  });

  it("refuses keys that are not SHA-256 hex (no path traversal)", async () => {
    const storage = createStorage({ driver: "local", root });
    await writeFile(path.join(root, "secret.txt"), "x");
    await expect(storage.get("../secret.txt")).rejects.toThrow(/invalid blob key/);
    await expect(storage.has("ABC")).rejects.toThrow(/invalid blob key/);
  });
});
