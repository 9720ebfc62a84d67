import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePage } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { getOrganisation } from "@/lib/org/get-organisation";
import { table2Grid, table3Grid, table4Grid } from "@/lib/annual-report/document";
import { SECTION_LABELS, suggestedText, type SectionKey, editedSections } from "@/lib/annual-report/sections";
import { adjustmentTargets, describeAdjustmentTarget } from "@/lib/annual-report/adjustments";
import { renderReportHtml } from "@/lib/annual-report/export-html";
import { renderLegacyReport } from "@/lib/annual-report/legacy";
import { MissingRecords } from "./missing-records";
import { availableReportActions } from "@/lib/annual-report/workflow";
import { TABLE3_COLUMN_KEYS } from "@/lib/annual-report/tables";
import { buildAnnualReport, reportTitle } from "@/lib/reports/build-annual-report";
import { reportSummary, weChatProblem } from "@/lib/reports/publish-annual-report";
import { CHANNEL_LABELS, CHANNELS } from "@/lib/items/item-input";
import { ActionForm } from "../../../components/action-form";
import { ReportGrid, type ExtraCell } from "../report-grid";
import styles from "../reports.module.css";
import {
  addAdjustmentAction,
  approveReportAction,
  publishReportAction,
  removeAdjustmentAction,
  reopenReportAction,
  resetSectionAction,
  returnReportAction,
  reviseReportAction,
  saveFiguresAction,
  saveSectionAction,
  submitReportAction,
} from "../actions";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ year: string }> }): Promise<Metadata> {
  return { title: `${(await params).year}年度报告` };
}

const time = (iso: string | null) =>
  iso ? new Date(iso).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" }) : "";

function Hidden({ year }: { year: number }) {
  return <input type="hidden" name="year" value={year} />;
}

function SectionEditor({
  year,
  section,
  current,
  suggestion,
  edited,
  editable,
}: {
  year: number;
  section: SectionKey;
  current: string;
  suggestion: string;
  edited: boolean;
  editable: boolean;
}) {
  const id = `section-${section}`;
  return (
    <section className="card" aria-labelledby={`${id}-h`} data-testid={id}>
      <h2 id={`${id}-h`}>
        {SECTION_LABELS[section]} {edited ? <span className="tag warn">已人工修改</span> : <span className="tag ok">采用建议稿</span>}
      </h2>
      {editable ? (
        <>
          <ActionForm action={saveSectionAction} submitLabel={`保存“${SECTION_LABELS[section]}”`} testId={`${id}-form`}>
            <Hidden year={year} />
            <input type="hidden" name="section" value={section} />
            <div className="field">
              <label htmlFor={`${id}-text`}>正文（每行一段；“（一）××”单独成行为小标题）</label>
              <textarea id={`${id}-text`} name="text" className={styles.text} defaultValue={current} rows={Math.min(24, current.split("\n").length + 3)} />
            </div>
          </ActionForm>
          {edited && (
            <ActionForm action={resetSectionAction} submitLabel="恢复建议稿" confirm="恢复后将丢弃本部分的人工修改，确定吗？">
              <Hidden year={year} />
              <input type="hidden" name="section" value={section} />
            </ActionForm>
          )}
          <details>
            <summary>查看系统根据台账数据生成的建议稿</summary>
            <div className={styles.suggestion}>{suggestion}</div>
          </details>
        </>
      ) : (
        <div className={styles.suggestion}>{current}</div>
      )}
    </section>
  );
}

export default async function ReportEditorPage({ params }: { params: Promise<{ year: string }> }) {
  const user = await requirePage("report.read");
  const year = Number((await params).year);
  if (!Number.isInteger(year) || year < 2008 || year > 2100) notFound();
  const db = getDb();
  const built = await buildAnnualReport(db, year);
  if (!built.exists) notFound();
  const org = await getOrganisation(db);
  const actions = availableReportActions({ status: built.status, submittedById: built.state.trail.submittedById }, user);
  const editable = actions.includes("edit");
  const edited = new Set(editedSections(built.state.texts));
  const trail = built.state.trail;
  const t3 = built.tables.table3;
  const item = built.itemId
    ? await db.item.findUnique({ where: { id: built.itemId }, select: { id: true, state: true, indexNo: true, publishedVersionNo: true } })
    : null;
  const title = reportTitle(org.name, year);
  const office = await db.department.findFirst({ where: { isDisclosureOffice: true } });
  const wechatBlocked = actions.includes("publish")
    ? weChatProblem({
        title,
        summary: reportSummary(org.name, year),
        bodyHtml: renderReportHtml(built.document),
        departmentName: office?.name ?? "",
        attachmentNames: [`${title}.docx`, `${title}.pdf`],
      })
    : null;
  const warnings = built.tables.issues.filter((i) => i.severity === "warning");

  const checkRow: ExtraCell[] = [
    { text: "勾稽关系（一＋二＝三（七）＋四）", colSpan: 3 },
    ...TABLE3_COLUMN_KEYS.map((col) => {
      const b = t3.balance.find((x) => x.column === col)!;
      return {
        text: b.ok ? "✓成立" : `✗差${Math.abs(b.left - b.right)}`,
        ok: b.ok,
        title: b.message,
        testId: `check-${col}`,
      };
    }),
  ];

  const section = (key: SectionKey) => (
    <SectionEditor
      year={year}
      section={key}
      current={suggestedText(built.drafts, key)}
      suggestion={suggestedText(built.suggested, key)}
      edited={edited.has(key)}
      editable={editable}
    />
  );

  return (
    <>
      <p>
        <Link href="/console/reports">← 年度报告</Link>
      </p>
      <h1>{title}</h1>
      <div className="card" data-testid="report-status">
        <p>
          状态：<strong>{built.statusLabel}</strong>
          {built.frozen && <span className="muted">　（数据已于{time(built.state.snapshot!.frozenAt)}提交审批时锁定）</span>}
        </p>
        {trail.changeNote && <p className={styles.trail}>修订说明：{trail.changeNote}</p>}
        {trail.submittedByName && (
          <p className={styles.trail}>
            编制：{trail.submittedByName}（{time(trail.submittedAt)}提交）
          </p>
        )}
        {trail.approvedByName && (
          <p className={styles.trail}>
            审批：{trail.approvedByName}（{time(trail.approvedAt)}）
          </p>
        )}
        {trail.returnedComment && built.status === "DRAFT" && (
          <div className="notice bad" data-testid="returned-comment">
            {trail.returnedByName}于{time(trail.returnedAt)}退回，意见：{trail.returnedComment}
          </div>
        )}
        {item && (
          <p data-testid="published-item">
            已发布信息：<Link href={`/items/${item.id}`}>{item.indexNo}</Link>
            {item.state === "WITHDRAWN" ? "（已撤回，再次发布将作为新信息）" : `（第${item.publishedVersionNo}版）`}　
            <Link href={`/console/items/${item.id}`}>在信息管理中查看推送情况</Link>
          </p>
        )}
        <p>
          导出：<a href={`/console/reports/${year}/export/docx`} data-testid="export-docx">Word（DOCX）</a>　
          <a href={`/console/reports/${year}/export/pdf`} data-testid="export-pdf">PDF</a>　
          <a href={`/console/reports/${year}/export/txt`} data-testid="export-legacy">旧版文字格式（TXT）</a>　
          <a href={`/console/reports/${year}/export/xlsx`} data-testid="export-xlsx">统计表（Excel）</a>
        </p>
      </div>

      {built.problems.length > 0 ? (
        <div className={styles.problems} role="status" data-testid="report-problems">
          <h2>数据校验未通过，本报告不能提交审批或发布</h2>
          <ul>
            {built.problems.map((p, i) => (
              <li key={i}>{p}</li>
            ))}
          </ul>
        </div>
      ) : (
        <div className="notice ok" data-testid="report-checks-ok">
          表三各栏勾稽关系成立（本年新收＋上年结转＝办理结果总计＋结转下年度），表三、表四合计数一致。
        </div>
      )}
      {warnings.length > 0 && (
        <div className="notice">
          <strong>请核实：</strong>
          <ul>
            {warnings.map((w, i) => (
              <li key={i}>{w.message}</li>
            ))}
          </ul>
        </div>
      )}
      {!built.figuresEntered && (
        <div className="notice" data-testid="figures-missing">
          尚未填报{year}年度行政许可、行政处罚、行政强制决定数量和行政事业性收费金额，表二相应栏目暂按0统计。
        </div>
      )}

      <div className={`card ${styles.actions}`} data-testid="report-workflow">
        {actions.includes("submit") && (
          <ActionForm action={submitReportAction} submitLabel="提交分管领导审批" testId="submit-report" confirm="提交后报告数据将锁定，确定提交吗？">
            <Hidden year={year} />
            <p className="hint">提交后统计数据和文字锁定，分管领导审批的即为发布的内容。</p>
          </ActionForm>
        )}
        {actions.includes("approve") && (
          <ActionForm action={approveReportAction} submitLabel="审批通过" testId="approve-report">
            <Hidden year={year} />
            <p className="hint">双人审核：提交人不能审批本人提交的报告。</p>
          </ActionForm>
        )}
        {actions.includes("return") && (
          <ActionForm action={returnReportAction} submitLabel="退回修改" testId="return-report">
            <Hidden year={year} />
            <div className="field">
              <label htmlFor="return-comment">退回意见</label>
              <input id="return-comment" name="comment" type="text" required />
            </div>
          </ActionForm>
        )}
        {actions.includes("reopen") && (
          <ActionForm action={reopenReportAction} submitLabel="撤回重新编制" testId="reopen-report">
            <Hidden year={year} />
            <div className="field">
              <label htmlFor="reopen-reason">撤回原因</label>
              <input id="reopen-reason" name="reason" type="text" required />
            </div>
          </ActionForm>
        )}
        {actions.includes("publish") && (
          <ActionForm action={publishReportAction} submitLabel="发布" testId="publish-report" confirm="确定发布本年度报告吗？">
            <Hidden year={year} />
            <fieldset>
              <legend>发布渠道</legend>
              <p className="hint">报告发布在门户网站“政府信息公开年报”栏目，正文附Word和PDF文件。</p>
              {CHANNELS.map((c) => {
                const blocked = c === "WECHAT" && wechatBlocked !== null;
                return (
                  <div key={c}>
                    <label>
                      <input type="checkbox" name="channels" value={c} defaultChecked={!blocked} disabled={blocked} /> {CHANNEL_LABELS[c]}
                    </label>
                    {blocked && <p className="hint" data-testid="wechat-blocked">不能推送：{wechatBlocked}。可在公众号另发报告摘要并链接门户网站。</p>}
                    {c === "WECHAT" && !blocked && (
                      <p className="hint" data-testid="wechat-condensed">报告含大量表格，超过公众号单篇2万字符的上限，公众号将发布不含表格的节选版，读者可点击“阅读原文”查看全文。</p>
                    )}
                  </div>
                );
              })}
            </fieldset>
          </ActionForm>
        )}
        {actions.includes("revise") && (
          <ActionForm action={reviseReportAction} submitLabel="修订" testId="revise-report">
            <Hidden year={year} />
            <div className="field">
              <label htmlFor="revise-note">修订说明</label>
              <input id="revise-note" name="changeNote" type="text" required />
            </div>
          </ActionForm>
        )}
        {actions.length === 0 && <p className="muted">当前没有需要您处理的事项。</p>}
      </div>

      {section("intro")}
      {section("overview")}

      <section className="card" aria-labelledby="t2">
        <h2 id="t2">二、主动公开政府信息情况</h2>
        <ReportGrid grid={table2Grid(built.tables)} caption="表二（规章、行政规范性文件由公开目录统计；其余为年度填报数据）" testId="table-2" />
        {editable && (
          <details>
            <summary>填报表二数据（行政许可、行政处罚、行政强制、行政事业性收费）</summary>
            <ActionForm action={saveFiguresAction} submitLabel="保存填报数据" testId="figures-form">
              <Hidden year={year} />
              <div className="field">
                <label htmlFor="f-lic">行政许可 本年处理决定数量</label>
                <input id="f-lic" name="licensingDecisions" type="number" min={0} step={1} defaultValue={built.data.figures.licensingDecisions} required />
              </div>
              <div className="field">
                <label htmlFor="f-pen">行政处罚 本年处理决定数量</label>
                <input id="f-pen" name="penaltyDecisions" type="number" min={0} step={1} defaultValue={built.data.figures.penaltyDecisions} required />
              </div>
              <div className="field">
                <label htmlFor="f-enf">行政强制 本年处理决定数量</label>
                <input id="f-enf" name="enforcementDecisions" type="number" min={0} step={1} defaultValue={built.data.figures.enforcementDecisions} required />
              </div>
              <div className="field">
                <label htmlFor="f-fee">行政事业性收费 本年收费金额（万元）</label>
                <input id="f-fee" name="feeAmountWan" type="number" min={0} step={0.0001} defaultValue={built.data.figures.administrativeFeesWan} required />
              </div>
            </ActionForm>
          </details>
        )}
      </section>

      <section className="card" aria-labelledby="t3">
        <h2 id="t3">三、收到和处理政府信息公开申请情况</h2>
        <ReportGrid grid={table3Grid(built.tables)} caption="表三（由依申请公开台账统计）" extraRow={checkRow} testId="table-3" />
      </section>

      <section className="card" aria-labelledby="t4">
        <h2 id="t4">四、政府信息公开行政复议、行政诉讼情况</h2>
        <ReportGrid grid={table4Grid(built.tables)} caption="表四（由复议诉讼台账统计）" testId="table-4" />
      </section>

      <section className="card" aria-labelledby="adj" data-testid="adjustments">
        <h2 id="adj">人工调整</h2>
        <p className="hint">台账以外的更正须逐项说明理由；调整后系统重新校验勾稽关系，全部记入操作日志。</p>
        {built.adjustments.length === 0 ? (
          <p className="muted">无。</p>
        ) : (
          <table className="data">
            <thead>
              <tr>
                <th scope="col">数据项</th>
                <th scope="col">调整</th>
                <th scope="col">调整前→后</th>
                <th scope="col">理由</th>
                <th scope="col">调整人</th>
                {editable && <th scope="col">操作</th>}
              </tr>
            </thead>
            <tbody>
              {built.adjustments.map((a) => {
                const applied = built.tables.adjustments.find((x) => (x.adjustment as { id?: string }).id === a.id);
                return (
                  <tr key={a.id}>
                    <td>{describeAdjustmentTarget(a)}</td>
                    <td>{a.mode === "add" ? `${a.value >= 0 ? "增加" : "减少"}${Math.abs(a.value)}` : `改为${a.value}`}</td>
                    <td>{applied ? `${applied.before} → ${applied.after}` : "未生效"}</td>
                    <td>{a.reason}</td>
                    <td>
                      {a.by} {time(a.at)}
                    </td>
                    {editable && (
                      <td>
                        <ActionForm action={removeAdjustmentAction} submitLabel="撤销">
                          <Hidden year={year} />
                          <input type="hidden" name="adjustmentId" value={a.id} />
                          <label htmlFor={`rm-${a.id}`}>撤销理由</label>
                          <input id={`rm-${a.id}`} name="reason" type="text" required />
                        </ActionForm>
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        {editable && (
          <ActionForm action={addAdjustmentAction} submitLabel="记录调整" testId="adjustment-form">
            <Hidden year={year} />
            <div className="field">
              <label htmlFor="adj-target">数据项</label>
              <select id="adj-target" name="target" required defaultValue="">
                <option value="" disabled>
                  请选择
                </option>
                {adjustmentTargets().map((t) => (
                  <option key={t.value} value={t.value}>
                    {t.label}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="adj-mode">调整方式</label>
              <select id="adj-mode" name="mode" defaultValue="set">
                <option value="set">改为</option>
                <option value="add">增减（负数为减少）</option>
              </select>
            </div>
            <div className="field">
              <label htmlFor="adj-value">数值</label>
              <input id="adj-value" name="value" type="number" step="any" required />
            </div>
            <div className="field">
              <label htmlFor="adj-reason">调整理由</label>
              <input id="adj-reason" name="reason" type="text" required />
            </div>
          </ActionForm>
        )}
      </section>

      <MissingRecords data={built.data} suggested={built.suggested} />
      {section("problems")}
      {section("other")}

      <section className="card" aria-labelledby="legacy">
        <h2 id="legacy">旧版文字格式</h2>
        <details>
          <summary>查看按本办事处2017年报告体例（政府信息公开基本情况、工作运转情况、存在的主要问题、下一步工作打算）生成的文本</summary>
          <div className={styles.legacy} data-testid="legacy-text">
            {renderLegacyReport(year, built.data, built.drafts)}
          </div>
        </details>
      </section>
    </>
  );
}
