/**
 * A catalogue list view as a path, so every filtered page is a cacheable URL of its own:
 * /catalogue/tjsj, /catalogue/tjsj/year-2026, /catalogue/tjsj/year-2026/dept-jjfz/page-2.
 * Query strings would make the page uncacheable; the filter form posts to …/filter, which
 * redirects to the path.
 */
export interface CatalogueView {
  year?: number;
  dept?: string;
  page: number;
}

const YEAR = /^year-(\d{4})$/;
const DEPT = /^dept-([a-z0-9_-]{1,40})$/;
const PAGE = /^page-([1-9]\d{0,5})$/;

/** The view of the path segments after the category code, or null when they are not a view. */
export function parseCatalogueView(segments: readonly string[] = []): CatalogueView | null {
  const view: CatalogueView = { page: 1 };
  let stage = 0;
  for (const raw of segments) {
    const s = decodeURIComponent(raw);
    let m: RegExpMatchArray | null;
    if (stage < 1 && (m = s.match(YEAR))) (view.year = Number(m[1])), (stage = 1);
    else if (stage < 2 && (m = s.match(DEPT))) (view.dept = m[1]), (stage = 2);
    else if (stage < 3 && (m = s.match(PAGE))) (view.page = Number(m[1])), (stage = 3);
    else return null;
  }
  return view;
}

export function catalogueViewPath(code: string, view: Partial<CatalogueView> = {}): string {
  const parts = [`/catalogue/${encodeURIComponent(code)}`];
  if (view.year) parts.push(`year-${view.year}`);
  if (view.dept) parts.push(`dept-${view.dept}`);
  if (view.page && view.page > 1) parts.push(`page-${view.page}`);
  return parts.join("/");
}
