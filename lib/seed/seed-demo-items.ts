import type { Db } from "../db/client";
import { loadSessionUser } from "../auth/sign-in";
import { approveItem, createItem, signOffItem, submitItem, type ItemActor } from "../items/item-commands";

interface DemoItem {
  title: string;
  summary: string;
  body: string[];
  category: string;
  dept: "jjfz" | "shsw";
  generated: string;
  documentNumber?: string;
  topic: string;
  /** How far the demo item gets: published, or stuck at a step (to show the clocks). */
  stage: "published" | "draft" | "submitted" | "signed-off";
}

// Illustrative items for the demo portal (titles and figures invented, not the office's records).
const DEMO_ITEMS: DemoItem[] = [
  {
    title: "四宝山街道2026年上半年经济运行情况",
    summary: "公布四宝山街道2026年上半年规模以上工业产值、固定资产投资、招商引资等主要经济指标完成情况。",
    body: ["2026年上半年，四宝山街道规模以上工业企业实现产值同比增长6.8%，固定资产投资同比增长9.2%。", "下一步，街道将继续抓好重点项目建设，推动经济平稳健康发展。"],
    category: "tjsj", dept: "jjfz", generated: "2026-07-15", topic: "国民经济管理", stage: "published",
  },
  {
    title: "四宝山街道2026年第三季度城乡居民最低生活保障资金发放情况",
    summary: "公开本街道2026年第三季度城乡低保资金发放户数、人数和金额。",
    body: ["2026年第三季度，街道共发放城乡居民最低生活保障资金186.4万元，惠及困难群众412户、598人。", "监督电话：0533-3581234。"],
    category: "tjsj", dept: "shsw", generated: "2026-10-09", topic: "民政、扶贫、救灾", stage: "published",
  },
  {
    title: "四宝山街道2026年重点工作计划",
    summary: "公布四宝山街道2026年经济发展、城市管理、民生保障等方面的重点工作安排。",
    body: ["一、坚持项目带动，全年引进亿元以上项目5个。", "二、实施老旧小区改造，惠及居民1200户。", "三、完善社区养老服务设施，新建社区老年食堂2处。"],
    category: "ghjh", dept: "jjfz", generated: "2026-02-26", documentNumber: "四宝山办发〔2026〕3号", topic: "综合政务", stage: "published",
  },
  {
    title: "四宝山街道关于开展2026年安全生产大排查大整治的通知",
    summary: "部署辖区企业、沿街商铺、居民小区安全生产大排查大整治工作。",
    body: ["各社区、各科室：为切实做好安全生产工作，街道决定自即日起开展安全生产大排查大整治。", "排查范围包括辖区工业企业、沿街商铺、建筑工地和居民小区。"],
    category: "zdgz", dept: "jjfz", generated: "2026-04-08", documentNumber: "四宝山办发〔2026〕9号", topic: "市场监管、安全生产监管", stage: "published",
  },
  {
    title: "四宝山街道2026年老旧小区改造项目公示",
    summary: "公示2026年纳入改造计划的老旧小区名称、改造内容和实施时间。",
    body: ["根据区统一部署，街道2026年计划改造老旧小区6个，改造内容包括管网更新、外墙保温、道路硬化和加装电梯。", "公示期内如有意见，请向街道城市管理办公室反映。"],
    category: "xcjs", dept: "jjfz", generated: "2026-05-20", topic: "城乡建设、环境保护", stage: "published",
  },
  {
    title: "四宝山街道2026年计划生育家庭特别扶助金发放情况",
    summary: "公开2026年度计划生育家庭特别扶助金发放人数和标准。",
    body: ["2026年度街道共有计划生育特别扶助对象86人，已按标准足额发放特别扶助金。", "发放名单已在各社区公示栏张贴公示。"],
    category: "jhsy", dept: "shsw", generated: "2026-06-12", topic: "卫生、体育", stage: "published",
  },
  {
    title: "四宝山街道办事处2026年部门预算",
    summary: "公开四宝山街道办事处2026年收支预算总表、一般公共预算支出表及“三公”经费预算。",
    body: ["2026年四宝山街道办事处收入预算合计3856.2万元，支出预算合计3856.2万元。", "“三公”经费预算12.6万元，比上年减少0.8万元。"],
    category: "czyjs", dept: "jjfz", generated: "2026-02-10", topic: "财政、金融、审计", stage: "published",
  },
  {
    title: "四宝山街道2026年防汛应急预案",
    summary: "明确街道防汛组织体系、预警响应、抢险救援和保障措施。",
    body: ["为做好2026年防汛工作，最大限度减少洪涝灾害损失，结合街道实际，制定本预案。", "街道成立防汛指挥部，下设办公室在城市管理办公室。"],
    category: "yjgl", dept: "jjfz", generated: "2026-05-28", topic: "公安、安全、司法", stage: "published",
  },
  {
    title: "四宝山街道2026年冬季清雪除冰工作安排",
    summary: "部署2026年冬季清雪除冰责任分工和应急保障。",
    body: ["入冬以来，街道组织各社区做好清雪除冰准备工作，现将有关安排公开如下。"],
    category: "zdgz", dept: "jjfz", generated: "2026-11-20", topic: "城乡建设、环境保护", stage: "draft",
  },
  {
    title: "四宝山街道2026年第四季度就业援助情况",
    summary: "公开第四季度公益性岗位安置和就业援助开展情况。",
    body: ["第四季度，街道开发公益性岗位32个，帮助就业困难人员实现就业45人。"],
    category: "qt", dept: "shsw", generated: "2026-11-18", topic: "劳动、人事、监察", stage: "submitted",
  },
  {
    title: "四宝山街道关于调整辖区临时救助标准的通知",
    summary: "公布辖区临时救助标准调整情况及申请程序。",
    body: ["根据区民政部门通知，自2026年11月1日起调整临时救助标准，现将有关事项通知如下。"],
    category: "zcwj", dept: "shsw", generated: "2026-10-20", topic: "民政、扶贫、救灾", stage: "signed-off",
  },
];

const at = (iso: string, hour: number) => new Date(`${iso}T${String(hour).padStart(2, "0")}:00:00+08:00`);
const plusDays = (iso: string, n: number) => new Date(new Date(`${iso}T00:00:00Z`).getTime() + n * 86_400_000).toISOString().slice(0, 10);

/**
 * Demo items for `npm start`, run through the real workflow (drafted by the department, signed by
 * its head, approved by 党政办) so their history, 索引号 and channel deliveries are genuine.
 * Only when there are no items yet; never used by the tests.
 */
export async function seedDemoItems(db: Db): Promise<number> {
  if ((await db.item.count()) > 0) return 0;
  const user = async (username: string) => {
    const u = await db.user.findUniqueOrThrow({ where: { username } });
    return (await loadSessionUser(db, u.id))!;
  };
  const people = {
    jjfz: { staff: await user("staff"), head: await user("head") },
    shsw: { staff: await user("staff2"), head: await user("head2") },
  };
  const reviewer = await user("reviewer");
  const categories = new Map((await db.category.findMany()).map((c) => [c.code, c.id]));
  const departments = new Map((await db.department.findMany()).map((d) => [d.code, d.id]));
  let created = 0;
  for (const d of [...DEMO_ITEMS].sort((a, b) => a.generated.localeCompare(b.generated))) {
    const who = people[d.dept];
    const actor = (u: ItemActor["user"], day: string, hour: number): ItemActor => ({ user: u, ip: "127.0.0.1", now: at(day, hour) });
    const item = await createItem(db, actor(who.staff, d.generated, 9), {
      title: d.title,
      summary: d.summary,
      bodyHtml: d.body.map((p) => `<p>${p}</p>`).join(""),
      categoryId: categories.get(d.category),
      departmentId: departments.get(d.dept),
      generatedDate: d.generated,
      documentNumber: d.documentNumber,
      topic: d.topic,
    });
    created++;
    if (d.stage === "draft") continue;
    await submitItem(db, actor(who.staff, d.generated, 10), item.id);
    if (d.stage === "submitted") continue;
    await signOffItem(db, actor(who.head, plusDays(d.generated, 2), 9), item.id);
    if (d.stage === "signed-off") continue;
    await approveItem(db, actor(reviewer, plusDays(d.generated, 4), 10), item.id);
  }
  return created;
}
