// Words the default jieba dictionary lacks or splits wrongly: without them 四宝山 becomes 四 + 宝山
// and a search for 四宝山 would also match 宝山区. Frequencies are high so the names win over the
// default dictionary's splits; cutForSearch still emits their 2- and 3-character parts (宝山, 社区),
// so shorter queries find them too.

/** The office, its superiors and its area. */
const PLACES = [
  "四宝山",
  "四宝山街道",
  "四宝山街道办事处",
  "四宝山街道办",
  "四宝山街道党工委",
  "淄博高新区",
  "淄博高新技术产业开发区",
  "高新区",
  "张店区",
];

/**
 * Communities (社区) under 四宝山街道. DEMO DATA: invented names for the demonstration installation
 * (the first four match the demo notice boards in lib/seed/seed-boards.ts); replace them with the
 * real list before going live.
 */
export const DEMO_COMMUNITIES = ["北石", "四宝山", "花园", "柳杭", "南石", "卫固", "中埠", "东宝"] as const;

/** The demo departments (lib/seed/demo-data.ts); the live ones are added from the database. */
const DEPARTMENTS = [
  "党政办公室",
  "党政办",
  "经济发展办公室",
  "社会事务办公室",
  "城市管理办公室",
  "财政所",
  "规划建设办公室",
  "安全生产监督管理办公室",
  "社会保障服务中心",
];

/** Disclosure vocabulary that the default dictionary splits in ways citizens do not type. */
const TERMS = ["政府信息公开", "信息公开", "依申请公开", "主动公开", "年度报告", "公开指南", "索引号", "低保", "特别扶助金"];

export function localWords(extra: readonly string[] = []): string[] {
  const communities = DEMO_COMMUNITIES.flatMap((c) => [c, `${c}社区`, `${c}社区居委会`]);
  return [...new Set([...PLACES, ...communities, ...DEPARTMENTS, ...TERMS, ...extra])].filter((w) => w.trim().length >= 2);
}

/** jieba's user dictionary format: `word frequency [tag]`, one per line. */
export function toJiebaDict(words: readonly string[]): string {
  return words.map((w) => `${w.replace(/\s+/g, "")} 200000 n`).join("\n") + "\n";
}
