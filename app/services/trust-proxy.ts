import net from "node:net";

/**
 * Which proxies in front of the app may say who the client is (X-Forwarded-For), as Express's
 * "trust proxy" takes it: false (none: the client is the peer address), a number of hops (the
 * client is that many addresses from the right of X-Forwarded-For), or the proxies' addresses
 * and subnets (addresses from the right are skipped while they are trusted proxies). Trusting
 * every hop would let any client name itself, and so escape the rate limits.
 */
export type TrustProxy = false | number | string[];

/** Express's names for address ranges. */
const RANGE_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

const MAX_HOPS = 10;

export const TRUST_PROXY_HELP = `TRUST_PROXY must be off, on (one proxy), a number of proxies (1-${MAX_HOPS}), or a comma-separated list of the proxies' addresses or subnets (e.g. 10.0.0.0/8, loopback)`;

function isAddressOrSubnet(item: string): boolean {
  if (RANGE_NAMES.has(item)) return true;
  const [address, prefix, extra] = item.split("/");
  const family = net.isIP(address);
  if (!family || extra !== undefined) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/** The setting's value, or null when it is not one of the forms TRUST_PROXY_HELP lists. */
export function parseTrustProxy(raw: string): TrustProxy | null {
  const value = raw.trim().toLowerCase();
  if (value === "" || value === "off") return false;
  if (value === "on") return 1;
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return hops >= 1 && hops <= MAX_HOPS ? hops : null;
  }
  const items = value.split(",").map((item) => item.trim());
  return items.every(isAddressOrSubnet) ? items : null;
}
