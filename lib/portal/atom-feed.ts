/** Atom 1.0 (RFC 4287) feeds of the disclosure column: everything, and one per category. */

export interface FeedEntry {
  /** Permanent id (a tag: URI built from the 索引号, which never changes). */
  id: string;
  title: string;
  url: string;
  published: Date;
  updated: Date;
  summary: string;
  author: string;
  category?: { term: string; label: string };
}

export interface Feed {
  id: string;
  title: string;
  subtitle?: string;
  selfUrl: string;
  htmlUrl: string;
  author: string;
  entries: FeedEntry[];
  /** When the feed has no entries. */
  fallbackUpdated: Date;
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

/** Escapes text for XML and drops characters XML 1.0 forbids (control characters pasted from Word). */
export function xmlEscape(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "").replace(/[&<>"']/g, (c) => ESCAPES[c]);
}

/**
 * tag: URI (RFC 4151) of an item: the site's domain, the year it was first published and its 索引号,
 * so a revision or withdrawal updates the same entry in readers.
 */
export function itemEntryId(siteDomain: string, firstPublished: Date, indexNo: string): string {
  const host = siteDomain.replace(/:\d+$/, "").toLowerCase();
  return `tag:${host},${firstPublished.getUTCFullYear()}:items/${indexNo}`;
}

export function buildAtomFeed(feed: Feed): string {
  const updated = feed.entries.reduce((max, e) => (e.updated > max ? e.updated : max), new Date(0));
  const lines = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
    `  <id>${xmlEscape(feed.id)}</id>`,
    `  <title>${xmlEscape(feed.title)}</title>`,
    ...(feed.subtitle ? [`  <subtitle>${xmlEscape(feed.subtitle)}</subtitle>`] : []),
    `  <link rel="self" type="application/atom+xml" href="${xmlEscape(feed.selfUrl)}"/>`,
    `  <link rel="alternate" type="text/html" href="${xmlEscape(feed.htmlUrl)}"/>`,
    `  <updated>${(feed.entries.length ? updated : feed.fallbackUpdated).toISOString()}</updated>`,
    `  <author><name>${xmlEscape(feed.author)}</name></author>`,
  ];
  for (const e of feed.entries) {
    lines.push(
      "  <entry>",
      `    <id>${xmlEscape(e.id)}</id>`,
      `    <title>${xmlEscape(e.title)}</title>`,
      `    <link rel="alternate" type="text/html" href="${xmlEscape(e.url)}"/>`,
      `    <published>${e.published.toISOString()}</published>`,
      `    <updated>${e.updated.toISOString()}</updated>`,
      `    <author><name>${xmlEscape(e.author)}</name></author>`,
      ...(e.category ? [`    <category term="${xmlEscape(e.category.term)}" label="${xmlEscape(e.category.label)}"/>`] : []),
      `    <summary type="text">${xmlEscape(e.summary)}</summary>`,
      "  </entry>",
    );
  }
  lines.push("</feed>", "");
  return lines.join("\n");
}
