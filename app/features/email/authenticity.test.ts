import { authDecision, type AuthChecks } from "./authenticity";

const base: AuthChecks = { dmarc: "none", policy: null, fromDomain: "example.org", spf: "none", dkim: [], alignedSpf: null, alignedDkim: null };

test("a domain without DMARC is accepted on the signed address", () => {
  expect(authDecision(base)).toMatchObject({ accept: true, decision: "no-dmarc" });
});

test("a DMARC pass through aligned DKIM is accepted and says how", () => {
  const d = authDecision({ ...base, dmarc: "pass", policy: "reject", alignedDkim: "example.org" });
  expect(d).toMatchObject({ accept: true, decision: "dmarc-pass" });
  expect(d.summary).toMatch(/DKIM \(example.org\)/);
});

test("a DMARC fail is refused", () => {
  expect(authDecision({ ...base, dmarc: "fail", policy: "reject" })).toMatchObject({ accept: false, decision: "dmarc-fail" });
});

test("a permanent DMARC error is refused, a temporary one is retried", () => {
  expect(authDecision({ ...base, dmarc: "permerror" })).toMatchObject({ accept: false });
  expect(authDecision({ ...base, dmarc: "temperror" })).toMatchObject({ accept: "retry" });
});
