import { createRequire } from "node:module";
import sharp, { type OverlayOptions } from "sharp";
import type { WeChatImageFile } from "./client";
import { DEFAULT_OFFICE_NAME } from "./to-wechat-article";

/**
 * The default cover for an item without an image: 900×383 (WeChat's 2.35:1 cover), JPEG, well under
 * 64 KB so it is valid even as `thumb` material.
 *
 * Chinese text is rendered by sharp's text input (Pango) with `fontfile` pointing at Noto Sans SC
 * from the npm package @expo-google-fonts/noto-sans-sc. That does not depend on fontconfig finding
 * a system CJK font (an SVG <text> would render tofu boxes on a machine without fonts-noto-cjk),
 * so covers look the same on every machine the project installs on.
 */

export const COVER_WIDTH = 900;
export const COVER_HEIGHT = 383;

const require = createRequire(import.meta.url);
const FONT_BOLD = require.resolve("@expo-google-fonts/noto-sans-sc/700Bold/NotoSansSC_700Bold.ttf");
const FONT_REGULAR = require.resolve("@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf");

export interface DefaultCoverOptions {
  officeName?: string;
  /** The item's 信息类别 name, e.g. "通知公告". */
  category?: string | null;
}

function markupEscape(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

async function renderText(
  text: string,
  options: { bold: boolean; sizePt: number; color: string; maxWidth: number; maxHeight: number },
): Promise<{ data: Buffer; width: number; height: number }> {
  const family = options.bold ? "Noto Sans SC Bold" : "Noto Sans SC";
  const render = (extra: { width?: number; height?: number; dpi?: number }) =>
    sharp({
      text: {
        text: `<span foreground="${options.color}">${markupEscape(text)}</span>`,
        font: `${family} ${options.sizePt}`,
        fontfile: options.bold ? FONT_BOLD : FONT_REGULAR,
        rgba: true,
        ...extra,
      },
    })
      .png()
      .toBuffer({ resolveWithObject: true });
  let out = await render({ dpi: 72 });
  // Long category names are shrunk to fit rather than cut off.
  if (out.info.width > options.maxWidth || out.info.height > options.maxHeight) {
    out = await render({ width: options.maxWidth, height: options.maxHeight });
  }
  return { data: out.data, width: out.info.width, height: out.info.height };
}

function background(): Buffer {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${COVER_WIDTH}" height="${COVER_HEIGHT}">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#c62828"/>
      <stop offset="1" stop-color="#8e1111"/>
    </linearGradient>
  </defs>
  <rect width="${COVER_WIDTH}" height="${COVER_HEIGHT}" fill="url(#bg)"/>
  <circle cx="820" cy="40" r="190" fill="#ffffff" fill-opacity="0.06"/>
  <circle cx="900" cy="330" r="150" fill="#ffffff" fill-opacity="0.05"/>
  <circle cx="40" cy="380" r="110" fill="#ffffff" fill-opacity="0.04"/>
  <rect x="60" y="58" width="6" height="34" fill="#f6c453"/>
  <rect x="60" y="${COVER_HEIGHT - 56}" width="${COVER_WIDTH - 120}" height="2" fill="#f6c453" fill-opacity="0.7"/>
</svg>`;
  return Buffer.from(svg);
}

function pill(width: number, height: number): Buffer {
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="${width}" height="${height}" rx="${height / 2}" fill="#ffffff"/></svg>`,
  );
}

/** Renders the default cover as JPEG. */
export async function generateDefaultCover(options: DefaultCoverOptions = {}): Promise<WeChatImageFile> {
  const officeName = (options.officeName ?? DEFAULT_OFFICE_NAME).trim() || DEFAULT_OFFICE_NAME;
  const category = options.category?.trim();

  const label = await renderText("政务公开", { bold: false, sizePt: 26, color: "#fbe3a4", maxWidth: 300, maxHeight: 50 });
  const name = await renderText(officeName, { bold: true, sizePt: 64, color: "#ffffff", maxWidth: 780, maxHeight: 100 });
  const layers: OverlayOptions[] = [
    { input: label.data, left: 80, top: 75 - Math.round(label.height / 2) },
    { input: name.data, left: 60, top: 130 },
  ];

  if (category) {
    const cat = await renderText(category, { bold: true, sizePt: 30, color: "#b71c1c", maxWidth: 700, maxHeight: 44 });
    const padX = 28;
    const pillHeight = 60;
    const pillTop = 130 + name.height + 28;
    layers.push({ input: pill(cat.width + padX * 2, pillHeight), left: 60, top: pillTop });
    layers.push({ input: cat.data, left: 60 + padX, top: pillTop + Math.round((pillHeight - cat.height) / 2) });
  }

  const data = await sharp(background())
    .composite(layers)
    .flatten({ background: "#8e1111" })
    .jpeg({ quality: 85, mozjpeg: true })
    .toBuffer();
  return { data, filename: "cover.jpg", contentType: "image/jpeg" };
}
