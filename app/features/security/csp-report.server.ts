import { sha256 } from "~/services/crypto.server";
import { db } from "~/services/db.server";

// Content-Security-Policy violations that browsers report (POST /csp-report). Anyone can post a
// report, so what is kept is bounded: one row per distinct violation with a count, text fields
// cut short, rows unseen for 30 days dropped, and no new kinds once MAX_DISTINCT are kept.

import type { CspViolationInput } from "~/features/security/csp-report-validation";

const KEEP_DAYS = 30;
const MAX_DISTINCT = 1_000;

/** Counts each violation: a new row for a new kind (while fewer than MAX_DISTINCT are kept), else +1. */
export async function recordCspViolations({
  violations,
  userAgent,
  now = new Date(),
}: {
  violations: CspViolationInput[];
  userAgent: string | null;
  now?: Date;
}) {
  if (!violations.length) return;
  const agent = userAgent ? userAgent.slice(0, 300) : null;
  await db().$transaction(async (tx) => {
    await tx.cspViolation.deleteMany({ where: { lastSeenAt: { lt: new Date(now.getTime() - KEEP_DAYS * 86_400_000) } } });
    let distinct = await tx.cspViolation.count();
    for (const v of violations) {
      const key = sha256([v.directive, v.blockedUri, v.documentUri, v.sourceFile ?? "", v.lineNumber ?? "", v.disposition].join("\u0000"));
      const seen = { count: { increment: 1 }, lastSeenAt: now, userAgent: agent };
      if (distinct >= MAX_DISTINCT) {
        await tx.cspViolation.updateMany({ where: { key }, data: seen });
        continue;
      }
      const row = await tx.cspViolation.upsert({
        where: { key },
        update: seen,
        create: { key, ...v, userAgent: agent, firstSeenAt: now, lastSeenAt: now },
        select: { count: true },
      });
      if (row.count === 1) distinct++;
    }
  });
}

/** The violations most recently seen first, for staff. */
export async function listCspViolations({ take = 200 }: { take?: number } = {}) {
  return db().cspViolation.findMany({
    orderBy: { lastSeenAt: "desc" },
    take,
    select: {
      id: true,
      directive: true,
      blockedUri: true,
      documentUri: true,
      sourceFile: true,
      lineNumber: true,
      sample: true,
      disposition: true,
      userAgent: true,
      count: true,
      firstSeenAt: true,
      lastSeenAt: true,
    },
  });
}
