import type { Metadata } from "next";
import Link from "next/link";
import { requirePage } from "@/lib/auth/session";
import { getChannelHealth, probeChannels, type ProbeResult } from "@/lib/channels/channel-overview";
import { CHANNEL_LABELS, isChannel } from "@/lib/channels/outbox";
import { listPauses, type ChannelPauseView } from "@/lib/channels/pause";
import { getEnv } from "@/lib/config/env";
import { getDb } from "@/lib/db/client";
import { getRedis } from "@/lib/redis/connection";
import { PausePanel } from "./pause-panel";

export const metadata: Metadata = { title: "发布渠道" };
export const dynamic = "force-dynamic";

const fmt = (d: Date | null) => (d ? d.toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false }) : "—");
const LEVEL: Record<string, { tag: string; text: string }> = {
  ok: { tag: "tag ok", text: "正常" },
  warn: { tag: "tag warn", text: "需处理" },
  bad: { tag: "tag bad", text: "不可用" },
};

/** A paused channel is not "正常" even when its API answers: say so, and where the reason is. */
function withPause(pauses: ChannelPauseView[]) {
  return (p: ProbeResult): ProbeResult => {
    const paused = pauses.find((x) => isChannel(x.channel) && CHANNEL_LABELS[x.channel] === p.label);
    return paused ? { ...p, level: "warn", message: `推送已暂停：${paused.reason}（见上方“已暂停的渠道”）` } : p;
  };
}

export default async function ChannelsPage() {
  const user = await requirePage("channel.monitor");
  const env = getEnv();
  const [health, probes, pauses] = await Promise.all([getChannelHealth(getDb()), probeChannels(env, getRedis()), listPauses(getDb())]);
  return (
    <>
      <h1>发布渠道</h1>
      <p className="muted">
        信息发布后，系统按渠道逐条推送；失败的推送会自动重试，仍失败的在此列出，可在信息详情页点击“重试”。
        账号配置错误或接口调用次数用尽时，该渠道整体暂停，见下方“已暂停的渠道”。
      </p>
      <PausePanel pauses={pauses} user={user} />
      <div className="card" data-testid="channel-probes">
        <h2>连接状态</h2>
        <table className="data">
          <thead>
            <tr>
              <th scope="col">渠道</th>
              <th scope="col">接口地址</th>
              <th scope="col">状态</th>
              <th scope="col">说明</th>
            </tr>
          </thead>
          <tbody>
            {probes.map(withPause(pauses)).map((p) => (
              <tr key={p.label}>
                <td>{p.label}</td>
                <td>
                  <code>{p.baseUrl}</code>
                  {p.isStandIn && <span className="tag warn">本地模拟服务</span>}
                </td>
                <td>
                  <span className={LEVEL[p.level].tag}>{LEVEL[p.level].text}</span>
                </td>
                <td>{p.message}</td>
              </tr>
            ))}
            <tr>
              <td>政务公开栏</td>
              <td>—</td>
              <td>
                <span className="tag ok">正常</span>
              </td>
              <td>
                张贴件由本系统生成，见<Link href="/console/boards">公开栏打印队列</Link>
              </td>
            </tr>
          </tbody>
        </table>
      </div>
      <div className="card" data-testid="channel-counts">
        <h2>推送统计</h2>
        <table className="data">
          <thead>
            <tr>
              <th scope="col">渠道</th>
              <th scope="col">等待推送</th>
              <th scope="col">推送中</th>
              <th scope="col">已完成</th>
              <th scope="col">失败</th>
              <th scope="col">无需推送</th>
              <th scope="col">最早未完成</th>
              <th scope="col">最近完成</th>
            </tr>
          </thead>
          <tbody>
            {health.channels.map((c) => (
              <tr key={c.channel} data-testid={`channel-${c.channel}`}>
                <td>
                  {c.label}
                  {pauses.some((p) => p.channel === c.channel) && <span className="tag bad">已暂停</span>}
                </td>
                <td>{c.counts.PENDING}</td>
                <td>{c.counts.IN_PROGRESS}</td>
                <td>{c.counts.DELIVERED}</td>
                <td>{c.counts.FAILED > 0 ? <span className="tag bad">{c.counts.FAILED}</span> : 0}</td>
                <td>{c.counts.SKIPPED}</td>
                <td>{fmt(c.oldestPendingAt)}</td>
                <td>{fmt(c.lastDeliveredAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="card" data-testid="channel-failures">
        <h2>最近失败</h2>
        {health.failures.length === 0 ? (
          <p className="muted">目前没有失败的推送。</p>
        ) : (
          <table className="data">
            <thead>
              <tr>
                <th scope="col">信息</th>
                <th scope="col">渠道</th>
                <th scope="col">事项</th>
                <th scope="col">原因</th>
                <th scope="col">时间</th>
              </tr>
            </thead>
            <tbody>
              {health.failures.map((f) => (
                <tr key={f.id}>
                  <td>
                    <Link href={`/console/items/${f.itemId}?tab=channels`}>{f.title}</Link>
                    <div className="muted">{f.indexNo}</div>
                  </td>
                  <td>{f.channelLabel}</td>
                  <td>{f.actionLabel}</td>
                  <td className="field-error">{f.lastError}</td>
                  <td>
                    {fmt(f.updatedAt)}
                    {f.attempts > 0 && <div className="muted">连续失败 {f.attempts} 次</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </>
  );
}
