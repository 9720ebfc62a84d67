import type { Metadata } from "next";
import { beijingDay } from "@/lib/portal/public-dates";
import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { categoryWithDescendants, listPublicItems } from "@/lib/portal/public-items";
import { ANNUAL_REPORT_CATEGORY_CODE } from "@/lib/reports/load-annual-data";

export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: "政府信息公开年报",
  other: {
    ColumnName: "政府信息公开年报",
    ColumnDescription: "本机关历年政府信息公开工作年度报告",
    ColumnKeywords: "政府信息公开,年度报告,年报",
    ColumnType: "政府信息公开年报",
  },
};

const day = beijingDay;

export default async function ReportsPage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  const db = getDb();
  const found = await categoryWithDescendants(db, ANNUAL_REPORT_CATEGORY_CODE);
  const list = found ? await listPublicItems(db, { categoryIds: found.ids, page: Number((await searchParams).page) || 1 }) : null;
  return (
    <div className="page">
      <nav className="breadcrumb" aria-label="当前位置">
        <ol>
          <li>
            <Link href="/">首页</Link>
          </li>
          <li aria-current="page">政府信息公开年报</li>
        </ol>
      </nav>
      <h1 className="page-title">政府信息公开年报</h1>
      <p>
        本栏目发布本机关历年政府信息公开工作年度报告。根据《中华人民共和国政府信息公开条例》第四十九条，年度报告于每年1月31日前发布，报告上一年度政府信息公开工作情况。
      </p>
      {!list || list.total === 0 ? (
        <p className="muted" data-testid="report-column-empty">
          暂无年度报告。
        </p>
      ) : (
        <>
          <ul className="entries" data-testid="report-column">
            {list.rows.map((r) => (
              <li key={r.id}>
                <Link href={`/items/${r.id}`}>
                  <strong>{r.title}</strong>
                  发布日期：<time dateTime={day(r.publishedAt)}>{day(r.publishedAt)}</time>
                  <br />
                  <span className="muted">索引号：{r.indexNo}</span>
                </Link>
              </li>
            ))}
          </ul>
          {list.pages > 1 && (
            <nav aria-label="分页">
              {Array.from({ length: list.pages }, (_, i) => i + 1).map((p) => (
                <Link key={p} href={`/reports?page=${p}`} aria-current={p === list.page ? "page" : undefined} style={{ marginRight: ".6rem" }}>
                  {p}
                </Link>
              ))}
            </nav>
          )}
        </>
      )}
    </div>
  );
}
