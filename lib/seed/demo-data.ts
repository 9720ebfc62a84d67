import type { Role } from "../generated/prisma/enums";

// Demo organisation. The credit code is a well-formed illustrative 统一社会信用代码 (valid check
// character), not the office's real one: set the real one in 单位信息 before going live.
export const DEMO_ORGANISATION = {
  name: "四宝山街道办事处",
  creditCode: "11370300MB28513644",
  superior: "淄博高新技术产业开发区管理委员会",
  address: "山东省淄博市高新区四宝山街道办事处党政办公室",
  postcode: "255086",
  officeHours: "工作日上午8:30—12:00，下午13:30—17:30（法定节假日除外）",
  phone: "0533-3581234",
  fax: "0533-3581235",
  email: "sbsjdgk@example.gov.cn",
  website: "http://localhost:3000",
};

export const DEMO_DEPARTMENTS = [
  { code: "dzb", name: "党政办公室", isDisclosureOffice: true },
  { code: "jjfz", name: "经济发展办公室" },
  { code: "shsw", name: "社会事务办公室" },
  { code: "csgl", name: "城市管理办公室" },
  { code: "czs", name: "财政所" },
  { code: "ghjs", name: "规划建设办公室" },
  { code: "aqsc", name: "安全生产监督管理办公室" },
  { code: "sbzx", name: "社会保障服务中心" },
] as const;

export interface DemoUser {
  username: string;
  displayName: string;
  department: string;
  roles: { role: Role; department?: string }[];
}

/** One demo account for each role; all share DEMO_PASSWORD (shown by `npm start`). */
export const DEMO_PASSWORD = "Sibaoshan2026";

export const DEMO_USERS: DemoUser[] = [
  { username: "staff", displayName: "王晓燕", department: "jjfz", roles: [{ role: "STAFF", department: "jjfz" }] },
  { username: "head", displayName: "李建国", department: "jjfz", roles: [{ role: "DEPT_HEAD", department: "jjfz" }] },
  { username: "reviewer", displayName: "张丽华", department: "dzb", roles: [{ role: "OFFICE_REVIEWER" }] },
  { username: "secrecy", displayName: "赵明", department: "dzb", roles: [{ role: "CONFIDENTIALITY_OFFICER" }] },
  { username: "supervisor", displayName: "刘卫东", department: "dzb", roles: [{ role: "SUPERVISOR" }] },
  { username: "admin", displayName: "孙浩", department: "dzb", roles: [{ role: "ADMIN" }] },
  { username: "staff2", displayName: "陈静", department: "shsw", roles: [{ role: "STAFF", department: "shsw" }] },
  { username: "head2", displayName: "周国强", department: "shsw", roles: [{ role: "DEPT_HEAD", department: "shsw" }] },
];

export interface CategorySeed {
  code: string;
  name: string;
  kind: "NATIONAL" | "LOCAL";
  description?: string;
  children?: CategorySeed[];
}

/**
 * The 公开目录: the fifteen categories of 条例第二十条 at the top, the office's own categories
 * (from its 2017 report) under the national one they belong to, and the annual-report column.
 */
export const CATEGORY_TREE: CategorySeed[] = [
  {
    code: "fgwj", name: "法规文件", kind: "NATIONAL", description: "行政法规、规章和规范性文件（第二十条第一项）",
    children: [
      { code: "gz", name: "规章", kind: "NATIONAL" },
      { code: "gfxwj", name: "行政规范性文件", kind: "NATIONAL" },
      { code: "zcwj", name: "政策文件", kind: "LOCAL" },
    ],
  },
  {
    code: "jgzn", name: "机构职能", kind: "NATIONAL",
    description: "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名（第二十条第二项）",
    children: [
      { code: "zfld", name: "政府领导", kind: "LOCAL" },
      { code: "jgsz", name: "机构设置", kind: "LOCAL" },
      { code: "rsxx", name: "人事信息", kind: "LOCAL" },
    ],
  },
  {
    code: "ghxx", name: "规划信息", kind: "NATIONAL",
    description: "国民经济和社会发展规划、专项规划、区域规划及相关政策（第二十条第三项）",
    children: [
      { code: "ghjh", name: "规划计划", kind: "LOCAL" },
      { code: "zfgzbg", name: "政府工作报告", kind: "LOCAL" },
      { code: "zdgz", name: "政府重点工作", kind: "LOCAL" },
    ],
  },
  {
    code: "tjxx", name: "统计信息", kind: "NATIONAL", description: "国民经济和社会发展统计信息（第二十条第四项）",
    children: [{ code: "tjsj", name: "统计数据", kind: "LOCAL" }],
  },
  { code: "xzxk", name: "行政许可", kind: "NATIONAL", description: "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果（第二十条第五项）" },
  { code: "xzcf", name: "行政处罚和行政强制", kind: "NATIONAL", description: "实施行政处罚、行政强制的依据、条件、程序以及具有一定社会影响的行政处罚决定（第二十条第六项）" },
  { code: "czyjs", name: "财政预决算", kind: "NATIONAL", description: "财政预算、决算信息（第二十条第七项）" },
  { code: "xzsyxsf", name: "行政事业性收费", kind: "NATIONAL", description: "行政事业性收费项目及其依据、标准（第二十条第八项）" },
  { code: "zfcg", name: "政府集中采购", kind: "NATIONAL", description: "政府集中采购项目的目录、标准及实施情况（第二十条第九项）" },
  { code: "zdjsxm", name: "重大建设项目", kind: "NATIONAL", description: "重大建设项目的批准和实施情况（第二十条第十项）" },
  {
    code: "msbz", name: "民生保障", kind: "NATIONAL",
    description: "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况（第二十条第十一项）",
    children: [
      { code: "xcjs", name: "乡村建设", kind: "LOCAL" },
      { code: "jhsy", name: "计划生育", kind: "LOCAL" },
    ],
  },
  { code: "yjgl", name: "应急管理", kind: "NATIONAL", description: "突发公共事件的应急预案、预警信息及应对情况（第二十条第十二项）" },
  { code: "jdjc", name: "监督检查", kind: "NATIONAL", description: "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况（第二十条第十三项）" },
  { code: "gwykz", name: "公务员招考", kind: "NATIONAL", description: "公务员招考的职位、名额、报考条件等事项以及录用结果（第二十条第十四项）" },
  {
    code: "qtxx", name: "其他法定公开信息", kind: "NATIONAL",
    description: "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息（第二十条第十五项）",
    children: [{ code: "qt", name: "其他信息", kind: "LOCAL" }],
  },
  { code: "nb", name: "政府信息公开年报", kind: "LOCAL", description: "本机关政府信息公开工作年度报告（条例第四十九条）" },
];
