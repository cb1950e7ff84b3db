import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { expect, test } from "vitest";
import { parseTrustProxy } from "./trust-proxy";

test("TRUST_PROXY reads off, on, a number of hops, or the proxies' addresses; anything else is refused", () => {
  expect(parseTrustProxy("off")).toBe(false);
  expect(parseTrustProxy("")).toBe(false);
  expect(parseTrustProxy("on")).toBe(1);
  expect(parseTrustProxy("2")).toBe(2);
  expect(parseTrustProxy("10.0.0.0/8, loopback,2001:db8::/32, 192.0.2.7")).toEqual(["10.0.0.0/8", "loopback", "2001:db8::/32", "192.0.2.7"]);
  for (const bad of ["yes", "0", "11", "10.0.0.0/33", "2001:db8::/129", "10.0.0.1/8/1", "proxy.example", "10.0.0.0/x", "1.2.3.4,"]) {
    expect(parseTrustProxy(bad), bad).toBeNull();
  }
});

/** The client address Express works out for a request with this X-Forwarded-For, under `setting`. */
async function clientAddress(setting: string, forwardedFor: string): Promise<string> {
  const app = express();
  app.set("trust proxy", parseTrustProxy(setting));
  app.get("/", (req, res) => res.send(req.ip));
  const server = http.createServer(app).listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/`, { headers: { "x-forwarded-for": forwardedFor } });
    return await response.text();
  } finally {
    server.close();
  }
}

test("a client cannot name itself: only the hops or addresses trusted are skipped", async () => {
  // The client sent "6.6.6.6" itself; the proxy in front appended the address it saw (203.0.113.5).
  const header = "6.6.6.6, 203.0.113.5";
  expect(await clientAddress("off", header)).toBe("127.0.0.1");
  expect(await clientAddress("on", header)).toBe("203.0.113.5");
  expect(await clientAddress("2", header)).toBe("6.6.6.6");
  // The peer (127.0.0.1) is a trusted proxy, 203.0.113.5 is not: the client is 203.0.113.5.
  expect(await clientAddress("loopback", header)).toBe("203.0.113.5");
  expect(await clientAddress("loopback, 203.0.113.0/24", header)).toBe("6.6.6.6");
});
