"use client";

import { useEffect } from "react";

// The public never sees an internal error message: a plain notice and ways on. (Cached pages keep
// serving their last good version when a refresh fails, so this shows only for uncached ones.)
export default function PortalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  useEffect(() => {
    console.error(error.digest ?? "portal error");
  }, [error]);
  return (
    <div className="page">
      <h1 className="page-title">页面暂时无法显示</h1>
      <p>系统繁忙，请稍后再试。给您带来不便，敬请谅解。</p>
      <p>
        <button type="button" className="btn" onClick={() => reset()}>
          重新加载
        </button>{" "}
        <a href="/">返回首页</a>
      </p>
      {error.digest && <p className="muted">错误编号：{error.digest}</p>}
    </div>
  );
}
