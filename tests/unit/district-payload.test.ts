import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ChannelError } from "../../lib/channels/errors";
import type { PublishedItemDTO } from "../../lib/channels/types";
import { DISTRICT_LIMITS, districtItemPath } from "../../lib/channels/district/contract";
import { canonicalRequestString, signRequest, verifyRequestSignature } from "../../lib/channels/district/sign";
import { toDistrictPayload } from "../../lib/channels/district/to-district-payload";

const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const pdf = new TextEncoder().encode("%PDF-1.4 预算公开");

function item(overrides: Partial<PublishedItemDTO> = {}): PublishedItemDTO {
  return {
    id: "itm_1",
    version: 2,
    indexNo: "000014349/2017-00110",
    title: "  四宝山街道2017年财政预算公开  ",
    summary: "公开2017年度街道财政预算情况。",
    bodyHtml: "<p>根据《条例》第二十条，现公开如下。</p>",
    category: { code: "CZYJS", name: "财政预决算" },
    departmentName: "四宝山街道办事处财政所",
    generatedDate: "2017-03-01",
    documentNumber: "四宝山办发〔2017〕3号",
    topic: "财政、金融、审计",
    validity: { status: "valid" },
    disclosureMethod: "主动公开",
    disclosureScope: "面向社会",
    publishedAt: "2017-03-05T09:00:00+08:00",
    portalUrl: "http://localhost:3000/items/itm_1",
    attachments: [{ name: "预算表.pdf", mime: "application/pdf", size: pdf.byteLength, sha256: sha(pdf), url: "http://localhost:3000/files/a1" }],
    changeNote: "更正附件",
    ...overrides,
  };
}

const contents = (...files: Uint8Array[]) => new Map(files.map((f) => [sha(f), f]));

function problemsOf(fn: () => unknown): { error: ChannelError; problems: string[] } {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ChannelError);
    const error = e as ChannelError;
    return { error, problems: (error.vendor?.extra as { problems: string[] }).problems };
  }
  throw new Error("expected a ChannelError");
}

describe("toDistrictPayload", () => {
  it("maps catalogue metadata to the contract's field names", () => {
    const p = toDistrictPayload(item(), { attachmentContents: contents(pdf) });
    expect(p).toMatchObject({
      indexNo: "000014349/2017-00110",
      version: 2,
      sourceId: "itm_1",
      title: "四宝山街道2017年财政预算公开",
      summary: "公开2017年度街道财政预算情况。",
      generatedDate: "2017-03-01",
      publishedAt: "2017-03-05T09:00:00+08:00",
      publisher: "四宝山街道办事处财政所",
      topic: "财政、金融、审计",
      category: { code: "CZYJS", name: "财政预决算" },
      documentNumber: "四宝山办发〔2017〕3号",
      validity: { status: "valid", repealedOn: null },
      disclosureMethod: "主动公开",
      disclosureScope: "面向社会",
      bodyHtml: "<p>根据《条例》第二十条，现公开如下。</p>",
      sourceUrl: "http://localhost:3000/items/itm_1",
      changeNote: "更正附件",
    });
  });

  it("ships attachment content inline as base64 with its digest", () => {
    const [a] = toDistrictPayload(item(), { attachmentContents: contents(pdf) }).attachments;
    expect(a).toEqual({
      fileName: "预算表.pdf",
      mimeType: "application/pdf",
      size: pdf.byteLength,
      sha256: sha(pdf),
      contentBase64: Buffer.from(pdf).toString("base64"),
      sourceUrl: "http://localhost:3000/files/a1",
    });
  });

  it("derives the idempotency key from item and version, so a retry sends the same key", () => {
    const a = toDistrictPayload(item(), { attachmentContents: contents(pdf) });
    const b = toDistrictPayload(item(), { attachmentContents: contents(pdf) });
    expect(a.idempotencyKey).toBe("itm_1:v2");
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(toDistrictPayload(item({ version: 3 }), { attachmentContents: contents(pdf) }).idempotencyKey).toBe("itm_1:v3");
  });

  it("sends null for an absent document number and change note", () => {
    const p = toDistrictPayload(item({ documentNumber: undefined, changeNote: "  ", attachments: [] }), { attachmentContents: new Map() });
    expect(p.documentNumber).toBeNull();
    expect(p.changeNote).toBeNull();
    expect(p.attachments).toEqual([]);
  });

  it("carries the repeal date of a repealed item", () => {
    const p = toDistrictPayload(item({ validity: { status: "repealed", repealedOn: "2020-01-01" } }), { attachmentContents: contents(pdf) });
    expect(p.validity).toEqual({ status: "repealed", repealedOn: "2020-01-01" });
  });

  it("accepts an 18-character credit code as the 索引号 prefix", () => {
    const p = toDistrictPayload(item({ indexNo: "11370300MB2853422K/2024-00001" }), { attachmentContents: contents(pdf) });
    expect(p.indexNo).toBe("11370300MB2853422K/2024-00001");
  });

  it("refuses with a permanent error that lists every problem in Chinese", () => {
    const { error, problems } = problemsOf(() =>
      toDistrictPayload(item({ title: " ", summary: "", departmentName: "", indexNo: "2017-110" }), { attachmentContents: contents(pdf) }),
    );
    expect(error.permanent).toBe(true);
    expect(error.code).toBe("INVALID_PAYLOAD");
    expect(error.channel).toBe("district");
    expect(problems).toEqual(
      expect.arrayContaining(["名称（标题）不能为空", "内容概述不能为空", "发布机构不能为空", expect.stringContaining("索引号“2017-110”格式不正确")]),
    );
    expect(error.message).toMatch(/^无法推送到区政府信息公开系统：.*名称（标题）不能为空；/);
  });

  it("refuses impossible dates and a publication time without offset", () => {
    const { problems } = problemsOf(() =>
      toDistrictPayload(item({ generatedDate: "2017-02-30", publishedAt: "2017-03-05 09:00" }), { attachmentContents: contents(pdf) }),
    );
    expect(problems).toEqual(["生成日期必须是有效日期（YYYY-MM-DD）", "发布日期必须是带时区的时间（ISO 8601）"]);
  });

  it("requires a repeal date when the item is repealed", () => {
    const { problems } = problemsOf(() => toDistrictPayload(item({ validity: { status: "repealed" } }), { attachmentContents: contents(pdf) }));
    expect(problems).toEqual(["已废止的信息必须填写有效的废止日期（YYYY-MM-DD）"]);
  });

  it("refuses a version that is not a positive integer", () => {
    const { problems } = problemsOf(() => toDistrictPayload(item({ version: 0 }), { attachmentContents: contents(pdf) }));
    expect(problems).toEqual(["版本号必须是正整数"]);
  });

  it("counts the title limit in characters, not bytes", () => {
    const max = DISTRICT_LIMITS.titleMaxChars;
    expect(toDistrictPayload(item({ title: "公".repeat(max) }), { attachmentContents: contents(pdf) }).title).toHaveLength(max);
    const { problems } = problemsOf(() => toDistrictPayload(item({ title: "公".repeat(max + 1) }), { attachmentContents: contents(pdf) }));
    expect(problems).toEqual([`名称（标题）不能超过 ${max} 个字（现有 ${max + 1} 个）`]);
  });

  it("refuses a body over the byte limit", () => {
    const { problems } = problemsOf(() =>
      toDistrictPayload(item({ bodyHtml: `<p>${"x".repeat(DISTRICT_LIMITS.bodyHtmlMaxBytes)}</p>` }), { attachmentContents: contents(pdf) }),
    );
    expect(problems).toEqual([expect.stringMatching(/^正文过长/)]);
  });

  it("refuses an attachment over the single-file limit without reading its content", () => {
    const big = { name: "大文件.zip", mime: "application/zip", size: DISTRICT_LIMITS.attachmentMaxBytes + 1, sha256: "0".repeat(64), url: "" };
    const { problems } = problemsOf(() => toDistrictPayload(item({ attachments: [big] }), { attachmentContents: new Map() }));
    expect(problems).toEqual([expect.stringMatching(/^附件“大文件.zip”过大/)]);
  });

  it("refuses attachments over the total limit", () => {
    const file = new Uint8Array(9 * 1024 * 1024);
    const files = [1, 2, 3].map((n) => {
      const f = file.slice();
      f[0] = n;
      return f;
    });
    const attachments = files.map((f, i) => ({ name: `f${i}.bin`, mime: "application/octet-stream", size: f.byteLength, sha256: sha(f), url: "" }));
    const { problems } = problemsOf(() => toDistrictPayload(item({ attachments }), { attachmentContents: contents(...files) }));
    expect(problems).toEqual([expect.stringMatching(/^附件总大小 27 MB 超过区系统上限 25 MB/)]);
  });

  it("refuses more attachments than the district accepts", () => {
    const many = Array.from({ length: DISTRICT_LIMITS.attachmentsMaxCount + 1 }, () => item().attachments[0]);
    const { problems } = problemsOf(() => toDistrictPayload(item({ attachments: many }), { attachmentContents: contents(pdf) }));
    expect(problems).toEqual([`附件不能超过 ${DISTRICT_LIMITS.attachmentsMaxCount} 个（现有 ${DISTRICT_LIMITS.attachmentsMaxCount + 1} 个）`]);
  });

  it("refuses an attachment whose stored content is missing or differs from its digest", () => {
    const missing = problemsOf(() => toDistrictPayload(item(), { attachmentContents: new Map() }));
    expect(missing.problems).toEqual(["附件“预算表.pdf”的文件内容缺失，请重新上传"]);
    const tampered = new Map([[sha(pdf), new TextEncoder().encode("%PDF-1.4 被篡改的内容")]]);
    const wrong = problemsOf(() => toDistrictPayload(item(), { attachmentContents: tampered }));
    expect(wrong.problems).toEqual(["附件“预算表.pdf”的文件内容与登记的大小或校验值不一致，请重新上传"]);
  });

  it("refuses file names with path separators and malformed types", () => {
    const a = { ...item().attachments[0], name: "../etc/passwd", mime: "pdf" };
    const { problems } = problemsOf(() => toDistrictPayload(item({ attachments: [a] }), { attachmentContents: contents(pdf) }));
    expect(problems).toEqual(["附件“../etc/passwd”的文件名过长或含有不允许的字符", "附件“../etc/passwd”的文件类型无效"]);
  });
});

describe("districtItemPath", () => {
  it("percent-encodes the slash inside a 索引号", () => {
    expect(districtItemPath("000014349/2017-00110")).toBe("/api/v1/items/000014349%2F2017-00110");
  });
});

describe("district request signing", () => {
  const path = "/api/v1/items/000014349%2F2017-00110";
  const body = '{"reason":"x"}';
  const base = { method: "DELETE", path, timestamp: 1_700_000_000, body, secret: "test-secret" };

  it("builds the canonical string from method, path, timestamp and body digest", () => {
    expect(canonicalRequestString(base)).toBe(
      `DELETE\n${path}\n1700000000\n64a16bbfb6ebeda8282cd548aa1b561185cdbb5d6d723c295edfc8fc1b11f3fb`,
    );
  });

  it("matches vectors computed independently with openssl", () => {
    expect(signRequest(base)).toBe("0c76172aae402b22f9d27a7da32e9cb2f5c988cea8bec44a8aa213dbb4c4cf58");
    expect(signRequest({ ...base, method: "get", body: "" })).toBe("2f097240f376258dadc710f9e96debf216657da51e60dd3cf032df76a8a4a38a");
  });

  it("accepts a fresh, untampered request", () => {
    const signature = signRequest(base);
    expect(verifyRequestSignature({ ...base, signature, nowSeconds: 1_700_000_000 + 299 })).toEqual({ ok: true });
    expect(verifyRequestSignature({ ...base, signature: signature.toUpperCase(), nowSeconds: 1_700_000_000 })).toEqual({ ok: true });
  });

  it("refuses a tampered body, path, method or secret", () => {
    const signature = signRequest(base);
    const now = 1_700_000_000;
    const bad = { ok: false, reason: "BAD_SIGNATURE" };
    expect(verifyRequestSignature({ ...base, body: '{"reason":"y"}', signature, nowSeconds: now })).toEqual(bad);
    expect(verifyRequestSignature({ ...base, path: "/api/v1/items/000014349%2F2017-00111", signature, nowSeconds: now })).toEqual(bad);
    expect(verifyRequestSignature({ ...base, method: "PUT", signature, nowSeconds: now })).toEqual(bad);
    expect(verifyRequestSignature({ ...base, secret: "other", signature, nowSeconds: now })).toEqual(bad);
    expect(verifyRequestSignature({ ...base, signature: "not-hex", nowSeconds: now })).toEqual(bad);
    expect(verifyRequestSignature({ ...base, signature: signature.slice(0, 62), nowSeconds: now })).toEqual(bad);
  });

  it("refuses timestamps more than 300 seconds old or ahead, even with a valid signature", () => {
    const signature = signRequest(base);
    const stale = { ok: false, reason: "STALE_TIMESTAMP" };
    expect(verifyRequestSignature({ ...base, signature, nowSeconds: 1_700_000_000 + 301 })).toEqual(stale);
    expect(verifyRequestSignature({ ...base, signature, nowSeconds: 1_700_000_000 - 301 })).toEqual(stale);
    expect(verifyRequestSignature({ ...base, timestamp: "17e8", signature, nowSeconds: 1_700_000_000 })).toEqual(stale);
  });
});
