import { describe, expect, it } from "vitest";
import { clientAddress, normaliseAddress, parseTrustedProxies } from "../../lib/http/client-address";

describe("clientAddress", () => {
  it("is the TCP peer when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(clientAddress({ forwardedFor: "1.2.3.4", peer: "198.51.100.7" })).toBe("198.51.100.7");
    expect(clientAddress({ forwardedFor: null, peer: "::ffff:198.51.100.7" })).toBe("198.51.100.7");
    expect(clientAddress({ forwardedFor: "", peer: "2001:db8::1" })).toBe("2001:db8::1");
  });

  it("walks back over a counted number of proxies, never past the left end", () => {
    const input = { forwardedFor: "6.6.6.6, 203.0.113.9", peer: "10.0.0.2" };
    expect(clientAddress(input, parseTrustedProxies("1"))).toBe("203.0.113.9");
    expect(clientAddress(input, parseTrustedProxies("2"))).toBe("6.6.6.6");
    expect(clientAddress(input, parseTrustedProxies("9"))).toBe("6.6.6.6");
  });

  it("skips listed proxies (addresses and CIDR ranges, IPv4 and IPv6) from the right", () => {
    const trusted = parseTrustedProxies("10.0.0.0/8, 2001:db8::/32, 127.0.0.1");
    expect(clientAddress({ forwardedFor: "6.6.6.6, 203.0.113.9, 10.1.1.1", peer: "127.0.0.1" }, trusted)).toBe("203.0.113.9");
    expect(clientAddress({ forwardedFor: "[2001:db8::5]", peer: "2001:db8::9" }, trusted)).toBe("2001:db8::5");
    // Everything trusted: the left-most hop is as far as anyone can tell.
    expect(clientAddress({ forwardedFor: "10.2.2.2", peer: "127.0.0.1" }, trusted)).toBe("10.2.2.2");
    // A value that is not an address stops the walk at the hop that wrote it.
    expect(clientAddress({ forwardedFor: "evil, 10.3.3.3", peer: "127.0.0.1" }, trusted)).toBe("10.3.3.3");
  });

  it("normalises ports, brackets and IPv4-mapped IPv6; refuses garbage", () => {
    expect(normaliseAddress("203.0.113.9:5555")).toBe("203.0.113.9");
    expect(normaliseAddress("[2001:DB8::1]:443")).toBe("2001:db8::1");
    expect(normaliseAddress("unknown")).toBeNull();
    expect(() => parseTrustedProxies("10.0.0.0/8/1")).toThrow();
    expect(parseTrustedProxies("  ")).toEqual({ kind: "count", count: 0 });
  });
});
