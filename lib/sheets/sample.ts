/**
 * A realistic sample item for previews, the sample script and tests. Kept in code (not read from
 * disk) so nothing depends on files outside the project at run or test time.
 */
import type { SheetItem } from "./render-sheet";

const PARAGRAPHS = [
  "根据《中华人民共和国政府信息公开条例》和《社会救助暂行办法》有关规定，经社区初审、街道审核、入户调查和民主评议，现将四宝山街道2026年度第四季度临时救助拟救助对象及救助金额予以公示，接受社会监督。",
  "本次临时救助坚持“公开、公平、公正”原则，重点保障因火灾、交通事故、突发重大疾病等意外事件导致基本生活暂时出现严重困难的家庭，以及遭遇其他特殊困难的低保对象、特困人员和低收入家庭。各社区居民委员会按照“先行救助、后补手续”的要求，对急难情形及时受理、及时核查，确保救助资金足额、按时发放到位。",
  "公示期间，任何单位和个人对公示对象有异议的，可以通过来信、来电或者来访等方式向街道社会事务办公室反映。反映情况应当实事求是，提供具体事实和线索；以单位名义反映的应加盖公章，以个人名义反映的提倡署报真实姓名和联系方式。街道将对反映的问题认真调查核实，并依法依规保护反映人的合法权益。",
];

const LONG_RUN =
  "为切实做好困难群众基本生活保障工作街道成立了由分管领导任组长社会事务办公室财政所纪工委及各社区党组织书记为成员的临时救助工作领导小组建立了主动发现快速响应个案会商分级审批资金直达的工作机制对辖区内因病因灾因意外事故等原因导致基本生活陷入困境的家庭做到应救尽救应保尽保不断提升社会救助工作的精准性和时效性";

export interface SampleOptions {
  /** How many times the middle section repeats; ~4 gives three A4 pages. */
  repeat?: number;
}

export function sampleBodyHtml(options: SampleOptions = {}): string {
  const repeat = options.repeat ?? 4;
  const parts: string[] = [];
  parts.push(`<p>${PARAGRAPHS[0]}</p>`);
  parts.push("<h3>一、公示对象及救助金额</h3>");
  parts.push(
    "<table><thead><tr><th>序号</th><th>姓名</th><th>所在社区</th><th>救助事由</th><th>救助金额（元）</th></tr></thead><tbody>" +
      [
        ["1", "张*明", "北石社区", "突发重大疾病，自付医疗费用较高", "3000"],
        ["2", "李*芳", "四宝山社区", "住房失火，生活用品损毁", "2500"],
        ["3", "王*强", "花园社区", "交通事故致家庭主要劳动力丧失劳动能力", "4000"],
        ["4", "赵*英", "柳杭社区", "子女就学费用支出较大，基本生活暂时困难", "1500"],
      ]
        .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`)
        .join("") +
      "</tbody></table>",
  );
  parts.push("<h3>二、工作要求</h3>");
  for (let i = 0; i < repeat; i++) {
    parts.push(`<p>${PARAGRAPHS[1]}</p>`);
    parts.push(`<p><strong>（${"一二三四五六七八九十"[i % 10]}）坚持精准救助。</strong>${PARAGRAPHS[2]}</p>`);
    parts.push(`<p>${LONG_RUN}。</p>`);
  }
  parts.push("<h3>三、联系方式</h3>");
  parts.push(
    "<ul><li>受理地点：四宝山街道便民服务中心社会救助窗口</li>" +
      "<li>受理时间：工作日上午9:00—12:00，下午13:30—17:00</li>" +
      "<li>监督电话：0533-1234567</li></ul>",
  );
  parts.push(
    '<p>政策原文及申请材料清单请登录网站查阅：<a href="https://gk.sibaoshan.example.gov.cn/policy/linshi-jiuzhu-2026-shishi-xize-quanwen-ji-shenqing-cailiao-qingdan-xiazai.html">临时救助实施细则</a>。</p>',
  );
  parts.push("<p>公示期满无异议的，按程序发放救助资金。本公示自发布之日起至公示期满止，请广大居民群众积极参与监督。</p>");
  return parts.join("\n");
}

/** The last sentence of the sample body; tests look for it to prove nothing was cut off. */
export const SAMPLE_LAST_SENTENCE = "请广大居民群众积极参与监督。";

export function sampleItem(options: SampleOptions = {}): SheetItem {
  return {
    id: "sample-1",
    version: 1,
    indexNo: "113703000045367821/2026-00417",
    title: "四宝山街道办事处关于2026年度第四季度临时救助拟救助对象的公示",
    summary: "公示2026年度第四季度临时救助拟救助对象及救助金额，接受社会监督。",
    bodyHtml: sampleBodyHtml(options),
    departmentName: "四宝山街道办事处社会事务办公室",
    generatedDate: "2026-11-28",
    publishedAt: "2026-12-01T09:30:00+08:00",
    documentNumber: "四宝山办发〔2026〕31号",
    topic: "民政、扶贫、救灾",
    portalUrl: "https://gk.sibaoshan.example.gov.cn/items/113703000045367821-2026-00417",
    attachments: [
      {
        name: "2026年第四季度临时救助对象审批表.pdf",
        mime: "application/pdf",
        size: 183_442,
        sha256: "0".repeat(64),
        url: "https://gk.sibaoshan.example.gov.cn/files/0000.pdf",
      },
    ],
  };
}
