import JSZip from "jszip";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { openBoundedZip } from "../../lib/import/bounded-zip";
import { fieldOfHeader, splitFileNames } from "../../lib/import/columns";
import { maskForMessage, naturalKey, parseDayCell, parseValidityCell } from "../../lib/import/parse-cells";
import { decodeCsv } from "../../lib/import/read-sheet";

describe("cells as offices type them", () => {
  it.each([
    ["2017-03-05", "2017-03-05"],
    ["2017/3/5", "2017-03-05"],
    ["2017.3.5", "2017-03-05"],
    ["2017年3月5日", "2017-03-05"],
    ["２０１７年３月５日", "2017-03-05"], // full-width digits from a Chinese IME
    ["20170305", "2017-03-05"],
    ["42799", "2017-03-05"], // Excel serial from a 常规-formatted cell
    ["2016-02-29", "2016-02-29"],
    ["2017-02-29", null], // no such day
    ["2017-13-01", null],
    ["2017-03-05T08:00", null], // a time, not a day: refused rather than read in the server's zone
    ["二〇一七年三月", null],
    ["", null],
  ])("day %s → %s", (input, expected) => {
    expect(parseDayCell(input)).toBe(expected);
  });

  it("reads 有效性 and refuses what it does not know", () => {
    expect(parseValidityCell(undefined)).toBe("VALID");
    expect(parseValidityCell("有效")).toBe("VALID");
    expect(parseValidityCell("废止")).toBe("REPEALED");
    expect(parseValidityCell("失效")).toBe("REPEALED");
    expect(parseValidityCell("部分有效")).toBeNull();
  });

  it("knows the template's headers and the names offices give them", () => {
    expect(fieldOfHeader("名称")).toBe("title");
    expect(fieldOfHeader("名称*")).toBe("title");
    expect(fieldOfHeader(" 生成日期 ")).toBe("generatedDate");
    expect(fieldOfHeader("成文日期")).toBe("generatedDate");
    expect(fieldOfHeader("发文字号")).toBe("documentNumber");
    expect(fieldOfHeader("备注")).toBeUndefined();
  });

  it("splits attachment names on the separators people use", () => {
    expect(splitFileNames("a.pdf；b.xlsx;c.docx、d.pdf\ne.pdf")).toEqual(["a.pdf", "b.xlsx", "c.docx", "d.pdf", "e.pdf"]);
  });

  it("matches rows without 索引号 by 文号 + 生成日期 + 名称, ignoring width and spaces", () => {
    expect(naturalKey("四宝山办发〔2017〕5号", "2017-03-05", "关于 做好防汛工作的通知")).toBe(naturalKey("四宝山办发〔2017〕５号", "2017-03-05", "关于做好防汛工作的通知"));
  });

  it("never repeats a found number in full in a message", () => {
    expect(maskForMessage("370303199001011239")).toBe("3703**********1239");
    expect(maskForMessage("138 0533 1234")).toBe("1380***1234");
  });

  it("decodes CSV saved as UTF-8 with BOM, UTF-8, or GBK", () => {
    const text = "名称,发布机构\n四宝山街道通知,党政办公室\n";
    expect(decodeCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toBe(text);
    expect(decodeCsv(Buffer.from(text))).toBe(text);
    expect(decodeCsv(iconv.encode(text, "gbk"))).toBe(text);
  });
});

describe("ZIP archives from outside", () => {
  const limits = { maxEntries: 3, maxEntryBytes: 1024 * 1024, maxTotalBytes: 2 * 1024 * 1024 };

  it("refuses an entry that inflates past the limit", async () => {
    const zip = new JSZip();
    zip.file("bomb.xml", Buffer.alloc(8 * 1024 * 1024));
    const data = await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
    expect(data.length).toBeLessThan(64 * 1024);
    await expect(openBoundedZip(data, limits, "表格文件")).rejects.toThrow("解压后过大");
  });

  it("refuses too many entries, and reads GBK file names as Windows archivers write them", async () => {
    const many = new JSZip();
    for (let i = 0; i < 4; i++) many.file(`${i}.txt`, "x");
    await expect(openBoundedZip(await many.generateAsync({ type: "nodebuffer" }), limits, "文件压缩包")).rejects.toThrow("文件过多");
    const gbk = new JSZip();
    gbk.file("附件/统计表.pdf", "%PDF-");
    const data = await gbk.generateAsync({ type: "nodebuffer", encodeFileName: ((n: string) => iconv.encode(n, "gbk")) as never });
    const opened = await openBoundedZip(data, limits, "文件压缩包");
    expect(opened.names).toEqual(["附件/统计表.pdf"]);
    expect((await opened.read("附件/统计表.pdf")).toString()).toBe("%PDF-");
  });
});
