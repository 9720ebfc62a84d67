import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb } from "../../lib/db/client";
import { seedDemo } from "../../lib/seed/seed-demo";
import { loadSessionUser } from "../../lib/auth/sign-in";
import type { SessionUser } from "../../lib/auth/roles";
import { approveItem, createItem, dismissFinding, signOffItem, submitItem, type ItemActor } from "../../lib/items/item-commands";
import { addItemAttachment } from "../../lib/items/item-attachments";
import { maskFinding } from "../../lib/items/mask-finding";
import { scanItemVersion } from "../../lib/items/scan-item-version";
import { getItemHistory } from "../../lib/items/item-history";
import { LocalBlobStorage } from "../../lib/attachments/storage";
import { residentIdCheckChar } from "../../lib/validation/ids";
import { makePdfTable } from "../fixtures/documents";

const db = createDb(process.env.DATABASE_URL);
const users: Record<string, SessionUser> = {};
const actor = (name: string): ItemActor => ({ user: users[name], ip: "127.0.0.1" });
const storage = new LocalBlobStorage(mkdtempSync(path.join(tmpdir(), "gate-blobs-")));
let category: string;
let econ: string;

const idFrom = (first17: string) => first17 + residentIdCheckChar(first17);
const ID = idFrom("37030319850612003");
const ID2 = idFrom("37030320010228004");

beforeAll(async () => {
  await seedDemo(db);
  for (const u of await db.user.findMany()) users[u.username] = (await loadSessionUser(db, u.id))!;
  econ = (await db.department.findFirstOrThrow({ where: { code: "jjfz" } })).id;
  category = (await db.category.findFirstOrThrow({ where: { code: "tjsj" } })).id;
});
afterAll(() => db.$disconnect());

const draft = (bodyHtml: string) =>
  createItem(db, actor("staff"), {
    title: "四宝山街道2026年第四季度临时救助金发放情况公示",
    summary: "公示本街道2026年第四季度临时救助对象和金额。",
    bodyHtml,
    categoryId: category,
    departmentId: econ,
    generatedDate: "2026-12-01",
    topic: "民政、扶贫、救灾",
  });

describe("the confidentiality gate on a real item", () => {
  it("blocks the PDF list from the issue with a finding that names the file and page, until dismissed", async () => {
    const item = await draft("<p>现将临时救助金发放名单公示如下，详见附件。</p>");
    const pdf = await makePdfTable(
      [
        ["序号", "社区", "姓名", "人数", "金额", "身份证号"],
        ["1", "东山社区", "王某某", "3", "1200", ID],
        ["2", "西山社区", "李某", "2", "800", ID2],
      ],
      { widths: [40, 90, 80, 50, 70, 170], title: "临时救助金发放名单" },
    );
    await addItemAttachment(db, storage, actor("staff"), item.id, { name: "救助名单.pdf", data: pdf });
    const scan = await scanItemVersion(db, item.id);
    expect(scan.open.map((f) => [f.kind, f.location, f.position])).toEqual([
      ["resident_id", "附件“救助名单.pdf”", "第1页"],
      ["resident_id", "附件“救助名单.pdf”", "第1页"],
    ]);
    await submitItem(db, actor("staff"), item.id);
    await signOffItem(db, actor("head"), item.id);
    await expect(approveItem(db, actor("reviewer"), item.id)).rejects.toThrow(/保密审查发现 2 处/);
    // Attachment findings cannot be masked in place.
    await expect(maskFinding(db, actor("reviewer"), item.id, scan.open[0].fingerprint)).rejects.toThrow(/修改文件后重新上传/);
    for (const f of scan.open) await dismissFinding(db, actor("secrecy"), item.id, f.fingerprint, "已核实为公示所需的脱敏后号码");
    await approveItem(db, actor("reviewer"), item.id);
  });

  it("masks a body number in place as an audited edit, then scans again", async () => {
    const body = `<table><tr><td>1</td><td>东山社区</td><td>3</td><td>1200</td><td>${ID}</td></tr></table><p>联系电话：138-1234-5678；户主身份证 ${ID}。</p>`;
    const item = await draft(body);
    const before = await scanItemVersion(db, item.id);
    expect(before.open.map((f) => f.kind)).toEqual(["resident_id", "mobile", "resident_id"]);

    const r = await maskFinding(db, actor("staff"), item.id, before.open[0].fingerprint);
    expect(r.masked).toBe(`${ID.slice(0, 4)}**********${ID.slice(14)}`);
    expect(r.occurrences).toBe(2);
    expect(r.open.map((f) => f.kind)).toEqual(["mobile"]);
    const v = await db.itemVersion.findFirstOrThrow({ where: { itemId: item.id } });
    expect(v.bodyHtml).not.toContain(ID);
    expect(v.bodyHtml).toContain(`<td>1200</td><td>${r.masked}</td>`);

    await maskFinding(db, actor("staff"), item.id, r.open[0].fingerprint);
    expect((await scanItemVersion(db, item.id)).open).toEqual([]);
    expect((await db.itemVersion.findFirstOrThrow({ where: { itemId: item.id } })).bodyHtml).toContain("138-****-5678");

    const history = await getItemHistory(db, item.id);
    const masks = history.filter((h) => h.action === "一键脱敏");
    expect(masks).toHaveLength(2);
    expect(masks[0]).toMatchObject({ actor: "王晓燕", changed: ["正文"] });
    expect(masks[0].note).toContain(r.masked);
    expect(masks.map((m) => m.note).join()).not.toContain(ID);
  });

  it("lets only editors, or reviewers during review, mask", async () => {
    const item = await draft(`<p>联系人手机 13912345678</p>`);
    const [f] = (await scanItemVersion(db, item.id)).open;
    await expect(maskFinding(db, actor("staff2"), item.id, f.fingerprint)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(maskFinding(db, actor("reviewer"), item.id, f.fingerprint)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await submitItem(db, actor("staff"), item.id);
    await signOffItem(db, actor("head"), item.id);
    await expect(maskFinding(db, actor("staff"), item.id, f.fingerprint)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(maskFinding(db, actor("supervisor"), item.id, f.fingerprint)).rejects.toMatchObject({ code: "FORBIDDEN" });
    const r = await maskFinding(db, actor("reviewer"), item.id, f.fingerprint);
    expect(r.masked).toBe("139****5678");
    await approveItem(db, actor("reviewer"), item.id);
  });

  it("never reports the office's own published numbers", async () => {
    const org = await db.organisation.findFirstOrThrow();
    await db.organisation.update({ where: { id: org.id }, data: { phone: "0533-3581234、139 0533 1234" } });
    const item = await draft(`<p>咨询电话：0533-3581234，值班手机：13905331234；联系人手机13912340000。</p>`);
    const scan = await scanItemVersion(db, item.id);
    expect(scan.open.map((f) => f.match)).toEqual(["13912340000"]);
    await db.organisation.update({ where: { id: org.id }, data: { phone: org.phone } });
  });
});
