import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePage } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { isAppError } from "@/lib/errors/app-error";
import { getItemForUser } from "@/lib/items/item-queries";
import { availableActions, ITEM_STATE_LABELS } from "@/lib/items/workflow";
import { scanItemVersion } from "@/lib/items/scan-item-version";
import { getItemHistory, versionDiff, type DiffPart } from "@/lib/items/item-history";
import { itemClockReport, CLOCK_LABELS } from "@/lib/items/item-clocks";
import { loadWorkingCalendar } from "@/lib/calendar/load-calendar";
import { getSetting } from "@/lib/settings/settings";
import { sanitizeBody, CHANNEL_LABELS } from "@/lib/items/item-input";
import { checkWeChatLimits } from "@/lib/channels/wechat/to-wechat-article";
import { portalItemUrl } from "@/lib/channels/load-item";
import { getOrganisation } from "@/lib/org/get-organisation";
import { ActionForm } from "../../../components/action-form";
import { removeAttachmentAction, transitionAction, uploadAttachmentAction } from "../actions";
import { ChannelPanel } from "../../channels/channel-panel";
import { TakedownPanel } from "./takedown-panel";
import { ReviewPanel } from "./review-panel";
import { mayMask } from "@/lib/items/mask-finding";

export const metadata: Metadata = { title: "信息详情" };

const TABS = [
  ["content", "内容"],
  ["review", "审核与保密审查"],
  ["versions", "版本对比"],
  ["history", "办理记录"],
  ["channels", "发布渠道"],
  ["takedown", "下架报告"],
] as const;

const CLOCK_STATUS: Record<string, [string, string]> = {
  NOT_STARTED: ["未开始", ""],
  ON_TRACK: ["正常", "ok"],
  DUE_SOON: ["即将到期", "warn"],
  OVERDUE: ["已超期", "bad"],
  MET: ["按时完成", "ok"],
  MET_LATE: ["逾期完成", "bad"],
  STOPPED: ["已停止", ""],
};

function Diff({ parts }: { parts: DiffPart[] }) {
  return (
    <p className="diff">
      {parts.map((p, i) =>
        p.kind === "added" ? <ins key={i}>{p.text}</ins> : p.kind === "removed" ? <del key={i}>{p.text}</del> : <span key={i}>{p.text}</span>,
      )}
    </p>
  );
}

const fmt = (d: Date | null | undefined) => (d ? d.toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false }) : "—");
const day = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 10) : "—");

export default async function ItemPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ tab?: string; a?: string; b?: string; created?: string; saved?: string }>;
}) {
  const user = await requirePage("item.read");
  const { id } = await params;
  const sp = await searchParams;
  const db = getDb();
  const item = await getItemForUser(db, user, id).catch((e) => {
    if (isAppError(e)) notFound();
    throw e;
  });
  const tab = TABS.some(([k]) => k === sp.tab) ? sp.tab! : "content";
  const working = item.versions.find((v) => v.number === item.workingVersionNo)!;
  const wf = {
    state: item.state,
    departmentId: item.departmentId,
    createdById: working.createdById,
    signedOffById: item.signedOffById,
    hasPublishedVersion: item.publishedVersionNo !== null,
    takenDown: item.takenDownAt !== null,
  };
  const actions = availableActions(wf, { id: user.id, roles: user.roles });
  const scan = await scanItemVersion(db, item.id);
  const cal = await loadWorkingCalendar(db);
  const clocks = itemClockReport(cal, item, new Date(), await getSetting(db, "itemDeadlines"));
  const wechatWarnings = item.channels.includes("WECHAT")
    ? checkWeChatLimits(
        {
          title: working.title,
          summary: working.summary,
          bodyHtml: working.bodyHtml,
          departmentName: item.department.name,
          portalUrl: portalItemUrl(item.id),
          indexNo: item.indexNo ?? "",
          documentNumber: working.documentNumber,
          generatedDate: day(working.generatedDate),
          attachments: working.attachments.map((a) => ({ name: a.name, mime: a.mime, size: a.size, sha256: a.sha256, url: "" })),
          category: { code: item.category.code, name: item.category.name },
        },
        { officeName: (await getOrganisation(db)).name },
      )
    : [];
  const revising = item.publishedVersionNo !== null && item.state !== "PUBLISHED" && item.state !== "WITHDRAWN" && !item.takenDownAt;

  return (
    <>
      <p className="muted">
        <Link href="/console/items">信息管理</Link> › 信息详情
      </p>
      <h1>{working.title}</h1>
      {sp.created && <div className="notice ok">草稿已保存。请核对内容、上传附件后提交科室负责人签发。</div>}
      {sp.saved && <div className="notice ok">已保存。</div>}
      {item.takenDownAt && (
        <div className="notice bad" data-testid="takedown-notice">
          本信息已于 {fmt(item.takenDownAt)} 紧急下架（原因：{item.takenDownReason}），门户网站和各发布渠道均已停止公开。
          {item.state === "TAKEN_DOWN" ? "如需更正后重新公开，请点击“修订”，新版本须重新经过签发和审核（先审后发），索引号不变。" : "更正后的新版本须经签发和审核后发布，发布前不会公开。"}
          <a href="?tab=takedown">查看下架报告</a>
        </div>
      )}
      {item.returnedComment && item.state === "DRAFT" && (
        <div className="notice bad" data-testid="returned-comment">
          退回意见：{item.returnedComment}
        </div>
      )}
      <div className="card">
        <p>
          状态：<strong data-testid="item-state">{ITEM_STATE_LABELS[item.state]}</strong>
          {revising && `（正在修订第 ${working.number} 版，门户网站仍显示第 ${item.publishedVersionNo} 版）`}
          　索引号：<strong data-testid="index-no">{item.indexNo ?? "审核通过后生成"}</strong>
          　{item.department.name}　{item.category.name}
          {item.scheduledAt && item.state === "APPROVED" && `　定时发布：${fmt(item.scheduledAt)}`}
        </p>
        <p>
          {clocks.clocks.map((c) => (
            <span key={c.clock} style={{ marginRight: "1rem" }}>
              {CLOCK_LABELS[c.clock]}：{c.dueOn ?? "—"}
              {c.provisional && (
                <span className="tag warn" data-testid="item-due-provisional" title="跨越尚未录入节假日安排的年份，暂按正常工作日计算">
                  暂定
                </span>
              )}{" "}
              <span className={`tag ${CLOCK_STATUS[c.status][1]}`}>{CLOCK_STATUS[c.status][0]}</span>
            </span>
          ))}
        </p>
        {item.state === "PUBLISHED" || item.state === "WITHDRAWN" ? (
          <p>
            <a href={`/items/${item.id}`} target="_blank" rel="noopener">
              查看公开页面
            </a>
          </p>
        ) : null}
      </div>

      <div className="card inline-forms" data-testid="item-actions">
        {actions.includes("edit") && (
          <Link className="btn secondary" href={`/console/items/${item.id}/edit`}>
            修改
          </Link>
        )}
        {actions.includes("submit") && (
          <ActionForm action={transitionAction} submitLabel="提交签发">
            <input type="hidden" name="itemId" value={item.id} />
            <input type="hidden" name="action" value="submit" />
          </ActionForm>
        )}
        {actions.includes("signOff") && (
          <ActionForm action={transitionAction} submitLabel="签发">
            <input type="hidden" name="itemId" value={item.id} />
            <input type="hidden" name="action" value="signOff" />
          </ActionForm>
        )}
        {actions.includes("approve") && (
          <>
            <ActionForm action={transitionAction} submitLabel="审核通过并发布" testId="approve-now">
              <input type="hidden" name="itemId" value={item.id} />
              <input type="hidden" name="action" value="approve" />
              <input type="hidden" name="publish" value="now" />
            </ActionForm>
            <ActionForm action={transitionAction} submitLabel="审核通过（定时或稍后发布）">
              <input type="hidden" name="itemId" value={item.id} />
              <input type="hidden" name="action" value="approve" />
              <label htmlFor="publish-mode">发布方式</label>
              <select id="publish-mode" name="publish" defaultValue="schedule">
                <option value="schedule">定时发布</option>
                <option value="later">暂不发布</option>
              </select>
              <label htmlFor="approve-at">定时发布时间</label>
              <input id="approve-at" name="scheduledAt" type="datetime-local" />
            </ActionForm>
          </>
        )}
        {actions.includes("publish") && (
          <ActionForm action={transitionAction} submitLabel="立即发布">
            <input type="hidden" name="itemId" value={item.id} />
            <input type="hidden" name="action" value="publish" />
          </ActionForm>
        )}
        {actions.includes("return") && (
          <ActionForm action={transitionAction} submitLabel="退回修改">
            <input type="hidden" name="itemId" value={item.id} />
            <input type="hidden" name="action" value="return" />
            <label htmlFor="return-comment">退回意见</label>
            <textarea id="return-comment" name="comment" rows={2} required />
          </ActionForm>
        )}
        {actions.includes("withdraw") && (
          <ActionForm action={transitionAction} submitLabel="撤回" confirm="撤回后公开页面将显示撤回说明，并通知各发布渠道撤下。确定撤回吗？">
            <input type="hidden" name="itemId" value={item.id} />
            <input type="hidden" name="action" value="withdraw" />
            <label htmlFor="withdraw-reason">撤回原因</label>
            <textarea id="withdraw-reason" name="reason" rows={2} required />
          </ActionForm>
        )}
        {actions.includes("takedown") && (
          <ActionForm
            action={transitionAction}
            submitLabel="紧急下架"
            testId="takedown-form"
            confirm="紧急下架将立即从门户网站、检索、订阅源、开放数据中删除该信息并封禁其附件，通知区政府信息公开系统删除、删除公众号文章，并向各公开栏下达紧急撤下任务。确定紧急下架吗？"
          >
            <input type="hidden" name="itemId" value={item.id} />
            <input type="hidden" name="action" value="takedown" />
            <label htmlFor="takedown-reason">下架原因（如：含有未脱敏的身份证号码）</label>
            <textarea id="takedown-reason" name="reason" rows={2} required />
          </ActionForm>
        )}
        {actions.includes("revise") && (
          <ActionForm action={transitionAction} submitLabel="修订">
            <input type="hidden" name="itemId" value={item.id} />
            <input type="hidden" name="action" value="revise" />
            <label htmlFor="revise-note">修订说明</label>
            <textarea id="revise-note" name="changeNote" rows={2} required />
          </ActionForm>
        )}
        {actions.length === 0 && <span className="muted">当前无可办理的操作。</span>}
      </div>

      <nav className="tabs" aria-label="信息详情">
        {TABS.map(([k, label]) => (
          <a key={k} href={`?tab=${k}`} aria-current={tab === k ? "page" : undefined}>
            {label}
            {k === "review" && scan.open.length > 0 ? `（${scan.open.length}）` : ""}
          </a>
        ))}
      </nav>

      {tab === "content" && (
        <div className="card">
          <table className="meta">
            <tbody>
              <tr><th scope="row">索引号</th><td>{item.indexNo ?? "—"}</td></tr>
              <tr><th scope="row">主题分类</th><td>{working.topic}</td></tr>
              <tr><th scope="row">发布机构</th><td>{item.department.name}</td></tr>
              <tr><th scope="row">生成日期</th><td>{day(working.generatedDate)}</td></tr>
              <tr><th scope="row">发文字号</th><td>{working.documentNumber ?? "—"}</td></tr>
              <tr><th scope="row">有效性</th><td>{working.validity === "VALID" ? "有效" : `已废止（${day(working.repealedDate)}）`}</td></tr>
              <tr><th scope="row">公开方式</th><td>{working.disclosureMethod}</td></tr>
              <tr><th scope="row">公开范围</th><td>{working.disclosureScope}</td></tr>
              <tr><th scope="row">发布渠道</th><td>门户网站、{item.channels.map((c) => CHANNEL_LABELS[c as keyof typeof CHANNEL_LABELS] ?? c).join("、")}</td></tr>
              <tr><th scope="row">内容概述</th><td>{working.summary}</td></tr>
            </tbody>
          </table>
          <div className="body-html" dangerouslySetInnerHTML={{ __html: sanitizeBody(working.bodyHtml) }} />
          <h2>附件</h2>
          <ul>
            {working.attachments.map((a) => (
              <li key={a.id}>
                {a.name}（{Math.ceil(a.size / 1024)} KB{a.metadataStripped ? "，已清除元数据" : "，未能清除元数据，请人工核查"}）
                {actions.includes("edit") && (
                  <ActionForm action={removeAttachmentAction} submitLabel="删除" confirm="确定删除该附件吗？">
                    <input type="hidden" name="itemId" value={item.id} />
                    <input type="hidden" name="attachmentId" value={a.id} />
                  </ActionForm>
                )}
              </li>
            ))}
            {working.attachments.length === 0 && <li className="muted">无</li>}
          </ul>
          {actions.includes("edit") && (
            <ActionForm action={uploadAttachmentAction} submitLabel="上传附件">
              <input type="hidden" name="itemId" value={item.id} />
              <label htmlFor="file">选择文件（PDF、DOC/DOCX、XLS/XLSX、JPG/PNG，单个不超过20MB）</label>
              <input id="file" name="file" type="file" multiple accept=".pdf,.doc,.docx,.xls,.xlsx,.jpg,.jpeg,.png" />
            </ActionForm>
          )}
        </div>
      )}

      {tab === "review" && (
        <ReviewPanel
          itemId={item.id}
          user={user}
          open={scan.open}
          dismissals={item.dismissals}
          mayMask={mayMask(wf, { user, ip: "" }).allowed}
          wechatWarnings={wechatWarnings}
        />
      )}

      {tab === "versions" && (
        <div className="card">
          {item.versions.length < 2 ? (
            <p>只有一个版本。</p>
          ) : (
            (() => {
              const a = item.versions.find((v) => v.number === Number(sp.a)) ?? item.versions[item.versions.length - 2];
              const b = item.versions.find((v) => v.number === Number(sp.b)) ?? item.versions[item.versions.length - 1];
              const d = versionDiff(a, b);
              return (
                <>
                  <p>
                    第 {a.number} 版 → 第 {b.number} 版{b.changeNote ? `（修订说明：${b.changeNote}）` : ""}
                  </p>
                  <h3>标题</h3>
                  <Diff parts={d.title} />
                  <h3>内容概述</h3>
                  <Diff parts={d.summary} />
                  <h3>正文</h3>
                  <Diff parts={d.body} />
                </>
              );
            })()
          )}
          <h3>各版本</h3>
          <ul>
            {item.versions.map((v) => (
              <li key={v.id}>
                第 {v.number} 版：{v.title}（{v.publishedAt ? `发布于 ${fmt(v.publishedAt)}` : "未发布"}）{v.changeNote ? `，修订说明：${v.changeNote}` : ""}
              </li>
            ))}
          </ul>
        </div>
      )}

      {tab === "history" && (
        <div className="card">
          <table className="data" data-testid="history">
            <thead>
              <tr>
                <th scope="col">时间</th>
                <th scope="col">办理人</th>
                <th scope="col">办理事项</th>
                <th scope="col">说明</th>
              </tr>
            </thead>
            <tbody>
              {(await getItemHistory(db, item.id)).map((h) => (
                <tr key={h.id}>
                  <td>{fmt(h.at)}</td>
                  <td>{h.actor}</td>
                  <td>{h.action}</td>
                  <td>
                    {h.changed.length > 0 && `修改了：${h.changed.join("、")}`}
                    {h.note}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {tab === "channels" && <ChannelPanel itemId={item.id} />}
      {tab === "takedown" && <TakedownPanel itemId={item.id} user={user} />}
    </>
  );
}
