import type { CategoryNode } from "./get-organisation";

export interface GuideOrganisation {
  name: string;
  creditCode: string;
  superior: string;
  address: string;
  postcode: string;
  officeHours: string;
  phone: string;
  fax: string;
  email: string;
  website: string;
}

export interface GuideSection {
  heading: string;
  paragraphs: string[];
  /** Label/value rows shown as a table (the office's contacts). */
  rows?: [string, string][];
  list?: string[];
}

/**
 * 政府信息公开指南, generated from the organisation's own data so it never goes stale when the
 * address or phone changes (条例第十二条: classification, arrangement, how to obtain information,
 * and the disclosure office's name, address, hours, phone, fax and online contact).
 */
export function buildGuide(org: GuideOrganisation, categories: CategoryNode[], options: { replyWorkingDays?: number } = {}): GuideSection[] {
  const reply = options.replyWorkingDays ?? 20;
  const catalogue = categories.map((c) =>
    c.children.length ? `${c.name}（${c.children.map((x) => x.name).join("、")}）` : c.name,
  );
  return [
    {
      heading: "一、政府信息的分类与编排",
      paragraphs: [
        `本指南适用于${org.name}。为便于公民、法人和其他组织获取政府信息，${org.name}依照《中华人民共和国政府信息公开条例》编制政府信息公开目录，按以下类别编排：`,
        `每条政府信息均标注索引号、名称、内容概述、生成日期、发布机构等要素。索引号由本机关统一社会信用代码（${org.creditCode}）、年份和五位顺序号组成，形如“${org.creditCode}/2026-00001”，一经生成不再改变。`,
      ],
      list: catalogue,
    },
    {
      heading: "二、获取政府信息的方式",
      paragraphs: [
        `（一）主动公开。属于主动公开范围的政府信息，${org.name}自该信息形成或者变更之日起20个工作日内予以公开，通过本平台“法定主动公开内容”栏目、淄博高新区政府信息公开系统、本单位微信公众号及办公场所和社区的政务公开栏等渠道发布。`,
        "（二）依申请公开。公民、法人或者其他组织可以通过本平台“依申请公开”栏目在线提交申请，也可以当面、信函或者传真提出书面申请。申请应当包括：申请人的姓名或者名称、身份证明、联系方式；申请公开的政府信息的名称、文号或者便于查询的其他特征性描述；申请公开的政府信息的形式要求，包括获取信息的方式、途径。",
        `本机关收到申请后能够当场答复的当场答复；不能当场答复的，自收到申请之日起${reply}个工作日内予以答复；需要延长答复期限的，经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不超过20个工作日。申请内容不明确的，本机关将在收到申请之日起7个工作日内一次性告知申请人作出补正。`,
        "本机关依申请提供政府信息，不收取费用。但是，申请人申请公开政府信息的数量、频次明显超过合理范围的，本机关可以依照国家有关规定收取信息处理费。",
      ],
    },
    {
      heading: "三、政府信息公开工作机构",
      paragraphs: [`${org.name}党政办公室负责本机关政府信息公开的日常工作。`],
      rows: [
        ["机构名称", `${org.name}党政办公室`],
        ["办公地址", org.address],
        ["邮政编码", org.postcode],
        ["办公时间", org.officeHours],
        ["联系电话", org.phone],
        ["传真", org.fax],
        ["电子邮箱", org.email],
        ["网上申请", `${org.website.replace(/\/$/, "")}/apply`],
      ],
    },
    {
      heading: "四、监督和救济",
      paragraphs: [
        `公民、法人或者其他组织认为${org.name}在政府信息公开工作中侵犯其合法权益的，可以向${org.superior}政府信息公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼。`,
      ],
    },
  ];
}
