import { describe, expect, it } from "vitest";
import { formatStartWarning, publicBaseUrlWarning } from "../../lib/config/public-url-check";

describe("PUBLIC_BASE_URL on localhost or an IP address", () => {
  it("warns for a production build on localhost, 127.0.0.1, a LAN address or IPv6, in Chinese", () => {
    for (const url of ["http://localhost:3000", "http://127.0.0.1:3000", "http://192.168.1.20", "http://[::1]:3000", "https://0.0.0.0", "http://gk.localhost"]) {
      const w = publicBaseUrlWarning(url, "production");
      expect(w, url).not.toBeNull();
      expect(w!.message).toContain("PUBLIC_BASE_URL");
      expect(w!.message).toContain(url);
      expect(w!.message).toContain("二维码");
    }
    expect(publicBaseUrlWarning("http://10.0.0.5:8080", "production")!.message).toContain("IP地址");
    expect(publicBaseUrlWarning("http://localhost:3000", "production")!.message).toContain("本机地址");
  });

  it("says nothing for a real domain, or outside a production build", () => {
    expect(publicBaseUrlWarning("https://gk.sibaoshan.gov.cn", "production")).toBeNull();
    expect(publicBaseUrlWarning("http://www.zbgx.gov.cn:8080/gk", "production")).toBeNull();
    expect(publicBaseUrlWarning("http://localhost:3000", "development")).toBeNull();
    expect(publicBaseUrlWarning("http://localhost:3000", undefined)).toBeNull();
  });

  it("frames the start-up warning so it stands out", () => {
    const text = formatStartWarning(publicBaseUrlWarning("http://127.0.0.1:3000", "production")!);
    expect(text).toMatch(/^\n!{72}\n!! 警告：PUBLIC_BASE_URL 是IP地址（http:\/\/127\.0\.0\.1:3000）/);
  });
});
