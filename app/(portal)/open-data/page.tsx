import type { Metadata } from "next";
import { getEnv } from "@/lib/config/env";
import { OPEN_API_BASE } from "@/lib/portal/open-data";
import { portalMetadata } from "../portal-metadata";

export const dynamic = "force-dynamic";

export function generateMetadata(): Promise<Metadata> {
  return portalMetadata({ title: "开放数据", column: { name: "开放数据", description: "政府信息公开开放数据接口说明" } });
}

export default function OpenDataPage() {
  const api = `${getEnv().PUBLIC_BASE_URL.replace(/\/$/, "")}${OPEN_API_BASE}`;
  return (
    <article className="page">
      <h1 className="page-title">开放数据</h1>
      <p>
        本机关主动公开的政府信息同时以 JSON 格式开放，供公众、科研机构和其他政务系统免费使用。接口只读、无需认证，内容与本网站一致；撤回的信息保留撤回说明。接口的完整说明见
        <a href={`${OPEN_API_BASE}/openapi.json`}>OpenAPI 描述文件</a>。
      </p>
      <table className="data api-table">
        <caption className="muted" style={{ textAlign: "left" }}>
          接口一览
        </caption>
        <thead>
          <tr>
            <th scope="col">地址</th>
            <th scope="col">内容</th>
            <th scope="col">参数</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>
              <code>{OPEN_API_BASE}/items</code>
            </td>
            <td>政府信息列表，按发布日期倒序</td>
            <td>page、pageSize（至多100）、category（栏目代码）、department（科室代码）、year、updatedSince（增量同步）、includeWithdrawn</td>
          </tr>
          <tr>
            <td>
              <code>{OPEN_API_BASE}/items/前段码/后段码</code>
            </td>
            <td>按索引号获取一条信息（含正文、附件、修订记录）</td>
            <td>—</td>
          </tr>
          <tr>
            <td>
              <code>{OPEN_API_BASE}/categories</code>
            </td>
            <td>公开目录栏目及各栏目信息数</td>
            <td>—</td>
          </tr>
        </tbody>
      </table>
      <h2>示例</h2>
      <pre className="example">{`GET ${api}/items?category=tjsj&year=2026&pageSize=10`}</pre>
      <p>
        订阅更新也可使用 Atom：全部信息 <a href="/feed">/feed</a>，单个栏目 /feed/栏目代码（如 <a href="/feed/tjsj">/feed/tjsj</a>）。
      </p>
    </article>
  );
}
