// Records of items published before the platform existed (an earlier year's catalogue), so that
// year's report can be produced from the records too. They are written as already published on
// the dates given, with their sign-off and approval dates; no delivery is queued (they went out
// back then) and each import is audited.

import type { Db } from "../db/client";
import { AppError } from "../errors/app-error";
import { toChinaDate } from "../calendar/dates";
import { CHANNEL_LABELS, CHANNELS } from "../items/item-input";
import { createHistoricalItem } from "../items/create-historical-item";
import { getOrganisation } from "../org/get-organisation";
import { toDay, type ProactiveItemRecord } from "../annual-report";
import type { RecordActor } from "./record-input";

function channelCodes(names: readonly string[] | undefined): string[] {
  const codes = CHANNELS.filter((c) => (names ?? []).includes(CHANNEL_LABELS[c]));
  return codes.length ? codes : ["DISTRICT"];
}

export async function importHistoricalItems(
  db: Db,
  actor: RecordActor,
  records: readonly ProactiveItemRecord[],
  options: { departmentCode?: string; topic?: string } = {},
): Promise<string[]> {
  const org = await getOrganisation(db);
  const department = options.departmentCode
    ? await db.department.findFirst({ where: { organisationId: org.id, code: options.departmentCode } })
    : await db.department.findFirst({ where: { organisationId: org.id, isDisclosureOffice: true } });
  if (!department) throw new AppError("INVALID_INPUT", "未找到导入信息所属的科室");
  const categories = await db.category.findMany({ where: { organisationId: org.id } });
  const ids: string[] = [];
  for (const r of records) {
    const category = categories.find((c) => c.name === r.category);
    if (!category) throw new AppError("INVALID_INPUT", `公开目录中没有“${r.category}”分类`);
    const published = toDay(r.publishedDate);
    const formed = r.formedDate ? toDay(r.formedDate) : published;
    if (published > toChinaDate(actor.now ?? new Date())) throw new AppError("INVALID_INPUT", `“${r.title}”的发布日期晚于今天`);
    const id = await db.$transaction(async (tx) => {
      const created = await createHistoricalItem(tx, {
        org,
        actor: { id: actor.user.id, displayName: actor.user.displayName, ip: actor.ip },
        departmentId: department.id,
        categoryId: category.id,
        title: r.title,
        summary: r.title,
        bodyHtml: `<p>${r.title.replace(/[<>&]/g, "")}（历史记录导入，正文以原发布渠道为准）</p>`,
        topic: options.topic ?? "综合政务",
        generatedDate: formed,
        publishedDate: published,
        channels: channelCodes(r.channels),
        submittedDate: r.submittedDate ? toDay(r.submittedDate) : null,
        approvedDate: r.approvedDate ? toDay(r.approvedDate) : null,
        auditDetail: { category: r.category },
      });
      return created.id;
    });
    ids.push(id);
  }
  return ids;
}
