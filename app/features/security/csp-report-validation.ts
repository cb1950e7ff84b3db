import { z } from "zod";

// The two formats in which browsers report Content-Security-Policy violations to POST
// /csp-report. Every field is cut short and cleaned: anyone can post a report.

export type CspViolationInput = {
  directive: string;
  blockedUri: string;
  documentUri: string;
  sourceFile: string | null;
  lineNumber: number | null;
  sample: string | null;
  disposition: "enforce" | "report";
};

/** Reports read from one request: a browser batches a few; more is not a browser. */
export const MAX_REPORTS_PER_REQUEST = 20;

const text = (max: number) =>
  z
    .string()
    .transform((v) => v.replace(/[\u0000-\u001f\u007f]/g, " ").slice(0, max))
    .optional()
    .catch(undefined);
const line = z.coerce.number().int().min(0).max(10_000_000).optional().catch(undefined);

// The Reporting API (`report-to`): [{ type: "csp-violation", body: { documentURL, … } }, …].
const reportingApiBody = z.object({
  documentURL: text(500),
  blockedURL: text(500),
  effectiveDirective: text(100),
  sourceFile: text(500),
  lineNumber: line,
  sample: text(200),
  disposition: z.enum(["enforce", "report"]).catch("enforce"),
});
// The older `report-uri`: { "csp-report": { "document-uri", … } }.
const legacyBody = z.object({
  "document-uri": text(500),
  "blocked-uri": text(500),
  "effective-directive": text(100),
  "violated-directive": text(100),
  "source-file": text(500),
  "line-number": line,
  "script-sample": text(200),
  disposition: z.enum(["enforce", "report"]).catch("enforce"),
});

/**
 * The violations in a report body of either format; anything that is not a CSP violation report
 * is ignored. Page addresses keep only their path: a query string may carry someone's token.
 */
export function parseCspReports(body: unknown): CspViolationInput[] {
  const out: CspViolationInput[] = [];
  const items = Array.isArray(body) ? body : [body];
  for (const item of items.slice(0, MAX_REPORTS_PER_REQUEST)) {
    if (!item || typeof item !== "object") continue;
    const record = item as Record<string, unknown>;
    if (record.type === "csp-violation") {
      const b = reportingApiBody.safeParse(record.body);
      if (b.success && b.data.effectiveDirective) {
        out.push(
          violation(b.data.effectiveDirective, b.data.blockedURL, b.data.documentURL, b.data.sourceFile, b.data.lineNumber, b.data.sample, b.data.disposition),
        );
      }
    } else if ("csp-report" in record) {
      const b = legacyBody.safeParse(record["csp-report"]);
      const directive = b.success ? (b.data["effective-directive"] ?? b.data["violated-directive"]?.split(" ")[0]) : undefined;
      if (b.success && directive) {
        out.push(
          violation(
            directive,
            b.data["blocked-uri"],
            b.data["document-uri"],
            b.data["source-file"],
            b.data["line-number"],
            b.data["script-sample"],
            b.data.disposition,
          ),
        );
      }
    }
  }
  return out;
}

function violation(
  directive: string,
  blocked: string | undefined,
  document: string | undefined,
  sourceFile: string | undefined,
  lineNumber: number | undefined,
  sample: string | undefined,
  disposition: "enforce" | "report",
): CspViolationInput {
  return {
    directive,
    blockedUri: withoutQuery(blocked ?? ""),
    documentUri: withoutQuery(document ?? ""),
    sourceFile: sourceFile ? withoutQuery(sourceFile) : null,
    lineNumber: lineNumber ?? null,
    sample: sample || null,
    disposition,
  };
}

function withoutQuery(address: string): string {
  const cut = address.search(/[?#]/);
  return cut === -1 ? address : address.slice(0, cut);
}
