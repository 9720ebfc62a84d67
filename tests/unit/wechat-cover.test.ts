import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { COVER_HEIGHT, COVER_WIDTH, generateDefaultCover } from "../../lib/channels/wechat/cover";

/** Share of pixels that are near-white (the office name is white on a red background). */
async function whiteShare(data: Buffer, region: { left: number; top: number; width: number; height: number }) {
  const { data: raw, info } = await sharp(data).extract(region).raw().toBuffer({ resolveWithObject: true });
  let white = 0;
  for (let i = 0; i < raw.length; i += info.channels) if (raw[i] > 230 && raw[i + 1] > 230 && raw[i + 2] > 230) white++;
  return white / (info.width * info.height);
}

describe("generateDefaultCover", () => {
  it("renders a 900×383 JPEG under 64 KB (valid even as thumb material)", async () => {
    const cover = await generateDefaultCover({ category: "通知公告" });
    const meta = await sharp(cover.data).metadata();
    expect(meta.format).toBe("jpeg");
    expect([meta.width, meta.height]).toEqual([COVER_WIDTH, COVER_HEIGHT]);
    expect(cover.data.length).toBeLessThan(64 * 1024);
    expect(cover.contentType).toBe("image/jpeg");
  });

  it("draws the office name with real glyph shapes, wider for a longer name", async () => {
    // Tofu boxes or missing glyphs would give nearly the same ink for different names; real
    // glyphs give ink proportional to the text.
    const region = { left: 40, top: 120, width: 820, height: 100 };
    const short = await whiteShare((await generateDefaultCover({ officeName: "四宝山" })).data, region);
    const long = await whiteShare((await generateDefaultCover({ officeName: "四宝山街道办事处" })).data, region);
    expect(short).toBeGreaterThan(0.02);
    expect(long).toBeGreaterThan(short * 1.8);
  });

  it("fits a very long category name on the cover instead of cutting it off", async () => {
    const cover = await generateDefaultCover({ category: "财政预决算及“三公”经费重点领域信息公开专题栏目测试名称" });
    const meta = await sharp(cover.data).metadata();
    expect([meta.width, meta.height]).toEqual([COVER_WIDTH, COVER_HEIGHT]);
    // The right margin stays clear of the white category pill.
    expect(await whiteShare(cover.data, { left: 860, top: 220, width: 40, height: 70 })).toBe(0);
  });
});
