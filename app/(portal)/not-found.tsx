import Link from "next/link";

// Inside the portal layout (header, search, footer), so a visitor who followed a broken or old link
// can search or browse on from here.
export default function PortalNotFound() {
  return (
    <div className="page">
      <h1 className="page-title">页面不存在</h1>
      <p>您访问的页面不存在，可能是链接有误，或信息已调整。</p>
      <form className="filters" role="search" action="/search" method="get" aria-label="搜索政府信息（页面不存在）">
        <div className="field">
          <label htmlFor="nf-q">搜索政府信息</label>
          <input id="nf-q" name="q" type="search" maxLength={100} />
        </div>
        <button className="btn" type="submit">
          搜索
        </button>
      </form>
      <ul>
        <li>
          <Link href="/">返回首页</Link>
        </li>
        <li>
          <Link href="/catalogue">按公开目录查阅主动公开的政府信息</Link>
        </li>
        <li>
          <Link href="/apply">所需信息未公开的，可以申请政府信息公开</Link>
        </li>
      </ul>
    </div>
  );
}
