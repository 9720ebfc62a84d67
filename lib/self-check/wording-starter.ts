/**
 * The 错敏词 starter list shipped with the platform: wrong or outdated forms that inspections of
 * government websites count as 严重表述错误, each with the form to use. The migration that creates
 * the WordingRule table inserts these rows (builtIn = true); administrators edit, switch off or
 * add entries on 错敏词库, and "恢复内置条目" puts back any starter entry that was deleted.
 *
 * A wrong form must never be part of its own correct form (the check would flag correct text);
 * tests/unit/self-check-wording.test.ts enforces that.
 */
export interface StarterWordingRule {
  wrong: string;
  correct: string;
  note: string;
}

const NAME = "机构名称已调整";
const TITLE = "职务、称谓表述错误";
const TERRITORY = "涉及国家主权和领土的表述错误";
const POLICY = "重要提法表述错误";
const TYPO = "常见错别字";

export const WORDING_STARTER: readonly StarterWordingRule[] = [
  // Official names and titles.
  { wrong: "国家总理", correct: "国务院总理", note: TITLE },
  { wrong: "党中央总书记", correct: "中共中央总书记", note: TITLE },
  { wrong: "人大委员长", correct: "全国人大常委会委员长", note: TITLE },
  { wrong: "政协主席团", correct: "全国政协主席会议", note: TITLE },
  { wrong: "中华人名共和国", correct: "中华人民共和国", note: TITLE },
  { wrong: "淄博高新技术开发区", correct: "淄博高新技术产业开发区", note: TITLE },
  // Policy wording.
  { wrong: "习近平新时代中国特色社会主义理论", correct: "习近平新时代中国特色社会主义思想", note: POLICY },
  { wrong: "中国特色社会主意", correct: "中国特色社会主义", note: POLICY },
  { wrong: "社会主义核心价值关", correct: "社会主义核心价值观", note: POLICY },
  { wrong: "不忘出心", correct: "不忘初心", note: POLICY },
  { wrong: "全面从严制党", correct: "全面从严治党", note: POLICY },
  { wrong: "党风廉证建设", correct: "党风廉政建设", note: POLICY },
  { wrong: "两学一作", correct: "两学一做", note: POLICY },
  // Territory and sovereignty.
  { wrong: "台湾政府", correct: "台湾当局", note: TERRITORY },
  { wrong: "台湾总统", correct: "台湾地区领导人", note: TERRITORY },
  { wrong: "中华民国总统", correct: "台湾地区领导人", note: TERRITORY },
  { wrong: "港澳台国家", correct: "港澳台地区", note: TERRITORY },
  { wrong: "香港政府", correct: "香港特别行政区政府", note: TERRITORY },
  { wrong: "澳门政府", correct: "澳门特别行政区政府", note: TERRITORY },
  { wrong: "南朝鲜", correct: "韩国", note: TERRITORY },
  { wrong: "北朝鲜", correct: "朝鲜", note: TERRITORY },
  // Bodies renamed in the 2018 institutional reform.
  { wrong: "卫生和计划生育局", correct: "卫生健康局", note: NAME },
  { wrong: "卫计局", correct: "卫生健康局", note: NAME },
  { wrong: "国土资源局", correct: "自然资源局（自然资源和规划局）", note: NAME },
  { wrong: "环境保护局", correct: "生态环境局", note: NAME },
  { wrong: "工商行政管理局", correct: "市场监督管理局", note: NAME },
  { wrong: "食品药品监督管理局", correct: "市场监督管理局", note: NAME },
  { wrong: "安全生产监督管理局", correct: "应急管理局", note: NAME },
  { wrong: "新型农村合作医疗", correct: "城乡居民基本医疗保险", note: NAME },
  // Frequent typos in official text.
  { wrong: "贯切落实", correct: "贯彻落实", note: TYPO },
  { wrong: "截止目前", correct: "截至目前", note: TYPO },
  { wrong: "一如继往", correct: "一如既往", note: TYPO },
  { wrong: "再接再励", correct: "再接再厉", note: TYPO },
  { wrong: "按步就班", correct: "按部就班", note: TYPO },
  { wrong: "坐阵指挥", correct: "坐镇指挥", note: TYPO },
  { wrong: "迫不急待", correct: "迫不及待", note: TYPO },
];
