// The inbound-mail webhook's rules: the shared secret (constant-time compare), the envelope a
// provider passes in headers, and storage. The route (app/routes/mail.inbound.ts) only calls this.
import crypto from "node:crypto";
import addressparser from "nodemailer/lib/addressparser/index.js";
import { env } from "./env.server";
import { storeInboundMessage } from "./inbound-store.server";
import { isOurDomain } from "./mail-addresses.server";

const plain = (status: number, message: string) => new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });

/** Bearer token or X-Inbound-Secret header, compared with INBOUND_WEBHOOK_SECRET in constant time. */
export function webhookSecretMatches(request: Request, secret: string): boolean {
  const given = request.headers.get("x-inbound-secret") ?? /^Bearer\s+(.+)$/i.exec(request.headers.get("authorization") ?? "")?.[1] ?? "";
  const a = crypto.createHash("sha256").update(given).digest();
  const b = crypto.createHash("sha256").update(secret).digest();
  return crypto.timingSafeEqual(a, b) && given.length > 0;
}

const addressesIn = (value: string | null) =>
  value ? addressparser(value, { flatten: true }).flatMap((a) => ("address" in a && a.address ? [a.address.toLowerCase()] : [])) : [];

/** The message's own header block, unfolded (for the envelope when the provider gives none). */
function headerOf(raw: Buffer, name: string): string | null {
  const head = raw
    .subarray(0, Math.min(raw.length, 64 * 1024))
    .toString("latin1")
    .split(/\r?\n\r?\n/)[0]
    .replace(/\r?\n[ \t]+/g, " ");
  return new RegExp(`^${name}:[ \\t]*(.*)$`, "im").exec(head)?.[1].trim() ?? null;
}

/**
 * Stores one raw RFC 5322 message posted by a provider. The envelope comes from X-Envelope-To and
 * X-Envelope-From when the provider sends them, else from To/Cc and Return-Path (or From).
 */
export async function receiveWebhookMail(request: Request): Promise<Response> {
  const secret = env().INBOUND_WEBHOOK_SECRET;
  if (!secret) return plain(404, "Not found");
  if (request.method !== "POST") return plain(405, "POST a raw RFC 5322 message.");
  if (!webhookSecretMatches(request, secret)) return plain(401, "Wrong or missing secret.");
  const raw = Buffer.from(await request.arrayBuffer());
  if (raw.length === 0) return plain(400, "The body must be a raw RFC 5322 message.");
  if (raw.length > env().INBOUND_MAX_BYTES) return plain(413, `Message too large: at most ${env().INBOUND_MAX_BYTES} bytes.`);
  const envelopeTo = request.headers.get("x-envelope-to");
  const rcptTo = (envelopeTo ? addressesIn(envelopeTo) : [...addressesIn(headerOf(raw, "To")), ...addressesIn(headerOf(raw, "Cc"))]).filter(isOurDomain);
  if (rcptTo.length === 0) return plain(422, "No recipient of this message is an address of ours.");
  // Without an envelope from the provider: the Return-Path its server recorded ("<>" for a bounce),
  // else the author (a provider that records neither passes on no bounces this way).
  const envelopeFrom = request.headers.get("x-envelope-from") ?? headerOf(raw, "Return-Path") ?? headerOf(raw, "From") ?? "";
  const mailFrom = addressesIn(envelopeFrom)[0] ?? "";
  const ids = await storeInboundMessage({ raw, via: "webhook", mailFrom, rcptTo });
  return new Response(JSON.stringify({ stored: ids.length }), { status: 202, headers: { "Content-Type": "application/json" } });
}
