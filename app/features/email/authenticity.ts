// The authenticity rule for mail that posts a comment: when the sender's domain publishes DMARC,
// the message must pass it (SPF or DKIM aligned with the From domain); a domain without DMARC
// cannot be checked that way, and the signed address (or the account's address) is what vouches
// for the sender then. Pure: the checks themselves are in authenticity.server.ts.

export type AuthChecks = {
  /** DMARC result for the From domain: "none" when the domain publishes no DMARC record. */
  dmarc: string;
  /** The policy the domain publishes (p=), when it does. */
  policy: string | null;
  fromDomain: string | null;
  spf: string;
  dkim: { domain: string; result: string }[];
  alignedSpf: string | null;
  alignedDkim: string | null;
};

export type AuthDecision =
  | { accept: true; decision: "dmarc-pass" | "no-dmarc"; summary: string }
  | { accept: false; decision: "dmarc-fail" | "dmarc-error"; summary: string }
  | { accept: "retry"; decision: "dns-temporary"; summary: string };

export function authDecision(checks: AuthChecks): AuthDecision {
  const domain = checks.fromDomain ?? "the sender's domain";
  switch (checks.dmarc) {
    case "pass": {
      const how = [checks.alignedSpf ? `SPF (${checks.alignedSpf})` : null, checks.alignedDkim ? `DKIM (${checks.alignedDkim})` : null]
        .filter(Boolean)
        .join(" and ");
      return { accept: true, decision: "dmarc-pass", summary: `DMARC pass for ${domain}: aligned ${how || "SPF or DKIM"}.` };
    }
    case "none":
      return { accept: true, decision: "no-dmarc", summary: `${domain} publishes no DMARC policy; accepted on the signed address. SPF ${checks.spf}.` };
    case "temperror":
    case "temperr":
      return { accept: "retry", decision: "dns-temporary", summary: `DMARC of ${domain} could not be checked now (DNS temporary error); tried again later.` };
    case "fail":
      return {
        accept: false,
        decision: "dmarc-fail",
        summary: `DMARC fail for ${domain} (policy ${checks.policy ?? "none"}): neither SPF nor DKIM aligned with the From address.`,
      };
    default:
      return { accept: false, decision: "dmarc-error", summary: `DMARC of ${domain} gave "${checks.dmarc}": the message cannot be authenticated.` };
  }
}
