import type { WeChatClient } from "./client";

/**
 * Finding out what became of a submit whose answer never arrived (a timeout, a reset connection,
 * a worker killed before it saved publish_id). WeChat gives no way from a draft's media_id to its
 * publication, and nothing in its documentation says a second submit of the same draft is refused
 * — so the client never submits again to find out. It looks the article up instead:
 * freepublish/batchget lists successful publications newest first; ours is the one with our
 * title, our "阅读原文" link and our digest that no other delivery of the item has claimed.
 */

export interface ArticleFingerprint {
  title: string;
  digest: string;
  contentSourceUrl: string;
}

export interface FoundArticle {
  articleId: string;
  url: string;
}

const PAGE = 20;
const MAX_PAGES = 5;
/** Publications older than the submit (less this margin for clock differences) cannot be ours. */
const CLOCK_MARGIN_MS = 10 * 60_000;

export async function findPublishedArticle(
  client: WeChatClient,
  expected: ArticleFingerprint,
  options: { since: Date; exclude: ReadonlySet<string> },
): Promise<FoundArticle | null> {
  const oldest = options.since.getTime() - CLOCK_MARGIN_MS;
  for (let page = 0; page < MAX_PAGES; page++) {
    const list = await client.listPublished(page * PAGE, PAGE);
    for (const p of list.items) {
      const first = p.articles[0];
      if (!first || first.isDeleted || options.exclude.has(p.articleId)) continue;
      if (first.title !== expected.title || first.contentSourceUrl !== expected.contentSourceUrl) continue;
      // An empty digest is filled in by the platform from the text: only a digest we set must match.
      if (expected.digest && first.digest && first.digest !== expected.digest) continue;
      return { articleId: p.articleId, url: first.url };
    }
    const last = list.items[list.items.length - 1];
    if (list.items.length < PAGE || (page + 1) * PAGE >= list.totalCount) break;
    if (last && last.updateTime > 0 && last.updateTime * 1000 < oldest) break;
  }
  return null;
}
