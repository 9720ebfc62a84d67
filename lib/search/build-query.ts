import { cleanToken, cutWords, normalizeText, partsOf } from "./segmenter";

export interface SearchPlan {
  /** Input for to_tsquery('simple', …); null when the query has no word of 2+ characters. */
  tsquery: string | null;
  /** Words and parts to highlight, longest first. */
  terms: string[];
  /** The query without spaces or punctuation, for substring matches on titles. */
  phrase: string;
}

const MAX_QUERY_CHARS = 100;
const MAX_WORDS = 12;

// Function words that carry nothing in a government title search.
const STOP_WORDS = new Set(["的", "了", "和", "与", "及", "或", "是", "在", "对", "等", "之", "其", "为", "有关"]);

const quote = (lexeme: string) => `'${lexeme}'`;

/**
 * The fewest dictionary parts that exactly make up `word` (四宝山街道办事处 → 四宝山 + 街道 + 办事处),
 * or null when they do not cover it (四宝山 → only 宝山: the 四 would be lost).
 */
export function coveringParts(word: string, parts: readonly string[]): string[] | null {
  const best: (string[] | null)[] = Array.from({ length: word.length + 1 }, () => null);
  best[0] = [];
  for (let i = 0; i < word.length; i++) {
    const here = best[i];
    if (!here) continue;
    for (const p of parts) {
      if (!word.startsWith(p, i)) continue;
      const next = best[i + p.length];
      if (!next || next.length > here.length + 1) best[i + p.length] = [...here, p];
    }
  }
  const cover = best[word.length];
  return cover && cover.length > 1 ? cover : null;
}

/**
 * Turns what a citizen typed into a full-text query over the index's jieba tokens.
 *
 * Each word of the query (precise mode) must match; a word the document may have been segmented
 * differently for is also accepted as all of its parts (年度报告 | 年度 & 报告), because the index holds
 * search-mode tokens — every word together with its 2- and 3-character dictionary parts. Single
 * characters are left out: the index keeps them only where jieba found no longer word, so requiring
 * them would miss 2017年 in "2017年度报告"; a query of single characters only falls back to substrings.
 */
export function buildSearchPlan(raw: string): SearchPlan {
  const text = normalizeText(raw).slice(0, MAX_QUERY_CHARS);
  const phrase = cleanToken(text);
  const words: string[] = [];
  for (const chunk of text.split(/[^\p{L}\p{N}]+/u).filter(Boolean)) {
    for (const w of cutWords(chunk)) if (!STOP_WORDS.has(w) && !words.includes(w)) words.push(w);
  }
  const clauses: string[] = [];
  const terms = new Set<string>();
  for (const w of words.filter((x) => [...x].length >= 2).slice(0, MAX_WORDS)) {
    terms.add(w);
    const cover = coveringParts(w, partsOf(w));
    if (cover) {
      for (const p of cover) terms.add(p);
      clauses.push(`(${quote(w)} | ${cover.map(quote).join(" & ")})`);
    } else clauses.push(quote(w));
  }
  return {
    tsquery: clauses.length ? clauses.join(" & ") : null,
    terms: [...terms].sort((a, b) => b.length - a.length),
    phrase,
  };
}
