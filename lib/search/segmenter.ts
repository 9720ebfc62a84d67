import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict.js";
import { localWords, toJiebaDict } from "./local-dictionary";

// One segmenter per process: loading the default dictionary takes ~150 ms. Index and query must use
// the same dictionary, so the local words are loaded before the first cut and extra words (the
// live department names) are merged in idempotently.
let jieba: Jieba | undefined;
const loaded = new Set<string>();

function instance(): Jieba {
  if (!jieba) {
    jieba = Jieba.withDict(dict);
    addWords(localWords());
  }
  return jieba;
}

/** Adds words (e.g. department names from the database) to the segmenter's dictionary. */
export function addWords(words: readonly string[]): void {
  const fresh = words.map((w) => w.replace(/\s+/g, "")).filter((w) => w.length >= 2 && !loaded.has(w));
  if (!fresh.length) return;
  for (const w of fresh) loaded.add(w);
  instance().loadDict(Buffer.from(toJiebaDict(fresh)));
}

/** Full-width letters and digits to half-width, lower case: what citizens type varies. */
export function normalizeText(text: string): string {
  return text.normalize("NFKC").toLowerCase();
}

const WORD = /[\p{L}\p{N}]/u;

/** A token as both index and query store it: letters and digits only ("3.5" → "35"). */
export function cleanToken(token: string): string {
  return token.replace(/[^\p{L}\p{N}]+/gu, "");
}

/** Precise-mode words of a query (no punctuation or spaces). */
export function cutWords(text: string): string[] {
  return instance()
    .cut(normalizeText(text), true)
    .filter((w) => WORD.test(w))
    .map(cleanToken)
    .filter(Boolean);
}

/** Search-mode tokens (words plus their dictionary parts), space-joined, for the tsvector. */
export function tokensForIndex(text: string, maxChars = 200_000): string {
  const input = normalizeText(text.length > maxChars ? text.slice(0, maxChars) : text);
  return instance()
    .cutForSearch(input, true)
    .filter((w) => WORD.test(w))
    .map(cleanToken)
    .filter(Boolean)
    .join(" ");
}

/** The dictionary parts of one word (2+ characters, the word itself excluded). */
export function partsOf(word: string): string[] {
  return [...new Set(instance().cutForSearch(word, true))].filter((p) => p !== word && p.length >= 2 && word.includes(p));
}
