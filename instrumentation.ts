// Runs once when a web process starts. The portal's page cache is refreshed from the database's
// change notifications (lib/portal/cache-refresh.ts); nothing runs during `next build`.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  // Each request's TCP peer, for the client address behind TRUSTED_PROXIES (lib/http/client-address.ts).
  const { installPeerAddressRecorder } = await import("./lib/http/peer-address");
  installPeerAddressRecorder();
  const { startPortalCacheRefresh } = await import("./lib/portal/cache-refresh");
  startPortalCacheRefresh();
}
