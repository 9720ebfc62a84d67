"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

/** Uploads the filled template and the ZIP of files, then opens the batch's page (validation runs there). */
export function UploadForm() {
  const router = useRouter();
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <form
      className="card"
      data-testid="import-upload"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setMessage(null);
        try {
          const res = await fetch("/console/items/import/upload", { method: "POST", body: new FormData(e.currentTarget) });
          const body = (await res.json().catch(() => null)) as { ok: boolean; id?: string; message?: string } | null;
          if (body?.ok && body.id) router.push(`/console/items/import/${body.id}`);
          else setMessage(body?.message ?? "上传失败，请稍后重试");
        } catch {
          setMessage("网络中断，上传未完成，请重试");
        } finally {
          setBusy(false);
        }
      }}
    >
      <h2>上传导入文件</h2>
      {message && (
        <div className="notice bad" aria-live="polite" data-testid="action-message">
          {message}
        </div>
      )}
      <p>
        <label htmlFor="import-sheet">表格文件（.xlsx，或 UTF-8/GBK 编码的 .csv）</label>
        <br />
        <input id="import-sheet" name="sheet" type="file" accept=".xlsx,.csv" required />
      </p>
      <p>
        <label htmlFor="import-files">正文与附件压缩包（.zip，可选）</label>
        <br />
        <input id="import-files" name="files" type="file" accept=".zip" />
      </p>
      <button className="btn" type="submit" disabled={busy}>
        {busy ? "正在上传…" : "上传并校验"}
      </button>
    </form>
  );
}
