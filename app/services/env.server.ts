import { availableParallelism } from "node:os";
import { z } from "zod";
import { parseTrustProxy, TRUST_PROXY_HELP } from "./trust-proxy";

/** The SQLite database of a fresh clone (prisma.config.ts migrates the same file). */
export const DEFAULT_DATABASE_URL = "file:./var/data.db";

/** A setting is missing or malformed: the message says which and why (shown without a stack). */
export class EnvironmentError extends Error {
  override name = "EnvironmentError";
}

// Every setting the app reads from the environment, validated once. The README documents each.
const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().positive().default(3000),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, "DATABASE_URL must be a file: URL (SQLite) or a postgres:// URL (PostgreSQL)")
    .default(DEFAULT_DATABASE_URL),
  SESSION_SECRET: z.string().min(16, "SESSION_SECRET must be at least 16 characters").optional(),
  APP_URL: z.url().default("http://localhost:3000"),
  SMTP_URL: z.string().optional(),
  MAIL_FROM: z.string().default("IANA Consultations <consultations@localhost>"),
  MAIL_DIR: z.string().default("./var/mail"),
  DEMO_DATA: z.enum(["on", "off"]).default("on"),
  WORKER: z.enum(["on", "off"]).default("on"),
  /** How much the standalone worker lowers its CPU priority (Unix niceness added, 0 to 19). */
  WORKER_NICE: z.coerce.number().int().min(0, "WORKER_NICE must be between 0 and 19").max(19, "WORKER_NICE must be between 0 and 19").default(10),
  MAIL_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /** Which proxies may say who the client is (app/services/trust-proxy.ts). */
  TRUST_PROXY: z
    .string()
    .default("off")
    .refine((value) => parseTrustProxy(value) !== null, TRUST_PROXY_HELP),
  /** Web server processes sharing the port (node:cluster); 1 runs the server in this process alone. */
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(availableParallelism()),
  /** The domain of reply, comment and bounce addresses; empty means APP_URL's host name. */
  MAIL_DOMAIN: z
    .string()
    .regex(/^[a-z0-9.-]*$/i, "MAIL_DOMAIN must be a domain name, e.g. consultations.example")
    .default(""),
  INBOUND_SMTP_PORT: z.coerce.number().int().min(1).max(65535).default(2525),
  /** Largest message the SMTP receiver and the webhook accept, in bytes. */
  INBOUND_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(10 * 1024 * 1024),
  /** PEM files: with both set, the SMTP receiver offers STARTTLS. */
  INBOUND_TLS_KEY: z.string().optional(),
  INBOUND_TLS_CERT: z.string().optional(),
  /** The shared secret of the inbound-mail webhook; unset, the webhook answers 404. */
  INBOUND_WEBHOOK_SECRET: z.string().min(16, "INBOUND_WEBHOOK_SECRET must be at least 16 characters").optional(),
  /** A JSON file of DNS answers used instead of DNS when checking SPF, DKIM and DMARC (offline test runs). */
  MAIL_DNS_FIXTURES: z.string().optional(),
  /** Where attachments are kept (folder) and where uploads are staged while they arrive. */
  UPLOAD_DIR: z.string().default("./var/uploads"),
  /** `database` keeps attachment bytes in the database, for several servers without a shared folder. */
  ATTACHMENT_STORE: z.enum(["folder", "database"]).default("folder"),
});

export type Env = z.infer<typeof schema> & { SESSION_SECRET: string };

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new EnvironmentError(`Invalid environment:\n${lines.join("\n")}`);
  }
  const value = parsed.data;
  if (!value.SESSION_SECRET) {
    if (value.NODE_ENV === "production" && value.APP_URL.startsWith("https:")) {
      throw new EnvironmentError("SESSION_SECRET must be set in production");
    }
    // Development and tests: a fixed secret keeps sessions valid across restarts.
    value.SESSION_SECRET = "development-only-secret-change-me";
  }
  cached = value as Env;
  return cached;
}

/** For tests that change the environment between cases. */
export function resetEnvCache() {
  cached = undefined;
}

/** The domain of the addresses mail is received at. */
export function mailDomain(): string {
  return (env().MAIL_DOMAIN || new URL(env().APP_URL).hostname || "localhost").toLowerCase();
}

// Asked on every response (security headers, the cross-site check): parsed once per APP_URL.
let originOf: { url: string; origin: string } | undefined;

export function appOrigin(): string {
  const url = env().APP_URL;
  if (originOf?.url !== url) originOf = { url, origin: new URL(url).origin };
  return originOf.origin;
}

export function absoluteUrl(path: string): string {
  return new URL(path, env().APP_URL).toString();
}
