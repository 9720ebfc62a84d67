import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePage } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { IMPORT_STATUS_LABELS } from "@/lib/import/import-batches";
import { ConfirmPanel } from "./confirm-panel";
import { ProblemsPanel, type ProblemRow } from "./problems-panel";
import { ProgressPanel } from "./progress-panel";

export const metadata: Metadata = { title: "导入批次" };

export default async function ImportBatchPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePage("item.import");
  const { id } = await params;
  const db = getDb();
  const batch = await db.importBatch.findUnique({ where: { id } });
  if (!batch) notFound();
  const label = IMPORT_STATUS_LABELS[batch.status] ?? batch.status;
  const busy = ["VALIDATING", "QUEUED", "IMPORTING"].includes(batch.status);
  const problemRows = busy
    ? []
    : await db.importRow.findMany({ where: { batchId: id, action: { in: ["ERROR", "SKIP"] } }, orderBy: { rowNo: "asc" }, take: 1000, select: { rowNo: true, action: true, problems: true } });
  const importable = batch.createCount + batch.updateCount;
  return (
    <>
      <p>
        <Link href="/console/items/import">← 历史信息导入</Link>
      </p>
      <h1>导入批次：{batch.fileName}</h1>
      <p data-testid="import-status">
        状态：<strong>{label}</strong>　共 {batch.totalRows} 行{batch.zipName ? `，文件压缩包 ${batch.zipName}` : ""}
      </p>
      {batch.message && (
        <div className={`notice ${batch.status === "FAILED" ? "bad" : ""}`} data-testid="import-message">
          {batch.message}
        </div>
      )}
      {busy && (
        <ProgressPanel
          view={{
            status: batch.status,
            statusLabel: label,
            done: batch.status === "VALIDATING" ? batch.validatedRows : batch.doneRows,
            total: batch.status === "VALIDATING" ? batch.totalRows : importable,
            errors: batch.errorCount,
          }}
        />
      )}
      {batch.status === "VALIDATED" && <ConfirmPanel batchId={batch.id} counts={{ create: batch.createCount, update: batch.updateCount, skip: batch.skipCount, error: batch.errorCount }} />}
      {batch.status === "DONE" && (
        <div className="card notice ok" data-testid="import-result">
          导入完成：新建 {batch.createdItems} 条，更新 {batch.updatedItems} 条，跳过 {batch.skippedAtRun + batch.skipCount} 条
          {batch.errorCount ? `，${batch.errorCount} 行有问题未导入` : ""}。
          {batch.channels.length ? "新建的信息已加入推送队列。" : "未推送到其他渠道。"} <Link href="/console/items?state=PUBLISHED">在信息管理中查看</Link>
        </div>
      )}
      <ProblemsPanel rows={problemRows as unknown as ProblemRow[]} total={batch.errorCount + batch.skipCount} />
    </>
  );
}
