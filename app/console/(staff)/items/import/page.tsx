import type { Metadata } from "next";
import Link from "next/link";
import { requirePage } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { IMPORT_STATUS_LABELS } from "@/lib/import/import-batches";
import { IMPORT_COLUMNS } from "@/lib/import/columns";
import { UploadForm } from "./upload-form";

export const metadata: Metadata = { title: "历史信息导入" };

export default async function ImportPage() {
  await requirePage("item.import");
  const batches = await getDb().importBatch.findMany({ orderBy: { createdAt: "desc" }, take: 30 });
  return (
    <>
      <h1>历史信息导入</h1>
      <div className="card">
        <p>
          将原网站或台账中已公开的信息批量导入本平台。先下载导入模板，按列填写（
          {IMPORT_COLUMNS.filter((c) => c.required)
            .map((c) => c.header)
            .join("、")}
          为必填），正文文件和附件打包成 .zip 一同上传。系统逐行校验并列出问题，确认后才导入；导入的信息按原日期作为历史信息公开，默认不推送到其他渠道。
        </p>
        <p>
          <a className="btn" href="/console/items/import/template" data-testid="import-template">
            下载导入模板（Excel）
          </a>
        </p>
      </div>
      <UploadForm />
      <div className="card">
        <h2>导入记录</h2>
        <table className="data" data-testid="import-batches">
          <thead>
            <tr>
              <th scope="col">上传时间</th>
              <th scope="col">文件</th>
              <th scope="col">行数</th>
              <th scope="col">状态</th>
            </tr>
          </thead>
          <tbody>
            {batches.map((b) => (
              <tr key={b.id}>
                <td>{b.createdAt.toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false })}</td>
                <td>
                  <Link href={`/console/items/import/${b.id}`}>{b.fileName}</Link>
                </td>
                <td>{b.totalRows}</td>
                <td>{IMPORT_STATUS_LABELS[b.status] ?? b.status}</td>
              </tr>
            ))}
            {batches.length === 0 && (
              <tr>
                <td colSpan={4}>尚无导入记录。</td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}
