/**
 * Turns sanitized item body HTML into a flat list of text blocks that a PDF writer can lay out.
 *
 * Input is already sanitized (p, h1–h6, ul/ol/li, table, br, strong/em, a, img…), so a small
 * forgiving tree builder is enough; we do not pull in a full HTML parser. The rule that matters:
 * no text is ever dropped. Unknown tags are transparent, tables that are too complex for a grid
 * are flagged so the writer prints them as rows of text, and images leave a visible note.
 */

export interface TextRun {
  text: string;
  bold?: boolean;
  italic?: boolean;
  /** Set on text that came from an <a>; the writer may ignore it (paper has no links). */
  href?: string;
}

export interface TableCell {
  text: string;
  header: boolean;
  colspan: number;
  rowspan: number;
}

export type Block =
  | { kind: "heading"; level: 1 | 2 | 3 | 4; runs: TextRun[] }
  | { kind: "paragraph"; runs: TextRun[] }
  | {
      kind: "listItem";
      ordered: boolean;
      /** "1." / "•"; empty for a continuation paragraph inside the same item. */
      marker: string;
      /** 0 for a top-level list. */
      depth: number;
      runs: TextRun[];
    }
  | {
      kind: "table";
      caption?: string;
      rows: TableCell[][];
      /** Spans, nested tables or too many columns: lay out as rows of text, not as a grid. */
      complex: boolean;
      columnCount: number;
    };

export interface HtmlToBlocksOptions {
  /** Print a link's absolute URL after its text, in full-width brackets (default true). */
  showLinkUrls?: boolean;
  /** Resolves relative hrefs (e.g. attachment links) so they can be printed. */
  baseUrl?: string;
  /** Tables wider than this are treated as complex (default 8). */
  maxGridColumns?: number;
}

/** Note printed where an image was, so readers know to look online. */
export const IMAGE_NOTE = "〔图片，详见网上公开原文〕";

// ---------------------------------------------------------------------------------------------
// Tree building

interface ElementNode {
  type: "el";
  tag: string;
  attrs: Record<string, string>;
  children: Node[];
  parent: ElementNode | null;
}
interface TextNode {
  type: "text";
  text: string;
}
type Node = ElementNode | TextNode;

const VOID = new Set(["br", "img", "hr", "wbr", "col", "input", "meta", "link", "area", "source"]);
const SKIP_CONTENT = new Set(["script", "style", "head", "title", "template", "noscript"]);
const BLOCK_CLOSES_P = new Set([
  "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "table", "blockquote", "pre", "hr",
  "section", "article", "header", "footer", "figure", "address", "dl", "center",
]);

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0", ensp: "\u2002", emsp: "\u2003",
  thinsp: "\u2009", ldquo: "\u201c", rdquo: "\u201d", lsquo: "\u2018", rsquo: "\u2019",
  mdash: "\u2014", ndash: "\u2013", hellip: "\u2026", middot: "\u00b7", bull: "\u2022",
  times: "\u00d7", divide: "\u00f7", deg: "\u00b0", plusmn: "\u00b1", copy: "\u00a9",
  reg: "\u00ae", trade: "\u2122", yen: "\u00a5", permil: "\u2030", sect: "\u00a7",
  laquo: "\u00ab", raquo: "\u00bb", le: "\u2264", ge: "\u2265", ne: "\u2260", rarr: "\u2192",
  larr: "\u2190", shy: "",
};

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z][a-zA-Z0-9]*);?/g, (m, body: string) => {
    if (body[0] === "#") {
      const code = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return "\ufffd";
      return String.fromCodePoint(code);
    }
    const named = NAMED_ENTITIES[body.toLowerCase()];
    return named ?? m;
  });
}

function parseAttrs(src: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  const re = /([^\s=/"'>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(src))) {
    attrs[m[1].toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? "");
  }
  return attrs;
}

// Invisible characters (zero-width spaces, soft hyphens, BOM, control codes) have no glyph in
// the CJK font and would print as boxes; they carry no meaning on paper.
const INVISIBLE = /[\u0000-\u0008\u000b\u000e-\u001f\u007f\u00ad\u200b-\u200d\u2060\ufeff]/g;

function buildTree(html: string): ElementNode {
  const root: ElementNode = { type: "el", tag: "#root", attrs: {}, children: [], parent: null };
  let cur = root;
  const tagRe = /<!--[\s\S]*?(?:-->|$)|<![^>]*>|<\?[^>]*>|<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
  let last = 0;
  let skipUntil: string | null = null;

  const addText = (raw: string) => {
    if (!raw || skipUntil) return;
    cur.children.push({ type: "text", text: decodeEntities(raw).replace(INVISIBLE, "") });
  };
  const ancestorsUntil = (names: Set<string>, barrier: Set<string>): ElementNode | null => {
    for (let n: ElementNode | null = cur; n && n.tag !== "#root"; n = n.parent) {
      if (names.has(n.tag)) return n;
      if (barrier.has(n.tag)) return null;
    }
    return null;
  };
  const closeTo = (node: ElementNode) => {
    cur = node.parent ?? root;
  };

  let m: RegExpExecArray | null;
  while ((m = tagRe.exec(html))) {
    addText(html.slice(last, m.index));
    last = tagRe.lastIndex;
    if (m[2] === undefined) continue; // comment, doctype, processing instruction
    const closing = m[1] === "/";
    const tag = m[2].toLowerCase();
    if (skipUntil) {
      if (closing && tag === skipUntil) skipUntil = null;
      continue;
    }
    if (closing) {
      // </br> is treated as <br> by browsers; keep that quirk so text does not run together.
      if (tag === "br") {
        cur.children.push({ type: "el", tag: "br", attrs: {}, children: [], parent: cur });
        continue;
      }
      for (let n: ElementNode | null = cur; n && n.tag !== "#root"; n = n.parent) {
        if (n.tag === tag) {
          closeTo(n);
          break;
        }
      }
      continue; // stray end tags are ignored
    }
    if (SKIP_CONTENT.has(tag)) {
      if (!/\/\s*$/.test(m[3])) skipUntil = tag;
      continue;
    }
    // Implied end tags, as an HTML parser would insert them.
    if (BLOCK_CLOSES_P.has(tag)) {
      const p = ancestorsUntil(new Set(["p"]), new Set(["li", "td", "th", "div", "blockquote", "table"]));
      if (p) closeTo(p);
    }
    if (tag === "li") {
      const li = ancestorsUntil(new Set(["li"]), new Set(["ul", "ol"]));
      if (li) closeTo(li);
    } else if (tag === "tr") {
      const tr = ancestorsUntil(new Set(["tr"]), new Set(["table"]));
      if (tr) closeTo(tr);
    } else if (tag === "td" || tag === "th") {
      const cell = ancestorsUntil(new Set(["td", "th"]), new Set(["tr", "table"]));
      if (cell) closeTo(cell);
    } else if (tag === "thead" || tag === "tbody" || tag === "tfoot") {
      const sect = ancestorsUntil(new Set(["thead", "tbody", "tfoot"]), new Set(["table"]));
      if (sect) closeTo(sect);
    }
    const el: ElementNode = { type: "el", tag, attrs: parseAttrs(m[3]), children: [], parent: cur };
    cur.children.push(el);
    if (!VOID.has(tag) && !/\/\s*$/.test(m[3])) cur = el;
  }
  addText(html.slice(last));
  return root;
}

// ---------------------------------------------------------------------------------------------
// Whitespace

// Internal marker for <br>, so it survives whitespace collapsing. Private-use code point, removed
// from input text first.
const BR = "\ue000";
const HTML_SPACE = /[ \t\n\r\f]/;
const CJK = /[\u2e80-\u2fff\u3001-\u303f\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]|[\ud840-\ud87f][\udc00-\udfff]/;
// Indentation that authors type by hand (&nbsp;, full-width spaces); the writer indents itself.
const LEADING_INDENT = /^[\u00a0\u3000\u2002\u2003 ]+/;

function sameFormat(a: TextRun, b: TextRun): boolean {
  return !!a.bold === !!b.bold && !!a.italic === !!b.italic && a.href === b.href;
}

/**
 * CSS-like white-space collapsing across runs. A source line break between two CJK characters
 * disappears (CSS Text segment-break rule), since Chinese HTML is often hard-wrapped.
 */
export function normalizeRuns(runs: TextRun[]): TextRun[] {
  const out: TextRun[] = [];
  let prev = ""; // last emitted character
  let pending = null as { newline: boolean } | null;
  for (const run of runs) {
    let text = "";
    const chars = Array.from(run.text);
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      if (HTML_SPACE.test(c)) {
        const wasNewline: boolean = pending !== null && pending.newline;
        pending = { newline: wasNewline || c === "\n" };
        continue;
      }
      if (c === BR) {
        pending = null;
        // Drop trailing spaces before the break (already pending, so nothing to remove).
        text += "\n";
        prev = "\n";
        continue;
      }
      if (pending && prev && prev !== "\n") {
        const dropped = pending.newline && CJK.test(prev) && CJK.test(c);
        if (!dropped) text += " ";
      }
      pending = null;
      text += c;
      prev = c;
    }
    if (text) out.push({ ...run, text });
  }
  // Trim leading/trailing breaks and hand-typed indentation at the start of each line.
  const merged: TextRun[] = [];
  for (const r of out) {
    const last = merged[merged.length - 1];
    if (last && sameFormat(last, r)) last.text += r.text;
    else merged.push({ ...r });
  }
  let atLineStart = true;
  for (const r of merged) {
    let t = r.text;
    if (atLineStart) t = t.replace(/^\n+/, "").replace(LEADING_INDENT, "");
    t = t.replace(/\n[\u00a0\u3000\u2002\u2003 ]+/g, "\n");
    r.text = t.replace(/\u00a0/g, " ");
    if (r.text) atLineStart = r.text.endsWith("\n");
  }
  while (merged.length) {
    const lastRun = merged[merged.length - 1];
    lastRun.text = lastRun.text.replace(/[\n ]+$/, "");
    if (lastRun.text) break;
    merged.pop();
  }
  return merged.filter((r) => r.text.length > 0);
}

export function runsText(runs: TextRun[]): string {
  return runs.map((r) => r.text).join("");
}

// ---------------------------------------------------------------------------------------------
// Walking

interface Ctx {
  bold: boolean;
  italic: boolean;
  href?: string;
}

interface Container {
  kind: "paragraph" | "li";
  ordered?: boolean;
  marker?: string;
  depth?: number;
  used?: boolean;
}

function resolveHref(href: string | undefined, baseUrl: string | undefined): string | undefined {
  if (!href) return undefined;
  const h = href.trim();
  if (!h || h.startsWith("#") || /^(javascript|mailto|tel|data):/i.test(h)) return undefined;
  try {
    const u = baseUrl ? new URL(h, baseUrl) : new URL(h);
    return /^https?:$/.test(u.protocol) ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** Plain text of a subtree, with block boundaries and <br> as line breaks. */
function textContent(node: Node, options: Required<Pick<HtmlToBlocksOptions, "showLinkUrls">> & HtmlToBlocksOptions): string {
  const runs: TextRun[] = [];
  const visit = (n: Node) => {
    if (n.type === "text") {
      runs.push({ text: n.text.replaceAll(BR, "") });
      return;
    }
    if (n.tag === "br") return void runs.push({ text: BR });
    if (n.tag === "img") return void runs.push({ text: n.attrs.alt ? `〔图片：${n.attrs.alt}〕` : IMAGE_NOTE });
    const block = BLOCK_CLOSES_P.has(n.tag) || n.tag === "li" || n.tag === "tr" || n.tag === "caption";
    if (block) runs.push({ text: BR });
    for (const c of n.children) visit(c);
    if (n.tag === "a" && options.showLinkUrls) {
      const url = resolveHref(n.attrs.href, options.baseUrl);
      const inner = runsText(runs);
      if (url && !inner.includes(url)) runs.push({ text: `（${url}）` });
    }
    if (block) runs.push({ text: BR });
  };
  visit(node);
  return runsText(normalizeRuns(runs)).replace(/\n{2,}/g, "\n");
}

function intAttr(v: string | undefined): number {
  const n = v ? parseInt(v, 10) : 1;
  return Number.isFinite(n) && n > 1 ? Math.min(n, 1000) : 1;
}

function orderedMarker(type: string | undefined, n: number): string {
  if (type === "a") return `${String.fromCharCode(96 + (((n - 1) % 26) + 1))}.`;
  if (type === "A") return `${String.fromCharCode(64 + (((n - 1) % 26) + 1))}.`;
  return `${n}.`;
}

export function htmlToBlocks(html: string, options: HtmlToBlocksOptions = {}): Block[] {
  const opts = { showLinkUrls: true, maxGridColumns: 8, ...options };
  const root = buildTree(html.replaceAll(BR, ""));
  const blocks: Block[] = [];
  let runs: TextRun[] = [];
  let container: Container = { kind: "paragraph" };
  let listDepth = -1;

  const flush = () => {
    const normalized = normalizeRuns(runs);
    runs = [];
    if (!normalized.length) return;
    if (container.kind === "li") {
      blocks.push({
        kind: "listItem",
        ordered: !!container.ordered,
        marker: container.used ? "" : container.marker ?? "",
        depth: container.depth ?? 0,
        runs: normalized,
      });
      container.used = true;
    } else {
      blocks.push({ kind: "paragraph", runs: normalized });
    }
  };

  const walkTable = (table: ElementNode) => {
    const rows: TableCell[][] = [];
    let caption: string | undefined;
    let nested = false;
    const findRows = (n: ElementNode) => {
      for (const c of n.children) {
        if (c.type !== "el") continue;
        if (c.tag === "caption") caption = textContent(c, opts) || undefined;
        else if (c.tag === "tr") {
          const cells: TableCell[] = [];
          for (const cell of c.children) {
            if (cell.type !== "el" || (cell.tag !== "td" && cell.tag !== "th")) continue;
            const hasTable = (x: Node): boolean =>
              x.type === "el" && (x.tag === "table" || x.children.some(hasTable));
            if (cell.children.some(hasTable)) nested = true;
            cells.push({
              text: textContent(cell, opts),
              header: cell.tag === "th",
              colspan: intAttr(cell.attrs.colspan),
              rowspan: intAttr(cell.attrs.rowspan),
            });
          }
          if (cells.length) rows.push(cells);
        } else if (c.tag === "thead" || c.tag === "tbody" || c.tag === "tfoot") findRows(c);
        else if (c.tag !== "table") {
          // Stray content inside <table> (browsers hoist it out); keep it as a paragraph later.
          const text = textContent(c, opts);
          if (text) rows.push([{ text, header: false, colspan: 1, rowspan: 1 }]);
        }
      }
    };
    findRows(table);
    if (!rows.length) {
      if (caption) blocks.push({ kind: "paragraph", runs: [{ text: caption }] });
      return;
    }
    const spans = rows.some((r) => r.some((c) => c.colspan > 1 || c.rowspan > 1));
    const columnCount = Math.max(...rows.map((r) => r.length));
    // Ragged rows without spans are padded, as a browser would show empty cells.
    for (const r of rows) {
      while (!spans && r.length < columnCount) r.push({ text: "", header: false, colspan: 1, rowspan: 1 });
    }
    blocks.push({
      kind: "table",
      caption,
      rows,
      complex: spans || nested || columnCount > opts.maxGridColumns,
      columnCount,
    });
  };

  const walk = (node: Node, ctx: Ctx) => {
    if (node.type === "text") {
      runs.push({ text: node.text.replaceAll(BR, ""), bold: ctx.bold || undefined, italic: ctx.italic || undefined, href: ctx.href });
      return;
    }
    const tag = node.tag;
    const children = (c: Ctx) => node.children.forEach((ch) => walk(ch, c));
    switch (tag) {
      case "br":
        runs.push({ text: BR, bold: ctx.bold || undefined, italic: ctx.italic || undefined, href: ctx.href });
        return;
      case "img":
        runs.push({ text: node.attrs.alt ? `〔图片：${node.attrs.alt}〕` : IMAGE_NOTE });
        return;
      case "hr":
        flush();
        return;
      case "strong":
      case "b":
        return children({ ...ctx, bold: true });
      case "em":
      case "i":
      case "cite":
        return children({ ...ctx, italic: true });
      case "a": {
        const url = resolveHref(node.attrs.href, opts.baseUrl);
        const start = runs.length;
        children({ ...ctx, href: url ?? ctx.href });
        if (url && opts.showLinkUrls) {
          const inner = runsText(runs.slice(start));
          if (!inner.includes(url)) runs.push({ text: `（${url}）` });
        }
        return;
      }
      case "h1":
      case "h2":
      case "h3":
      case "h4":
      case "h5":
      case "h6": {
        flush();
        const saved = runs;
        runs = [];
        children({ ...ctx, bold: true });
        const headingRuns = normalizeRuns(runs);
        runs = saved;
        const level = Math.min(4, Number(tag[1])) as 1 | 2 | 3 | 4;
        if (headingRuns.length) blocks.push({ kind: "heading", level, runs: headingRuns });
        return;
      }
      case "ul":
      case "ol": {
        flush();
        const savedContainer = container;
        listDepth++;
        let counter = tag === "ol" ? Math.max(1, parseInt(node.attrs.start ?? "1", 10) || 1) : 1;
        for (const ch of node.children) {
          if (ch.type === "el" && ch.tag === "li") {
            container = {
              kind: "li",
              ordered: tag === "ol",
              marker: tag === "ol" ? orderedMarker(node.attrs.type, counter++) : "•",
              depth: listDepth,
              used: false,
            };
            ch.children.forEach((c) => walk(c, ctx));
            flush();
          } else {
            // Text directly inside a list: keep it, as an unmarked item at this depth.
            container = { kind: "li", ordered: tag === "ol", marker: "", depth: listDepth, used: true };
            walk(ch, ctx);
            flush();
          }
        }
        listDepth--;
        container = savedContainer;
        // Text after a nested list inside an <li> continues that item without a marker.
        if (container.kind === "li") container.used = true;
        return;
      }
      case "table":
        flush();
        walkTable(node);
        if (container.kind === "li") container.used = true;
        return;
      case "p":
      case "div":
      case "section":
      case "article":
      case "blockquote":
      case "pre":
      case "header":
      case "footer":
      case "figure":
      case "figcaption":
      case "address":
      case "center":
      case "dl":
      case "dt":
      case "dd":
      case "li": // stray <li> outside a list
      case "tr":
      case "caption":
        flush();
        children(ctx);
        flush();
        return;
      case "td":
      case "th":
        // Cells outside a table: separate them so words do not run together.
        runs.push({ text: " " });
        children(ctx);
        runs.push({ text: " " });
        return;
      default:
        return children(ctx); // span, font, u, sub, sup, unknown: transparent
    }
  };

  walk(root, { bold: false, italic: false });
  flush();
  return blocks;
}

/** Rows of a table as readable lines, used when a grid cannot be drawn. */
export function tableAsTextRows(table: Extract<Block, { kind: "table" }>): string[] {
  const headerRow = table.rows[0].every((c) => c.header) && !table.complex ? table.rows[0] : null;
  const bodyRows = headerRow ? table.rows.slice(1) : table.rows;
  return bodyRows.map((row) => {
    const parts = row.map((cell, i) => {
      const text = cell.text.replace(/\n/g, " ");
      const label = headerRow?.[i]?.text.replace(/\n/g, " ");
      return label ? `${label}：${text}` : text;
    });
    return parts.filter((p) => p.length > 0).join("；") || "（空行）";
  });
}

/** All text of the blocks, one block per line; for checks and plain-text channels. */
export function blocksToPlainText(blocks: Block[]): string {
  const lines: string[] = [];
  for (const b of blocks) {
    if (b.kind === "table") {
      if (b.caption) lines.push(b.caption);
      for (const row of b.rows) lines.push(row.map((c) => c.text).join("\t"));
    } else if (b.kind === "listItem") {
      lines.push(`${"  ".repeat(b.depth)}${b.marker ? `${b.marker} ` : ""}${runsText(b.runs)}`);
    } else {
      lines.push(runsText(b.runs));
    }
  }
  return lines.join("\n");
}
