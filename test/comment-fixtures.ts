import { db } from "~/services/db.server";
import { createUser } from "./factories";

export const DAY = 86_400_000;

export const DEFAULT_HEADINGS = [
  { id: "overview", level: 2, text: "Overview" },
  { id: "timeline", level: 2, text: "Timeline" },
  { id: "rollback", level: 2, text: "Rollback" },
];

let counter = 0;

type ConsultationFixture = {
  number?: number;
  slug?: string;
  title?: string;
  createdById?: string;
  /** null for a draft. */
  publishedAt?: Date | null;
  opensAt?: Date | null;
  closesAt?: Date | null;
  withdrawnAt?: Date | null;
  concludedAt?: Date | null;
  headings?: { id: string; level: number; text: string }[];
};

/**
 * A consultation with one plan version, written directly through Prisma. By default it is open:
 * published a day before `opensAt`, which is 10 days ago, closing in 20 days.
 */
export async function createConsultation(options: ConsultationFixture = {}) {
  counter += 1;
  const now = Date.now();
  const number = options.number ?? 100 + counter;
  const createdById = options.createdById ?? (await createUser({ displayName: "IFM Staff", roles: ["ifm"] })).id;
  const opensAt = options.opensAt === undefined ? new Date(now - 10 * DAY) : options.opensAt;
  const closesAt = options.closesAt === undefined ? new Date(now + 20 * DAY) : options.closesAt;
  const publishedAt = options.publishedAt === undefined ? (opensAt ? new Date(opensAt.getTime() - DAY) : null) : options.publishedAt;
  const headings = options.headings ?? DEFAULT_HEADINGS;
  const bodyMd = headings.map((h) => `${"#".repeat(h.level)} ${h.text}\n\nText of ${h.text}.`).join("\n\n");

  const consultation = await db().consultation.create({
    data: {
      number,
      slug: options.slug ?? `test-consultation-${number}`,
      title: options.title ?? `Test consultation ${number}`,
      summary: "A plan for testing comments.",
      category: "dnssec",
      affected: "both",
      contactName: "IFM contact",
      contactEmail: "ifm@example.org",
      createdById,
      publishedAt,
      opensAt,
      closesAt,
      withdrawnAt: options.withdrawnAt ?? null,
      withdrawnReason: options.withdrawnAt ? "Withdrawn for testing." : null,
      concludedAt: options.concludedAt ?? null,
    },
  });
  const version = await db().planVersion.create({
    data: {
      consultationId: consultation.id,
      number: 1,
      bodyMd,
      bodyHtml: `<p>${bodyMd}</p>`,
      headingsJson: JSON.stringify(headings),
      contentHash: `hash-${number}-1`,
      createdById,
      publishedAt,
    },
  });
  return { consultation, version };
}

/** Adds a published plan version (the new current one). */
export async function addPlanVersion({
  consultationId,
  number,
  headings,
  publishedAt = new Date(),
}: {
  consultationId: string;
  number: number;
  headings: { id: string; level: number; text: string }[];
  publishedAt?: Date | null;
}) {
  const c = await db().consultation.findUniqueOrThrow({ where: { id: consultationId }, select: { createdById: true } });
  return db().planVersion.create({
    data: {
      consultationId,
      number,
      bodyMd: headings.map((h) => `## ${h.text}`).join("\n\n"),
      bodyHtml: "<p>plan</p>",
      headingsJson: JSON.stringify(headings),
      contentHash: `hash-${consultationId}-${number}`,
      createdById: c.createdById,
      publishedAt,
    },
  });
}
