import { describe, expect, it } from "vitest";
import { toWeChatHtml, weChatLength } from "../../lib/channels/wechat/to-wechat-html";

const BASE = "https://gk.sibaoshan.example.cn/items/42";

describe("toWeChatHtml", () => {
  it("removes scripts, styles, iframes, forms and event handlers with their text", () => {
    const { html } = toWeChatHtml(
      `<p onclick="steal()">正文</p><script>alert("x")</script><style>p{color:red}</style>` +
        `<iframe src="https://evil.example">框架文字</iframe><form action="/x"><input name="a"><button>提交按钮</button></form>`,
      { baseUrl: BASE },
    );
    expect(html).toContain("正文");
    for (const bad of ["script", "alert", "<style", "color:red", "iframe", "框架文字", "form", "input", "提交按钮", "onclick"]) {
      expect(html).not.toContain(bad);
    }
  });

  it("inlines styles on headings, paragraphs and tables because WeChat drops <style> and classes", () => {
    const { html } = toWeChatHtml(
      `<h2 class="title">一、总体情况</h2><p class="x">内容</p><table><tr><th colspan="2">项目</th></tr><tr><td rowspan="2">甲</td><td>乙</td></tr></table>`,
    );
    expect(html).not.toContain("class=");
    expect(html).toMatch(/<h2 style="[^"]*font-size:19px[^"]*font-weight:bold/);
    expect(html).toMatch(/<p style="[^"]*line-height:1.75/);
    expect(html).toMatch(/<table style="[^"]*border-collapse:collapse/);
    expect(html).toMatch(/<th style="[^"]*border:1px solid #d9d9d9[^"]*" colspan="2"/);
    expect(html).toMatch(/<td style="[^"]*border:1px solid #d9d9d9[^"]*" rowspan="2"/);
  });

  it("keeps the author's text alignment but no other inline CSS", () => {
    const { html } = toWeChatHtml(`<p style="text-align:right;position:fixed;color:red">四宝山街道办事处</p>`);
    expect(html).toContain("text-align:right");
    expect(html).not.toContain("text-align:justify");
    expect(html).not.toContain("position");
    expect(html).not.toContain("color:red");
  });

  it("lists images to re-host (absolute, deduplicated) and substitutes the uploaded URLs", () => {
    const converted = toWeChatHtml(
      `<p><img src="/uploads/a.png" alt="现场图"></p><p><img src="https://cdn.example.cn/b.jpg"></p><img src="/uploads/a.png">`,
      { baseUrl: BASE },
    );
    expect(converted.imageSources).toEqual(["https://gk.sibaoshan.example.cn/uploads/a.png", "https://cdn.example.cn/b.jpg"]);
    const final = converted.withImages({
      "https://gk.sibaoshan.example.cn/uploads/a.png": "http://mmbiz.qpic.cn/mmbiz_png/abc/0",
      "https://cdn.example.cn/b.jpg": "http://mmbiz.qpic.cn/mmbiz_jpg/def/0",
    });
    expect(final.match(/mmbiz_png\/abc/g)).toHaveLength(2);
    expect(final).toContain("mmbiz_jpg/def");
    expect(final).toContain('alt="现场图"');
    expect(final).not.toContain("wximg.invalid");
    expect(final).not.toContain("/uploads/a.png");
  });

  it("removes images that could not be re-hosted, and the paragraph left empty", () => {
    const converted = toWeChatHtml(`<p>前</p><p><img src="https://cdn.example.cn/b.jpg"></p><p>后</p>`);
    const final = converted.withImages(new Map());
    expect(final).not.toContain("<img");
    expect(final).not.toMatch(/<p[^>]*>\s*<\/p>/);
    expect(final).toContain("前");
    expect(final).toContain("后");
  });

  it("drops images with unusable sources (javascript:, empty)", () => {
    const converted = toWeChatHtml(`<img src="javascript:alert(1)"><img src=""><img>`);
    expect(converted.imageSources).toEqual([]);
    expect(converted.html).not.toContain("<img");
  });

  it("turns external links into text followed by the address, since WeChat strips them", () => {
    const { html } = toWeChatHtml(
      `<p>见<a href="/items/7">相关通知</a>；网址<a href="https://www.gov.cn/">https://www.gov.cn/</a>；<a href="#top">返回顶部</a>；<a href="javascript:x()">坏链接</a></p>`,
      { baseUrl: BASE },
    );
    expect(html).not.toContain("<a");
    expect(html).toContain("相关通知（https://gk.sibaoshan.example.cn/items/7）");
    expect(html).toContain("网址https://www.gov.cn/；");
    expect(html).toContain("返回顶部");
    expect(html).not.toContain("#top");
    expect(html).toContain("坏链接");
    expect(html).not.toContain("javascript");
  });
});

describe("weChatLength", () => {
  it("counts characters as WeChat does, one per CJK character or emoji", () => {
    expect(weChatLength("四宝山街道")).toBe(5);
    expect(weChatLength("A😀")).toBe(2);
  });
});
