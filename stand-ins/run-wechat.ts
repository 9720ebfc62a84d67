import { startWeChatStandIn } from "./wechat-server";

// Usage: tsx stand-ins/run-wechat.ts --port 4020 [--host 127.0.0.1] [--app-id wx..] [--app-secret ..]
function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const standIn = await startWeChatStandIn({
  port: Number(arg("port") ?? process.env.WECHAT_STANDIN_PORT ?? 4020),
  host: arg("host") ?? "127.0.0.1",
  appId: arg("app-id") ?? process.env.WECHAT_APP_ID ?? "wxstandin0000001",
  appSecret: arg("app-secret") ?? process.env.WECHAT_APP_SECRET ?? "standin-secret",
  publicUrl: arg("public-url"),
});
console.log(`WeChat stand-in listening on ${standIn.url} (state: ${standIn.url}/__standin/state)`);

const stop = () => {
  standIn.close().then(() => process.exit(0));
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
