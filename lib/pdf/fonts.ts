/**
 * Locating and registering the bundled CJK fonts for pdfkit.
 *
 * Noto Sans SC ships as plain TrueType in @expo-google-fonts/noto-sans-sc; pdfkit subsets TrueType
 * well (a sheet embeds ~20 KB of glyphs), whereas the CFF-based Noto CJK TTCs from Debian do not.
 * All PDF code (notice sheets, receipts, letters, annual report) should register fonts through here
 * so every document uses the same faces and the same override.
 */
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

/** Font family names registered on every document by registerCjkFonts. */
export const CJK_FONT = "cjk";
export const CJK_FONT_BOLD = "cjk-bold";

/** Environment variable naming a directory that holds the two .ttf files (flat or package layout). */
export const CJK_FONT_DIR_ENV = "CJK_FONT_DIR";

const PACKAGE = "@expo-google-fonts/noto-sans-sc";
const REGULAR_FILE = "NotoSansSC_400Regular.ttf";
const BOLD_FILE = "NotoSansSC_700Bold.ttf";

export interface CjkFontPaths {
  regular: string;
  bold: string;
}

export interface CjkFontOptions {
  /** Directory containing NotoSansSC_400Regular.ttf and NotoSansSC_700Bold.ttf (overrides env). */
  fontDir?: string;
  /** Explicit file paths; take precedence over fontDir. */
  regular?: string;
  bold?: string;
}

/** Files inside a directory laid out either like the npm package (400Regular/…) or flat. */
function filesIn(dir: string): CjkFontPaths | null {
  const layouts: CjkFontPaths[] = [
    { regular: path.join(dir, "400Regular", REGULAR_FILE), bold: path.join(dir, "700Bold", BOLD_FILE) },
    { regular: path.join(dir, REGULAR_FILE), bold: path.join(dir, BOLD_FILE) },
  ];
  return layouts.find((l) => fs.existsSync(l.regular) && fs.existsSync(l.bold)) ?? null;
}

/** Candidate package directories, most specific first. */
function packageDirCandidates(): string[] {
  const out: string[] = [];
  const tryResolve = (from: string) => {
    try {
      // The package has no "exports" map, so package.json is resolvable and gives its root.
      const pkgJson = createRequire(from).resolve(`${PACKAGE}/package.json`);
      out.push(path.dirname(pkgJson));
    } catch {
      /* not resolvable from here; try the next base */
    }
  };
  // Relative to this module: right under tsx/vitest/node. Inside a Next.js server bundle
  // import.meta.url may point into .next/, where resolution can fail — hence the cwd fallbacks.
  try {
    tryResolve(import.meta.url);
  } catch {
    /* import.meta.url unavailable in some bundle formats */
  }
  tryResolve(path.join(process.cwd(), "package.json"));
  // Last resort: walk up from cwd looking for node_modules/<package> (monorepos, odd bundlers).
  let dir = process.cwd();
  for (;;) {
    out.push(path.join(dir, "node_modules", PACKAGE));
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return out;
}

let resolvedDefault: CjkFontPaths | null = null;

/**
 * Finds the regular and bold TrueType files. Order: explicit paths, options.fontDir,
 * $CJK_FONT_DIR, then the npm package. Throws with a message saying what was tried.
 */
export function resolveCjkFontPaths(options: CjkFontOptions = {}): CjkFontPaths {
  if (options.regular && options.bold) {
    for (const p of [options.regular, options.bold]) {
      if (!fs.existsSync(p)) throw new Error(`CJK font file not found: ${p}`);
    }
    return { regular: options.regular, bold: options.bold };
  }
  const overrideDir = options.fontDir ?? process.env[CJK_FONT_DIR_ENV];
  if (overrideDir) {
    const found = filesIn(overrideDir);
    if (!found) {
      throw new Error(`CJK font directory ${overrideDir} does not contain ${REGULAR_FILE} and ${BOLD_FILE}`);
    }
    return found;
  }
  if (resolvedDefault) return resolvedDefault;
  const tried = packageDirCandidates();
  for (const dir of tried) {
    const found = filesIn(dir);
    if (found) {
      resolvedDefault = found;
      return found;
    }
  }
  throw new Error(
    `CJK fonts not found (package ${PACKAGE}). Set ${CJK_FONT_DIR_ENV} to a directory with ` +
      `${REGULAR_FILE} and ${BOLD_FILE}. Tried: ${[...new Set(tried)].join(", ")}`,
  );
}

// The files are ~10 MB each; reading them once per process instead of once per document keeps a
// sheet at tens of milliseconds. Keyed by path so an override directory gets its own entry.
const fontDataCache = new Map<string, Buffer>();

function readFont(file: string): Buffer {
  let data = fontDataCache.get(file);
  if (!data) {
    data = fs.readFileSync(file);
    fontDataCache.set(file, data);
  }
  return data;
}

/** The font files' contents (cached per process). */
export function loadCjkFontData(options: CjkFontOptions = {}): { regular: Buffer; bold: Buffer } {
  const paths = resolveCjkFontPaths(options);
  return { regular: readFont(paths.regular), bold: readFont(paths.bold) };
}

/** Minimal structural view of a pdfkit document, so callers need not share our pdfkit import. */
interface FontRegistrar {
  registerFont(name: string, src: Buffer | string, family?: string): unknown;
  font(name: string): unknown;
}

/**
 * Registers "cjk" and "cjk-bold" on a pdfkit document and selects "cjk".
 * Tip: create the document with `font: null` so pdfkit never loads Helvetica's AFM data files,
 * which saves time and keeps it working when bundled.
 */
export function registerCjkFonts<T extends FontRegistrar>(doc: T, options: CjkFontOptions = {}): T {
  const data = loadCjkFontData(options);
  doc.registerFont(CJK_FONT, data.regular);
  doc.registerFont(CJK_FONT_BOLD, data.bold);
  doc.font(CJK_FONT);
  return doc;
}
