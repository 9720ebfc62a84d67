import { provisionalExplanation, unscheduledYears } from "@/lib/calendar/provisional";
import type { Metadata } from "next";
import Link from "next/link";
import { forbidden, notFound } from "next/navigation";
import { requirePage } from "@/lib/auth/session";
import { can } from "@/lib/auth/roles";
import { getDb } from "@/lib/db/client";
import { isAppError } from "@/lib/errors/app-error";
import { formatChineseDate, toChinaDate } from "@/lib/calendar/dates";
import { formatYuan } from "@/lib/applications/fees";
import { OUTCOMES, OUTCOME_GROUPS } from "@/lib/applications/outcomes";
import { LETTER_DELIVERY_LABELS, LETTER_DELIVERY_METHODS, CONSULTEE_LABELS } from "@/lib/applications/labels";
import { applicationDetail } from "@/lib/applications/queries";
import { listHandlers } from "@/lib/applications/receipt";
import { defaultLetterDelivery } from "@/lib/applications/correction";
import { OPINION_LABELS } from "@/lib/applications/consultation";
import { loadClockContext, todayOf } from "@/lib/applications/records";
import { ActionForm } from "../../../components/action-form";
import {
  assignHandlerAction,
  confirmReceiptAction,
  decideAction,
  declineExtensionAction,
  endConsultationAction,
  grantExtensionAction,
  issueFeeNoticeAction,
  issueReplyAction,
  quoteFeeAction,
  recordCorrectionAction,
  recordFeePaymentAction,
  recordFeeDeliveryAction,
  requestCorrectionAction,
  requestExtensionAction,
  saveReplyDraftAction,
  startConsultationAction,
  waiveFeeAction,
} from "../actions";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "依申请公开事项" };

const EXTENDABLE = ["PROCESSING", "IN_CONSULTATION", "DECIDED"];

function Hidden({ id }: { id: string }) {
  return <input type="hidden" name="applicationId" value={id} />;
}

function DeliverySelect({ name = "deliveryMethod", defaultValue, id }: { name?: string; defaultValue: string; id: string }) {
  return (
    <div className="field">
      <label htmlFor={id}>送达方式</label>
      <select id={id} name={name} defaultValue={defaultValue}>
        {LETTER_DELIVERY_METHODS.map((m) => (
          <option key={m} value={m}>
            {LETTER_DELIVERY_LABELS[m]}
          </option>
        ))}
      </select>
    </div>
  );
}

export default async function ApplicationPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePage();
  const canHandle = can(user, "application.handle");
  const canExtend = can(user, "application.extend");
  if (!canHandle && !canExtend) forbidden();
  const { id } = await params;
  const db = getDb();
  let a;
  try {
    a = await applicationDetail(db, id, { canSeePersonal: canHandle });
  } catch (e) {
    if (isAppError(e) && e.code === "NOT_FOUND") notFound();
    throw e;
  }
  const [handlers, clockCtx] = await Promise.all([canHandle ? listHandlers(db) : Promise.resolve([]), loadClockContext(db)]);
  const today = todayOf();
  const defaultCorrectionDeadline = clockCtx.calendar.addWorkingDays(today, clockCtx.settings.defaultCorrectionPeriodWorkingDays);
  const clock = a.clock;
  const draft = a.letters.find((l) => l.kind === "REPLY" && !l.issuedAt);
  const delivery = defaultLetterDelivery({ channel: a.channel, deliveryMethod: a.request.deliveryMethod });
  const extendable = EXTENDABLE.includes(a.status) && !a.hasExtension;

  return (
    <>
      <p>
        <Link href={canHandle ? "/console/applications" : "/console/applications/extensions"}>← 返回列表</Link>
      </p>
      <h1>
        依申请公开事项 {a.trackingCode} <span className="tag" data-testid="application-status">{a.statusLabel}</span>
      </h1>

      <div className="stats" data-testid="clock">
        <div className="stat">
          收到申请日期<b>{a.receivedOn ? formatChineseDate(a.receivedOn) : "未确认"}</b>
        </div>
        <div className="stat">
          答复期限
          <b data-testid="due-on">{clock?.dueOn ? formatChineseDate(clock.dueOn) : "—"}</b>
          {clock?.dueOn && clock.provisional && (
            <span className="tag warn" data-testid="due-provisional" title={provisionalExplanation(clock.provisionalYears)}>
              暂定
            </span>
          )}
          {clock && clock.extensionWorkingDays > 0 && <span className="muted">含延长{clock.extensionWorkingDays}个工作日</span>}
        </div>
        <div className="stat">
          计时
          <b>
            <span className={`tag ${a.clockSummary.overdue ? "bad" : a.clockSummary.dueSoon ? "warn" : ""}`} data-testid="clock-text">
              {a.clockText}
            </span>
          </b>
          {clock?.paused && <span className="muted">暂停计时期间不计入答复期限</span>}
        </div>
        <div className="stat">
          承办人<b>{a.handlerName ?? "未指定"}</b>
        </div>
      </div>

      {clock?.dueOn && clock.provisional && <p className="muted">{provisionalExplanation(clock.provisionalYears)}</p>}
      {clock && clock.clockStartOn !== a.receivedOn && (
        <p className="muted">收到补正后的申请之日为{formatChineseDate(clock.clockStartOn)}，答复期限自次日起重新计算（条例第三十条）。</p>
      )}
      {clock?.correction.requestedOn && clock.correction.deadlineOn && !clock.correction.receivedOn && (
        <p className="muted">
          已于{formatChineseDate(clock.correction.requestedOn)}告知补正，补正期限为{formatChineseDate(clock.correction.deadlineOn)}。
        </p>
      )}
      {clock?.issues.map((i, n) => (
        <div key={n} className={`notice ${i.severity === "ERROR" ? "bad" : ""}`}>
          {i.message}
        </div>
      ))}

      {a.duplicates.length > 0 && (
        <div className="notice" data-testid="duplicate-hint">
          <strong>重复申请？</strong>同一申请人近一年内提出过相似的申请，请核对是否属于重复申请（条例第三十六条第（六）项）：
          <ul>
            {a.duplicates.map((d) => (
              <li key={d.id}>
                <Link href={`/console/applications/${d.id}`}>{d.trackingCode}</Link>（提交于{formatChineseDate(toChinaDate(d.submittedAt))}，相似度
                {Math.round(d.similarity * 100)}%）
              </li>
            ))}
          </ul>
        </div>
      )}

      {a.pendingExtension && (
        <div className="notice" data-testid="pending-extension">
          承办人已于{formatChineseDate(a.pendingExtension.requestedOn.toISOString().slice(0, 10))}申请延长答复期限
          {a.pendingExtension.workingDays}个工作日，理由：{a.pendingExtension.reason}。{canExtend ? "请审批。" : "等待分管领导审批。"}
        </div>
      )}

      {canExtend && extendable && (
        <div className="card" data-testid="extension-approval">
          <h2>延长答复期限（分管领导审批）</h2>
          <p className="hint">
            依据条例第三十三条第一款，延长答复期限须经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长不得超过20个工作日，且只能延长一次。批准后系统出具延期答复告知书。
          </p>
          <ActionForm action={grantExtensionAction} submitLabel="同意延长" testId="grant-extension">
            <Hidden id={a.id} />
            <div className="field">
              <label htmlFor="grant-days">延长工作日数</label>
              <input id="grant-days" name="workingDays" type="number" min={1} max={20} defaultValue={a.pendingExtension?.workingDays ?? 20} required />
            </div>
            <div className="field">
              <label htmlFor="grant-reason">延期理由（将写入延期答复告知书）</label>
              <textarea id="grant-reason" name="reason" rows={3} defaultValue={a.pendingExtension?.reason ?? ""} required />
            </div>
            <DeliverySelect id="grant-delivery" defaultValue={delivery} />
          </ActionForm>
          {a.pendingExtension && (
            <ActionForm action={declineExtensionAction} submitLabel="不同意延长" testId="decline-extension">
              <Hidden id={a.id} />
              <div className="field">
                <label htmlFor="decline-note">不同意的理由</label>
                <input id="decline-note" name="note" type="text" required />
              </div>
            </ActionForm>
          )}
        </div>
      )}

      {canHandle && a.status !== "CLOSED" && (
        <div className="card" data-testid="handling">
          <h2>办理</h2>

          {a.status === "SUBMITTED" && (
            <section>
              <h3>确认收到申请</h3>
              <p className="hint">
                通过互联网渠道提交的申请，以双方确认之日为收到申请之日（条例第三十一条）。审查申请后确认，今天（{formatChineseDate(today)}
                ）即为收到申请之日，20个工作日的答复期限自次日起计算。
              </p>
              <ActionForm action={confirmReceiptAction} submitLabel="确认收到申请" testId="confirm-receipt">
                <Hidden id={a.id} />
              </ActionForm>
            </section>
          )}

          {a.status === "PROCESSING" && clock?.correction.canRequest && (
            <section>
              <h3>要求补正</h3>
              <p className="hint">
                申请内容不明确的，应当自收到申请之日起7个工作日内一次性告知补正（条例第三十条），本申请最迟可于
                {formatChineseDate(clock.correction.requestLatestOn)}告知。答复期限自收到补正后的申请之日起重新计算。
              </p>
              <ActionForm action={requestCorrectionAction} submitLabel="出具补正告知书" testId="request-correction">
                <Hidden id={a.id} />
                <div className="field">
                  <label htmlFor="corr-items">需要补正的内容</label>
                  <textarea id="corr-items" name="items" rows={4} required />
                  <p className="hint">每行写一项，将逐项写入补正告知书。</p>
                </div>
                <div className="field">
                  <label htmlFor="corr-deadline">补正期限</label>
                  <input id="corr-deadline" name="deadlineOn" type="date" defaultValue={defaultCorrectionDeadline} min={today} />
                  <p className="hint">默认为{clockCtx.settings.defaultCorrectionPeriodWorkingDays}个工作日后。</p>
                </div>
                <DeliverySelect id="corr-delivery" defaultValue={delivery} />
              </ActionForm>
            </section>
          )}

          {a.status === "AWAITING_CORRECTION" && (
            <section>
              <h3>登记收到补正材料</h3>
              <p className="hint">申请人以书面方式提交补正材料的，在此登记收到日期（在线提交的由系统自动登记）。</p>
              <ActionForm action={recordCorrectionAction} submitLabel="登记收到补正" testId="record-correction">
                <Hidden id={a.id} />
                <div className="field">
                  <label htmlFor="rc-date">收到补正材料日期</label>
                  <input id="rc-date" name="receivedOn" type="date" defaultValue={today} max={today} required />
                </div>
                <div className="field">
                  <label htmlFor="rc-desc">补正后的申请内容（选填，将替换原申请内容）</label>
                  <textarea id="rc-desc" name="description" rows={3} />
                </div>
              </ActionForm>
            </section>
          )}

          {a.status === "PROCESSING" && (
            <details>
              <summary>
                <h3 style={{ display: "inline" }}>征求意见</h3>
              </summary>
              <p className="hint">
                公开可能损害第三方合法权益的，应当书面征求第三方意见，第三方应当自收到之日起15个工作日内提出意见（条例第三十二条）；征求第三方和其他机关意见所需时间不计算在答复期限内（条例第三十三条第二款）。
              </p>
              <ActionForm action={startConsultationAction} submitLabel="出具征求意见书" testId="start-consultation">
                <Hidden id={a.id} />
                <div className="field">
                  <label htmlFor="cs-consultee">征求意见对象</label>
                  <select id="cs-consultee" name="consultee" defaultValue="THIRD_PARTY">
                    {(Object.keys(CONSULTEE_LABELS) as Array<keyof typeof CONSULTEE_LABELS>).map((k) => (
                      <option key={k} value={k}>
                        {CONSULTEE_LABELS[k]}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor="cs-party">第三方或机关名称</label>
                  <input id="cs-party" name="party" type="text" required />
                </div>
                <div className="field">
                  <label htmlFor="cs-matter">涉及的内容</label>
                  <input id="cs-matter" name="matter" type="text" required />
                  <p className="hint">如“某公司的经营数据”，将写入征求意见书。</p>
                </div>
                <div className="field">
                  <label htmlFor="cs-received">第三方收到日期（选填）</label>
                  <input id="cs-received" name="recipientReceivedOn" type="date" min={today} />
                  <p className="hint">第三方的15个工作日自其收到征求意见书之日起计算；不填则按今天计算。</p>
                </div>
              </ActionForm>
            </details>
          )}

          {a.status === "IN_CONSULTATION" && (
            <section>
              <h3>征求意见结束</h3>
              {clock?.thirdPartyDeadlineOn && (
                <p className="hint">第三方应于{formatChineseDate(clock.thirdPartyDeadlineOn)}前提出意见；逾期的，由本机关依法决定是否公开。</p>
              )}
              <ActionForm action={endConsultationAction} submitLabel="登记征求意见结束" testId="end-consultation">
                <Hidden id={a.id} />
                <div className="field">
                  <label htmlFor="ce-date">收到意见（或结束）日期</label>
                  <input id="ce-date" name="endedOn" type="date" defaultValue={today} max={today} required />
                </div>
                <div className="field">
                  <label htmlFor="ce-opinion">意见</label>
                  <select id="ce-opinion" name="opinion" defaultValue="AGREE">
                    {(Object.keys(OPINION_LABELS) as Array<keyof typeof OPINION_LABELS>).map((k) => (
                      <option key={k} value={k}>
                        {OPINION_LABELS[k]}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor="ce-note">说明（选填）</label>
                  <input id="ce-note" name="note" type="text" />
                </div>
              </ActionForm>
            </section>
          )}

          {(a.status === "PROCESSING" || a.status === "AWAITING_PAYMENT") && (
            <details data-testid="fees" open={a.status === "AWAITING_PAYMENT"}>
              <summary>
                <h3 style={{ display: "inline" }}>信息处理费</h3>
              </summary>
              <p className="hint">
                原则上不收费。同一申请人一个自然月内申请超过规定件数或申请材料页数较多的，可按件或按量计收（国办函〔2020〕109号），申请人应当在20个工作日内缴纳，逾期未缴纳的视为放弃申请。
              </p>
              {a.fee.amountFen !== null && (
                <p>
                  已通知收费{formatYuan(a.fee.amountFen)}元
                  {a.fee.paidOn ? `，已于${formatChineseDate(a.fee.paidOn)}缴纳` : ""}。
                </p>
              )}
              {a.status === "PROCESSING" && !a.fee.waived && !a.hasFeeNotice && (
                <>
                  <ActionForm action={quoteFeeAction} submitLabel="试算" testId="quote-fee">
                    <Hidden id={a.id} />
                    <FeeFields prefix="q" />
                  </ActionForm>
                  <ActionForm action={issueFeeNoticeAction} submitLabel="出具收费通知书" testId="issue-fee">
                    <Hidden id={a.id} />
                    <FeeFields prefix="f" />
                    <DeliverySelect id="fee-delivery" defaultValue={delivery} />
                    <div className="field">
                      <label htmlFor="fee-delivered-today">
                        <input id="fee-delivered-today" name="deliveredOn" type="checkbox" value={today} /> 今天已当面交给申请人（网上送达的不用勾选，以出具当日为收到之日）
                      </label>
                    </div>
                  </ActionForm>
                </>
              )}
              {a.status === "AWAITING_PAYMENT" && a.feeNotice && (
                <p data-testid="fee-due">
                  {a.feeNotice.dueOn
                    ? `申请人于${formatChineseDate(a.feeNotice.deliveredOn!)}收到收费通知书，缴费期限为${formatChineseDate(a.feeNotice.dueOn)}${
                        unscheduledYears(clockCtx.calendar, a.feeNotice.deliveredOn!, a.feeNotice.dueOn).length > 0 ? "（暂定）" : ""
                      }。`
                    : "尚未登记申请人收到收费通知书的日期；缴费期限自申请人收到之日起计算。"}
                </p>
              )}
              {a.status === "AWAITING_PAYMENT" && a.feeNotice && !a.feeNotice.deliveredOn && (
                <ActionForm action={recordFeeDeliveryAction} submitLabel="登记送达日期" testId="record-fee-delivery">
                  <Hidden id={a.id} />
                  <div className="field">
                    <label htmlFor="fee-delivered-on">申请人收到收费通知书的日期</label>
                    <input id="fee-delivered-on" name="deliveredOn" type="date" max={today} required />
                  </div>
                </ActionForm>
              )}
              {a.status === "AWAITING_PAYMENT" && (
                <ActionForm action={recordFeePaymentAction} submitLabel="登记已缴费" testId="record-payment">
                  <Hidden id={a.id} />
                  <div className="field">
                    <label htmlFor="paid-on">缴费日期</label>
                    <input id="paid-on" name="paidOn" type="date" defaultValue={today} max={today} required />
                  </div>
                </ActionForm>
              )}
              {!a.fee.waived && !a.fee.paidOn && (
                <ActionForm action={waiveFeeAction} submitLabel="减免信息处理费" testId="waive-fee">
                  <Hidden id={a.id} />
                  <div className="field">
                    <label htmlFor="waive-reason">减免理由</label>
                    <input id="waive-reason" name="reason" type="text" required />
                  </div>
                </ActionForm>
              )}
              {a.fee.waived && <p>已减免信息处理费，理由：{a.fee.waiverReason}</p>}
            </details>
          )}

          {(a.status === "PROCESSING" || a.status === "DECIDED") && (
            <section>
              <h3>{a.status === "DECIDED" ? "修改处理决定" : "作出处理决定"}</h3>
              <p className="hint">选择处理结果后，系统按该结果的模板拟定答复告知书，您可修改后出具。</p>
              <ActionForm action={decideAction} submitLabel="拟定答复告知书" testId="decide">
                <Hidden id={a.id} />
                <div className="field">
                  <label htmlFor="outcome">处理结果</label>
                  <select id="outcome" name="outcome" defaultValue={a.outcome ?? ""} required>
                    <option value="">请选择</option>
                    {OUTCOME_GROUPS.map((g) => (
                      <optgroup key={g.code} label={g.label}>
                        {OUTCOMES.filter((o) => o.group === g.code).map((o) => (
                          <option key={o.code} value={o.code}>
                            {o.shortName}
                          </option>
                        ))}
                      </optgroup>
                    ))}
                  </select>
                </div>
                <div className="field">
                  <label htmlFor="legalBasis">法律依据（选填）</label>
                  <input id="legalBasis" name="legalBasis" type="text" placeholder="不填则使用该处理结果对应的条例条款" />
                </div>
                <div className="field">
                  <label htmlFor="detail">具体说明（选填）</label>
                  <textarea id="detail" name="detail" rows={4} />
                  <p className="hint">如提供的内容、不予公开的部分及理由等，将写入答复告知书。</p>
                </div>
              </ActionForm>
            </section>
          )}

          {EXTENDABLE.includes(a.status) && !a.hasExtension && !a.pendingExtension && !canExtend && (
            <section>
              <h3>申请延长答复期限</h3>
              <p className="hint">需要延长答复期限的，提交分管领导审批（条例第三十三条第一款），最长20个工作日。</p>
              <ActionForm action={requestExtensionAction} submitLabel="提交延期申请" testId="request-extension">
                <Hidden id={a.id} />
                <div className="field">
                  <label htmlFor="ext-days">延长工作日数</label>
                  <input id="ext-days" name="workingDays" type="number" min={1} max={20} defaultValue={20} required />
                </div>
                <div className="field">
                  <label htmlFor="ext-reason">延期理由</label>
                  <textarea id="ext-reason" name="reason" rows={3} required />
                  <p className="hint">如“申请公开的信息涉及多个科室，需要逐一检索、汇总”，将写入延期答复告知书。</p>
                </div>
              </ActionForm>
            </section>
          )}

          <details>
            <summary>
              <h3 style={{ display: "inline" }}>更换承办人</h3>
            </summary>
            <ActionForm action={assignHandlerAction} submitLabel="指定承办人" testId="assign-handler">
              <Hidden id={a.id} />
              <div className="field">
                <label htmlFor="handlerId">承办人</label>
                <select id="handlerId" name="handlerId" defaultValue={a.handlerId ?? ""}>
                  <option value="">请选择</option>
                  {handlers.map((h) => (
                    <option key={h.id} value={h.id}>
                      {h.displayName}
                    </option>
                  ))}
                </select>
              </div>
            </ActionForm>
          </details>
        </div>
      )}

      {canHandle && draft && (
        <div className="card" data-testid="reply-draft">
          <h2>答复告知书（待出具）</h2>
          <p>
            处理结果：{a.outcomeLabel ?? "—"}；法律依据：{a.outcomeBasis ?? "—"}。
            <a href={`/console/applications/${a.id}/letters/${draft.id}/pdf`} target="_blank" rel="noopener">
              预览PDF
            </a>
          </p>
          <ActionForm action={saveReplyDraftAction} submitLabel="保存修改" testId="save-draft">
            <Hidden id={a.id} />
            <div className="field">
              <label htmlFor="reply-body">正文（每段一行；落款和日期在出具时自动生成）</label>
              <textarea id="reply-body" name="body" rows={16} defaultValue={draft.body} />
            </div>
          </ActionForm>
          <ActionForm action={issueReplyAction} submitLabel="出具答复告知书" testId="issue-reply" confirm="出具后不能再修改，并将办结本申请。确认出具？">
            <Hidden id={a.id} />
            <DeliverySelect id="reply-delivery" defaultValue={delivery} />
          </ActionForm>
        </div>
      )}

      <div className="card">
        <h2>申请人</h2>
        {!canHandle && <p className="hint">申请人个人信息仅向依申请公开承办人员显示。</p>}
        <table className="meta" data-testid="applicant">
          <tbody>
            <tr>
              <th scope="row">申请人类型</th>
              <td>{a.applicant.typeLabel}</td>
            </tr>
            <tr>
              <th scope="row">{a.applicant.isPerson ? "姓名" : "名称"}</th>
              <td>{a.applicant.name}</td>
            </tr>
            <tr>
              <th scope="row">{a.applicant.idTypeLabel}</th>
              <td>{a.applicant.idNumber}</td>
            </tr>
            {a.applicant.contactPerson && (
              <tr>
                <th scope="row">联系人</th>
                <td>{a.applicant.contactPerson}</td>
              </tr>
            )}
            <tr>
              <th scope="row">联系电话</th>
              <td>{a.applicant.phone}</td>
            </tr>
            <tr>
              <th scope="row">电子邮箱</th>
              <td>{a.applicant.email ?? "—"}</td>
            </tr>
            <tr>
              <th scope="row">通信地址</th>
              <td>
                {a.applicant.address ?? "—"}
                {a.applicant.postcode ? `（${a.applicant.postcode}）` : ""}
              </td>
            </tr>
          </tbody>
        </table>
        <h2>申请内容</h2>
        <table className="meta">
          <tbody>
            <tr>
              <th scope="row">申请方式</th>
              <td>{a.channelLabel}</td>
            </tr>
            <tr>
              <th scope="row">政府信息名称</th>
              <td>{a.request.infoTitle ?? "—"}</td>
            </tr>
            <tr>
              <th scope="row">文号</th>
              <td>{a.request.infoNumber ?? "—"}</td>
            </tr>
            <tr>
              <th scope="row">内容描述</th>
              <td style={{ whiteSpace: "pre-wrap" }}>{a.request.description}</td>
            </tr>
            <tr>
              <th scope="row">提供形式</th>
              <td>{a.request.formWantedLabel}</td>
            </tr>
            <tr>
              <th scope="row">获取方式</th>
              <td>{a.request.deliveryMethodLabel}</td>
            </tr>
          </tbody>
        </table>
        {a.attachments.length > 0 && (
          <>
            <h3>附件</h3>
            <ul>
              {a.attachments.map((f) => (
                <li key={f.id}>
                  {canHandle ? <a href={`/console/applications/${a.id}/attachments/${f.id}`}>{f.name}</a> : f.name}
                  <span className="muted">
                    （{f.kind === "CORRECTION" ? "补正材料" : "申请材料"}，{Math.ceil(f.size / 1024)} KB）
                  </span>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>

      <div className="card">
        <h2>文书</h2>
        {a.letters.length === 0 ? (
          <p className="muted">暂无。</p>
        ) : (
          <table className="data" data-testid="letters">
            <thead>
              <tr>
                <th scope="col">文书</th>
                <th scope="col">出具</th>
                <th scope="col">送达方式</th>
                <th scope="col">下载</th>
              </tr>
            </thead>
            <tbody>
              {a.letters.map((l) => (
                <tr key={l.id}>
                  <td>{l.title}</td>
                  <td>{l.issuedAt ? `${formatChineseDate(toChinaDate(l.issuedAt))}${l.issuedByName ? ` ${l.issuedByName}` : ""}` : "草稿"}</td>
                  <td>{l.deliveryLabel ?? "—"}</td>
                  <td>
                    {canHandle && (
                      <>
                        <a href={`/console/applications/${a.id}/letters/${l.id}/pdf`}>PDF</a>
                        {"　"}
                        <a href={`/console/applications/${a.id}/letters/${l.id}/docx`}>Word</a>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>

      <div className="card">
        <h2>办理过程</h2>
        <table className="data" data-testid="timeline">
          <thead>
            <tr>
              <th scope="col">日期</th>
              <th scope="col">事项</th>
              <th scope="col">经办</th>
              <th scope="col">说明</th>
            </tr>
          </thead>
          <tbody>
            {a.timeline.map((t) => (
              <tr key={t.id}>
                <td>{formatChineseDate(t.on)}</td>
                <td>{t.label}</td>
                <td>{t.actorName ?? "—"}</td>
                <td>
                  {t.details.map((d, i) => (
                    <div key={i}>{d}</div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function FeeFields({ prefix }: { prefix: string }) {
  return (
    <>
      <fieldset>
        <legend>计收方式</legend>
        <label style={{ display: "inline-block", marginRight: "1rem", fontWeight: 400 }}>
          <input type="radio" name="method" value="PER_CASE" defaultChecked /> 按件计收（同一申请人本自然月累计件数）
        </label>
        <label style={{ display: "inline-block", fontWeight: 400 }}>
          <input type="radio" name="method" value="PER_PAGE" /> 按量计收（页数）
        </label>
      </fieldset>
      <div className="field">
        <label htmlFor={`${prefix}-pages`}>页数（按量计收时填写）</label>
        <input id={`${prefix}-pages`} name="pages" type="number" min={1} />
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-cases`}>本申请拆分计算的件数（按件计收，默认1件）</label>
        <input id={`${prefix}-cases`} name="cases" type="number" min={1} defaultValue={1} />
      </div>
    </>
  );
}
