// Types of the mailauth modules authenticity.server.ts uses directly (mailauth's own index.d.ts
// types only its top-level entry; see docs/decisions/033 for why that entry is not loaded).
declare module "mailauth/lib/dkim/verify.js" {
  import type { DKIMVerifyResult, DNSResolver } from "mailauth";
  export function dkimVerify(
    input: Buffer,
    opts: { resolver?: DNSResolver; sender?: string },
  ): Promise<DKIMVerifyResult & { headerFrom?: string[]; fromFields?: unknown; envelopeFrom?: string; headers?: { parsed: { key: string; line: string }[] } }>;
}
declare module "mailauth/lib/spf/index.js" {
  import type { DNSResolver, SPFResult } from "mailauth";
  export function spf(opts: { sender?: string; ip?: string; helo?: string; mta?: string; resolver?: DNSResolver }): Promise<SPFResult | false>;
}
declare module "mailauth/lib/dmarc/index.js" {
  import type { DMARCResult, DNSResolver } from "mailauth";
  export function evaluateDmarc(opts: {
    headerFrom: string[];
    fromFields: unknown;
    spfDomains: string[];
    dkimDomains: { id?: string; domain?: string; aligned?: unknown; underSized?: unknown }[];
    resolver?: DNSResolver;
  }): Promise<{ response: DMARCResult | false }>;
}
declare module "mailauth/lib/parse-received.js" {
  export function parseReceived(line: string | Buffer): { from?: { value?: string } };
  export function getClientAddress(from: { value?: string }): string | null;
}
