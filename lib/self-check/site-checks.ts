/** Indicators about the site and the office's records rather than one page's text. */
import type { Db } from "../db/client";
import { addCalendarDays, chinaDayStart, compareDates, formatChineseDate, toChinaDate, type IsoDate } from "../calendar/dates";
import { dbDateToIso, isoToDbDate, loadWorkingCalendar } from "../calendar/load-calendar";
import { getSetting } from "../settings/settings";
import { itemClockReport } from "../items/item-clocks";
import { listApplications } from "../applications/queries";
import { buildAnnualReport } from "../reports/build-annual-report";
import type { SelfCheckFindingInput } from "./indicators";
import { STALE_AFTER_DAYS, STALE_RULE_TEXT, isColumnKind } from "./column-kinds";

/** Two weeks: the home page and the WeChat account. */
export const SILENT_DAYS = 14;
/** ≥ this many stale (or empty) columns is a veto finding. */
export const COLUMN_VETO_COUNT = 5;

const cn = (d: Date) => formatChineseDate(toChinaDate(d));

export async function checkHomePage(db: Db, today: IsoDate): Promise<SelfCheckFindingInput[]> {
  const latest = await db.publicItem.findFirst({ where: { withdrawnAt: null }, orderBy: { firstPublishedAt: "desc" }, select: { firstPublishedAt: true, title: true } });
  const since = chinaDayStart(addCalendarDays(today, -SILENT_DAYS));
  if (latest && latest.firstPublishedAt >= since) return [];
  return [{
    indicator: "HOME_STALE",
    level: "RED",
    key: "HOME_STALE",
    title: "首页“最新公开”2周内没有新信息",
    detail: latest ? `最近一条新信息“${latest.title}”发布于${cn(latest.firstPublishedAt)}，已超过2周。` : "门户网站尚未发布任何信息。",
    link: "/console/items/new",
  }];
}

/** Stale and empty columns: leaf catalogue categories (what the portal lists items under). */
export async function checkColumns(db: Db, today: IsoDate): Promise<SelfCheckFindingInput[]> {
  const cats = await db.category.findMany({ where: { active: true }, select: { id: true, name: true, parentId: true, updateKind: true } });
  const parents = new Set(cats.map((c) => c.parentId).filter((p): p is string => !!p));
  const leaves = cats.filter((c) => !parents.has(c.id));
  const stats = await db.publicItem.groupBy({ by: ["categoryId"], where: { withdrawnAt: null }, _max: { firstPublishedAt: true }, _count: { _all: true } });
  const byCat = new Map(stats.map((s) => [s.categoryId, s]));
  const empty: SelfCheckFindingInput[] = [];
  const stale: SelfCheckFindingInput[] = [];
  for (const c of leaves) {
    const s = byCat.get(c.id);
    if (!s || s._count._all === 0) {
      empty.push({ indicator: "COLUMNS_EMPTY", level: "AMBER", key: `COLUMNS_EMPTY:${c.id}`, title: `“${c.name}”栏目为空`, detail: "栏目中没有任何已公开信息。确无此类信息的，应在栏目中说明或调整栏目设置。", link: `/console/items/new?categoryId=${c.id}` });
      continue;
    }
    const kind = isColumnKind(c.updateKind) ? c.updateKind : "NOTICE";
    const days = STALE_AFTER_DAYS[kind];
    const last = s._max.firstPublishedAt!;
    if (days !== null && last < chinaDayStart(addCalendarDays(today, -days))) {
      stale.push({ indicator: "COLUMNS_STALE", level: "AMBER", key: `COLUMNS_STALE:${c.id}`, title: `“${c.name}”栏目未按时更新`, detail: `${STALE_RULE_TEXT[kind]}：最近一次更新为${cn(last)}。`, link: `/console/items/new?categoryId=${c.id}` });
    }
  }
  const escalate = (xs: SelfCheckFindingInput[]) => (xs.length >= COLUMN_VETO_COUNT ? xs.map((f) => ({ ...f, level: "RED" as const })) : xs);
  return [...escalate(empty), ...escalate(stale)];
}

/** From the channel's own records: the last article the WeChat channel delivered. */
export async function checkWechat(db: Db, today: IsoDate): Promise<SelfCheckFindingInput[]> {
  const last = await db.delivery.findFirst({
    where: { channel: "WECHAT", action: "UPSERT", status: "DELIVERED", deliveredAt: { not: null } },
    orderBy: { deliveredAt: "desc" },
    select: { deliveredAt: true, version: { select: { title: true } } },
  });
  if (last?.deliveredAt && last.deliveredAt >= chinaDayStart(addCalendarDays(today, -SILENT_DAYS))) return [];
  return [{
    indicator: "WECHAT_SILENT",
    level: "RED",
    key: "WECHAT_SILENT",
    title: "微信公众号2周内没有发布内容",
    detail: last?.deliveredAt ? `发布渠道记录中最近一次推送到公众号的是“${last.version.title}”，时间为${cn(last.deliveredAt)}。` : "发布渠道记录中没有推送到公众号成功的文章。",
    link: "/console/channels",
  }];
}

export async function checkApplications(db: Db, now: Date): Promise<SelfCheckFindingInput[]> {
  // Open applications only (the list is capped at 500 rows; closed ones would crowd out old open ones).
  const overdue = (await listApplications(db, { status: "OPEN" }, now)).filter((r) => r.clock.overdue);
  return overdue.map((r) => ({
    indicator: "APPLICATIONS_OVERDUE" as const,
    level: "RED" as const,
    key: `APPLICATIONS_OVERDUE:${r.id}`,
    title: `申请${r.trackingCode}超过法定期限未答复`,
    detail: `${r.infoSummary}；答复期限${r.clock.dueOn ?? ""}，${r.clockText}。`,
    link: `/console/applications/${r.id}`,
  }));
}

/** Items never published whose 20-working-day statutory clock has run out. */
export async function checkItemDeadlines(db: Db, now: Date): Promise<SelfCheckFindingInput[]> {
  const [cal, settings, items] = await Promise.all([
    loadWorkingCalendar(db),
    getSetting(db, "itemDeadlines"),
    db.item.findMany({
      where: { state: { in: ["DRAFT", "SUBMITTED", "SIGNED_OFF", "APPROVED"] }, firstPublishedAt: null },
      include: { department: { select: { name: true } }, versions: { select: { number: true, title: true, generatedDate: true } } },
    }),
  ]);
  const out: SelfCheckFindingInput[] = [];
  for (const item of items) {
    const statutory = itemClockReport(cal, item, now, settings).clocks.find((c) => c.clock === "STATUTORY");
    if (statutory?.status !== "OVERDUE") continue;
    const title = item.versions.find((v) => v.number === item.workingVersionNo)?.title ?? "";
    out.push({
      indicator: "ITEMS_OVERDUE",
      level: "AMBER",
      key: `ITEMS_OVERDUE:${item.id}`,
      title,
      detail: `${item.department.name}；生成日期${dbDateToIso(item.generatedDate)}，法定公开期限${statutory.dueOn}，已超期${-(statutory.workingDaysRemaining ?? 0)}个工作日。`,
      link: `/console/items/${item.id}`,
    });
  }
  return out;
}

/** Last year's report: published by 31 January, and its 勾稽 checks passing. */
export async function checkAnnualReport(db: Db, today: IsoDate): Promise<SelfCheckFindingInput[]> {
  const year = Number(today.slice(0, 4)) - 1;
  const row = await db.annualReport.findUnique({ where: { year }, select: { status: true } });
  const out: SelfCheckFindingInput[] = [];
  const link = `/console/reports/${year}`;
  if (row?.status !== "PUBLISHED" && compareDates(today, `${year + 1}-01-31`) > 0) {
    out.push({ indicator: "ANNUAL_REPORT", level: "AMBER", key: `ANNUAL_REPORT:late:${year}`, title: `${year}年政府信息公开工作年度报告未按期公布`, detail: `条例第四十九条要求于${year + 1}年1月31日前公布，目前${row ? "尚未发布" : "尚未编制"}。`, link });
  }
  if (row) {
    const built = await buildAnnualReport(db, year);
    if (built.problems.length) {
      out.push({ indicator: "ANNUAL_REPORT", level: "AMBER", key: `ANNUAL_REPORT:checks:${year}`, title: `${year}年度报告数据校验未通过`, detail: built.problems.slice(0, 5).join("；"), link });
    }
  }
  return out;
}

export async function checkRectifications(db: Db, today: IsoDate): Promise<SelfCheckFindingInput[]> {
  const rows = await db.rectification.findMany({ where: { status: "OPEN", dueOn: { lt: isoToDbDate(today) } }, include: { inspection: { select: { id: true, date: true, scope: true } } }, orderBy: { dueOn: "asc" } });
  return rows.map((r) => ({
    indicator: "RECTIFICATIONS" as const,
    level: "AMBER" as const,
    key: `RECTIFICATIONS:${r.id}`,
    title: r.description.length > 60 ? `${r.description.slice(0, 60)}…` : r.description,
    detail: `${dbDateToIso(r.inspection.date)}督察（${r.inspection.scope}）发现的问题，整改期限${dbDateToIso(r.dueOn)}，尚未完成。`,
    link: `/console/supervision/${r.inspection.id}`,
  }));
}
