import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { getEnv } from "@/lib/config/env";
import { formatChineseDate } from "@/lib/calendar/dates";
import { formatYuan } from "@/lib/applications/fees";
import { publicApplicationView } from "@/lib/applications/tracking";
import { isAppError } from "@/lib/errors/app-error";
import { trackedApplicationId } from "../session";
import { endTrackingAction } from "../actions";
import { CorrectionForm } from "./correction-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "办理进度", robots: { index: false } };

export default async function TrackViewPage({ searchParams }: { searchParams: Promise<{ new?: string; corrected?: string }> }) {
  const id = await trackedApplicationId();
  if (!id) redirect("/track?expired=1");
  const params = await searchParams;
  let view;
  try {
    view = await publicApplicationView(getDb(), id);
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") redirect("/track?expired=1");
    throw e;
  }
  const receipt = view.letters.find((l) => l.kind === "RECEIPT");
  return (
    <div className="page">
      <h1 className="page-title">依申请公开办理进度</h1>
      {params.new && (
        <div className="notice ok" data-testid="submitted-notice">
          <p>
            <strong>您的申请已提交。</strong>申请编号：
            <strong data-testid="tracking-code" style={{ fontSize: "1.3rem", letterSpacing: ".05em" }}>
              {view.trackingCode}
            </strong>
          </p>
          <p>请记下申请编号。今后可凭申请编号和联系电话后四位查询办理进度。</p>
          {receipt && (
            <p>
              <a href={`/track/letters/${receipt.id}/pdf`} data-testid="receipt-download">
                下载登记回执（PDF）
              </a>
            </p>
          )}
        </div>
      )}
      {params.corrected && (
        <div className="notice ok" data-testid="corrected-notice">
          补正材料已提交。本机关自收到补正后的申请之日起重新计算答复期限。
        </div>
      )}

      <table className="meta">
        <tbody>
          <tr>
            <th scope="row">申请编号</th>
            <td>{view.trackingCode}</td>
          </tr>
          <tr>
            <th scope="row">申请人</th>
            <td>{view.maskedApplicant}</td>
          </tr>
          <tr>
            <th scope="row">所需信息</th>
            <td>{view.infoTitle ? `“${view.infoTitle}”` : view.description}</td>
          </tr>
          <tr>
            <th scope="row">提交日期</th>
            <td>{formatChineseDate(view.submittedOn)}</td>
          </tr>
          <tr>
            <th scope="row">收到申请日期</th>
            <td>{view.receivedOn ? formatChineseDate(view.receivedOn) : "待本机关确认"}</td>
          </tr>
          <tr>
            <th scope="row">办理状态</th>
            <td data-testid="public-status">{view.statusLabel}</td>
          </tr>
          {view.status !== "CLOSED" && (
            <tr>
              <th scope="row">答复期限</th>
              <td data-testid="public-due">
                {view.dueOn
                  ? `${formatChineseDate(view.dueOn)}前`
                  : view.status === "AWAITING_CORRECTION"
                    ? "自本机关收到补正后的申请之日起计算"
                    : view.paused
                      ? "暂停计算（征求意见或缴费期间不计算在答复期限内）"
                      : "确认收到申请后计算"}
                {view.dueOn && view.dueProvisional && (
                  <>
                    （<b data-testid="public-due-provisional">暂定</b>）<br />
                    <small>{view.dueProvisional}</small>
                  </>
                )}
              </td>
            </tr>
          )}
          {view.outcomeLabel && (
            <tr>
              <th scope="row">处理结果</th>
              <td data-testid="public-outcome">
                {view.outcomeLabel}（{view.closedOn ? formatChineseDate(view.closedOn) : ""}）
              </td>
            </tr>
          )}
        </tbody>
      </table>

      {view.correction && (
        <section aria-labelledby="correction-heading">
          <h2 id="correction-heading">补正申请</h2>
          <div className="notice">
            本机关已于{formatChineseDate(view.correction.requestedOn)}出具补正告知书（可在下方“本机关出具的文书”中下载）。请于
            <strong>{formatChineseDate(view.correction.deadlineOn)}</strong>
            前提交补正后的申请；无正当理由逾期不补正的，视为放弃申请。
          </div>
          <CorrectionForm
            infoTitle={view.infoTitle ?? ""}
            description={view.description}
            maxMb={getEnv().APPLICATION_ATTACHMENT_MAX_MB}
          />
        </section>
      )}

      {view.fee && (
        <div className="notice" data-testid="fee-notice">
          {view.fee.dueOn
            ? `请按收费通知书于${formatChineseDate(view.fee.dueOn)}前${view.fee.provisional ? "（暂定）" : ""}缴纳信息处理费${formatYuan(view.fee.totalFen)}元；逾期未缴纳的，视为放弃申请。`
            : `请按收费通知书，自收到之日起20个工作日内缴纳信息处理费${formatYuan(view.fee.totalFen)}元；逾期未缴纳的，视为放弃申请。`}
          {view.fee.provisional && <small> {view.fee.provisional}</small>}
        </div>
      )}

      <section aria-labelledby="letters-heading">
        <h2 id="letters-heading">本机关出具的文书</h2>
        {view.letters.length === 0 ? (
          <p className="muted">暂无。</p>
        ) : (
          <table className="data" data-testid="public-letters">
            <thead>
              <tr>
                <th scope="col">文书</th>
                <th scope="col">出具日期</th>
                <th scope="col">下载</th>
              </tr>
            </thead>
            <tbody>
              {view.letters.map((l) => (
                <tr key={l.id}>
                  <td>{l.title}</td>
                  <td>{formatChineseDate(l.issuedOn)}</td>
                  <td>
                    {l.hasPdf && (
                      <a href={`/track/letters/${l.id}/pdf`} aria-label={`下载${l.title}（PDF）`}>
                        PDF
                      </a>
                    )}
                    {l.hasDocx && (
                      <>
                        {"　"}
                        <a href={`/track/letters/${l.id}/docx`} aria-label={`下载${l.title}（Word）`}>
                          Word
                        </a>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">办理过程</h2>
        <ol data-testid="public-timeline">
          {view.timeline.map((t, i) => (
            <li key={i}>
              {formatChineseDate(t.on)}　{t.label}
              {t.note ? `（${t.note}）` : ""}
            </li>
          ))}
        </ol>
      </section>

      <form action={endTrackingAction}>
        <button className="btn secondary" type="submit">
          退出查询
        </button>
      </form>
    </div>
  );
}
