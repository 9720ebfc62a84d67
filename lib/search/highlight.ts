/** A piece of text, marked when it matched the query. Rendered as text nodes, never as HTML. */
export interface TextPart {
  text: string;
  mark: boolean;
}

/** Splits text into marked and unmarked parts wherever a term occurs (case-insensitive). */
export function highlight(text: string, terms: readonly string[]): TextPart[] {
  const lower = text.toLowerCase();
  const marked = new Array<boolean>(text.length).fill(false);
  for (const term of terms) {
    const t = term.toLowerCase();
    if (!t) continue;
    for (let at = lower.indexOf(t); at !== -1; at = lower.indexOf(t, at + t.length)) {
      for (let i = at; i < at + t.length; i++) marked[i] = true;
    }
  }
  const parts: TextPart[] = [];
  for (let i = 0; i < text.length; i++) {
    const last = parts[parts.length - 1];
    if (last && last.mark === marked[i]) last.text += text[i];
    else parts.push({ text: text[i], mark: marked[i] });
  }
  return parts;
}

/**
 * A window of `size` characters around the place where most query terms meet, with ellipses where
 * it was cut; the start of the text when no term occurs.
 */
export function snippet(text: string, terms: readonly string[], size = 120): string {
  const clean = text.replace(/\s+/g, " ").trim();
  if (clean.length <= size) return clean;
  const lower = clean.toLowerCase();
  const hits: { at: number; term: string }[] = [];
  for (const term of terms) {
    const t = term.toLowerCase();
    if (!t) continue;
    for (let at = lower.indexOf(t); at !== -1 && hits.length < 500; at = lower.indexOf(t, at + 1)) hits.push({ at, term: t });
  }
  if (!hits.length) return clean.slice(0, size) + "…";
  let bestStart = 0;
  let bestScore = -1;
  for (const h of hits) {
    const start = Math.max(0, Math.min(h.at - Math.floor(size / 4), clean.length - size));
    const inside = new Set(hits.filter((x) => x.at >= start && x.at + x.term.length <= start + size).map((x) => x.term));
    const score = inside.size * 1000 - start / clean.length;
    if (score > bestScore) (bestScore = score), (bestStart = start);
  }
  const end = bestStart + size;
  return `${bestStart > 0 ? "…" : ""}${clean.slice(bestStart, end)}${end < clean.length ? "…" : ""}`;
}
