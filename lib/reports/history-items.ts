// Records of items published before the platform existed (an earlier year's catalogue), so that
// year's report can be produced from the records too. They are written as already published on
// the dates given, with their sign-off and approval dates; no delivery is queued (they went out
// back then) and each import is audited.

import type { Db } from "../db/client";
import { writeAudit } from "../audit/write-audit";
import { AppError } from "../errors/app-error";
import { chinaDayStart, toChinaDate } from "../calendar/dates";
import { isoToDbDate } from "../calendar/load-calendar";
import { CHANNEL_LABELS, CHANNELS } from "../items/item-input";
import { formatIndexNo, takeNextSerial } from "../items/index-number";
import { getOrganisation } from "../org/get-organisation";
import { syncPublicItem } from "../search/sync-public-item";
import { toDay, type ProactiveItemRecord } from "../annual-report";
import type { RecordActor } from "./record-input";

/** 08:30 China time on the day: office hours, so the instant lands on that calendar day. */
function officeTime(day: string): Date {
  return new Date(chinaDayStart(day).getTime() + 8.5 * 3600_000);
}

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
      const year = Number(formed.slice(0, 4));
      const serial = await takeNextSerial(tx, org.id, year);
      const publishedAt = officeTime(published);
      const item = await tx.item.create({
        data: {
          organisationId: org.id,
          departmentId: department.id,
          categoryId: category.id,
          state: "PUBLISHED",
          indexNo: formatIndexNo(org.creditCode, year, serial),
          indexYear: year,
          indexSerial: serial,
          generatedDate: isoToDbDate(formed),
          workingVersionNo: 1,
          publishedVersionNo: 1,
          createdById: actor.user.id,
          submittedAt: r.submittedDate ? officeTime(toDay(r.submittedDate)) : null,
          signedOffAt: r.submittedDate ? officeTime(toDay(r.submittedDate)) : null,
          approvedAt: r.approvedDate ? officeTime(toDay(r.approvedDate)) : null,
          firstPublishedAt: publishedAt,
          lastPublishedAt: publishedAt,
          channels: channelCodes(r.channels),
          versions: {
            create: {
              number: 1,
              title: r.title,
              summary: r.title,
              bodyHtml: `<p>${r.title.replace(/[<>&]/g, "")}（历史记录导入，正文以原发布渠道为准）</p>`,
              topic: options.topic ?? "综合政务",
              generatedDate: isoToDbDate(formed),
              createdById: actor.user.id,
              publishedAt,
            },
          },
        },
      });
      await syncPublicItem(tx, item);
      await writeAudit(tx, {
        actorId: actor.user.id,
        actorName: actor.user.displayName,
        ip: actor.ip,
        action: "item.import-history",
        entityType: "Item",
        entityId: item.id,
        after: { title: r.title, category: r.category, formedDate: formed, publishedDate: published, indexNo: item.indexNo },
      });
      return item.id;
    });
    ids.push(id);
  }
  return ids;
}
