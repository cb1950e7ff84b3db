// SPF, DKIM and DMARC of a received message, checked with mailauth's verifiers. DNS answers come
// from DNS, or from the JSON file MAIL_DNS_FIXTURES names (offline test runs: nothing is looked up).
// mailauth's top-level entry also loads its BIMI module, whose HTTP client needs Node 22; the
// verifiers are used directly, in the order its authenticate() runs them (docs/decisions/033).
import fs from "node:fs";
import { isIP } from "node:net";
import type { DNSResolver } from "mailauth";
import { dkimVerify } from "mailauth/lib/dkim/verify.js";
import { evaluateDmarc } from "mailauth/lib/dmarc/index.js";
import { getClientAddress, parseReceived } from "mailauth/lib/parse-received.js";
import { spf } from "mailauth/lib/spf/index.js";
import { env, mailDomain } from "~/services/env.server";
import type { AuthChecks } from "./authenticity";

/** { "TXT": { "example.org": ["v=spf1 …"] }, "MX": { … } }: TXT strings are one chunk each. */
type DnsFixtures = Record<string, Record<string, string[]>>;

let cachedFixtures: { file: string; version: string; fixtures: DnsFixtures } | undefined;

/** The fixtures file, read again only when it changed (a mail makes several lookups). */
function readFixtures(file: string): DnsFixtures {
  const stat = fs.statSync(file);
  const version = `${stat.mtimeMs}:${stat.size}`;
  if (cachedFixtures?.file !== file || cachedFixtures.version !== version) {
    cachedFixtures = { file, version, fixtures: JSON.parse(fs.readFileSync(file, "utf8")) as DnsFixtures };
  }
  return cachedFixtures.fixtures;
}

function fixtureResolver(file: string): DNSResolver {
  return async (name, rrtype) => {
    const fixtures = readFixtures(file);
    const answers = fixtures[rrtype.toUpperCase()]?.[name.toLowerCase().replace(/\.$/, "")];
    if (!answers) throw Object.assign(new Error(`${rrtype} ${name}: not found`), { code: "ENOTFOUND" });
    return rrtype.toUpperCase() === "TXT" ? answers.map((a) => [a]) : answers;
  };
}

export type Envelope = { mailFrom: string; remoteIp: string | null; helo: string | null };

export async function checkAuthenticity(raw: Buffer, envelope: Envelope): Promise<AuthChecks> {
  const fixtures = env().MAIL_DNS_FIXTURES;
  const resolver = fixtures ? fixtureResolver(fixtures) : undefined;
  const dkim = await dkimVerify(raw, { resolver, sender: envelope.mailFrom || undefined });
  let ip = envelope.remoteIp ?? undefined;
  let helo = envelope.helo ?? undefined;
  if (!ip) {
    // Mail handed over by a provider's webhook: the provider's own Received line says who sent it.
    const received = dkim.headers?.parsed
      .filter((h) => h.key === "received")
      .map((h) => parseReceived(h.line))
      .find((r) => r.from?.value);
    if (received?.from) {
      ip = getClientAddress(received.from) ?? undefined;
      helo = helo ?? received.from.value;
    }
  }
  if (!helo && ip) helo = ip;
  if (helo && isIP(helo)) helo = `[${helo}]`;
  const spfResult = ip ? await spf({ sender: envelope.mailFrom || undefined, ip, helo, mta: mailDomain(), resolver }) : false;
  const passedDkim = dkim.results.filter((r) => r.status.result === "pass");
  const dmarc = dkim.headerFrom
    ? (
        await evaluateDmarc({
          headerFrom: dkim.headerFrom,
          fromFields: dkim.fromFields,
          spfDomains: spfResult && spfResult.status.result === "pass" && spfResult.domain ? [spfResult.domain] : [],
          dkimDomains: passedDkim.map((r) => ({ id: r.id, domain: r.signingDomain, aligned: r.status.aligned, underSized: r.status.underSized })),
          resolver,
        })
      ).response
    : false;
  return {
    dmarc: dmarc ? dmarc.status.result : "none",
    policy: dmarc && dmarc.rr ? dmarc.p : null,
    fromDomain: dmarc ? (dmarc.status.header?.from ?? null) : null,
    spf: spfResult ? spfResult.status.result : "none",
    dkim: dkim.results.map((r) => ({ domain: r.signingDomain ?? "", result: r.status.result })),
    alignedSpf: (dmarc && dmarc.alignment?.spf?.result) || null,
    alignedDkim: (dmarc && dmarc.alignment?.dkim?.result) || null,
  };
}
