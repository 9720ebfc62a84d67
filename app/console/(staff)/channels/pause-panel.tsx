import { can, type SessionUser } from "@/lib/auth/roles";
import { CHANNEL_LABELS, isChannel } from "@/lib/channels/outbox";
import { formatBeijingMinute, type ChannelPauseView } from "@/lib/channels/pause";
import { ActionForm } from "../../components/action-form";
import { resumeChannelAction } from "./actions";

const fmt = (d: Date) => d.toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false });

/**
 * Channels whose deliveries are held: why, since when, and when they go on — by themselves at the
 * quota reset, or after a person fixes the account and presses 恢复推送 (item.publish).
 */
export function PausePanel({ pauses, user }: { pauses: ChannelPauseView[]; user: SessionUser }) {
  if (pauses.length === 0) return null;
  const mayResume = can(user, "item.publish");
  return (
    <div className="card" data-testid="channel-pauses">
      <h2>已暂停的渠道</h2>
      <p className="muted">暂停期间，该渠道的推送全部保留在队列中，不会丢失；恢复后按原顺序继续推送，已提交的发布不会重复提交。</p>
      <table className="data">
        <thead>
          <tr>
            <th scope="col">渠道</th>
            <th scope="col">原因及处理办法</th>
            <th scope="col">暂停时间</th>
            <th scope="col">何时恢复</th>
            <th scope="col">操作</th>
          </tr>
        </thead>
        <tbody>
          {pauses.map((p) => (
            <tr key={p.channel} data-testid={`pause-${p.channel}`} data-kind={p.kind}>
              <td>
                {isChannel(p.channel) ? CHANNEL_LABELS[p.channel] : p.channel}
                <div>
                  <span className="tag bad">已暂停</span>
                </div>
              </td>
              <td className="field-error" data-testid="pause-reason">
                {p.reason}
                {p.vendorCode && <div className="muted">平台错误码：{p.vendorCode}</div>}
              </td>
              <td>{fmt(p.pausedAt)}</td>
              <td data-testid="pause-resumes">
                {p.resumesAt ? (
                  <>
                    将于 {formatBeijingMinute(p.resumesAt)}（北京时间）自动恢复
                    <div className="muted">平台每日调用次数在北京时间零点重置</div>
                  </>
                ) : (
                  <>
                    等待管理员处理
                    <div className="muted">按左侧说明修正后点击“恢复推送”；修改配置并重启后台任务进程后也会自动恢复</div>
                  </>
                )}
              </td>
              <td>
                {mayResume ? (
                  <ActionForm
                    action={resumeChannelAction}
                    submitLabel="恢复推送"
                    testId="resume-channel"
                    confirm={p.kind === "QUOTA" ? "确认已在公众平台重置调用次数，立即恢复推送？" : "确认问题已修正，立即恢复推送？"}
                  >
                    <input type="hidden" name="channel" value={p.channel} />
                  </ActionForm>
                ) : (
                  "—"
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
