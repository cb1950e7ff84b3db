import { db } from "~/services/db.server";
import { recordAudit } from "~/models/audit.server";
import { denied, refused, type Refused } from "~/models/refusal.server";
import type { Actor } from "~/models/permissions";
import type { OrganisationKind } from "./organisation-kinds";
import { translate } from "~/i18n/catalogue.server";
import { DEFAULT_LOCALE, type Locale } from "~/services/language";

/** What the list and the page of an organisation show of it. */
const organisationSelect = {
  id: true,
  name: true,
  kind: true,
  website: true,
  tlds: { select: { name: true }, orderBy: { name: "asc" } },
} as const;

export async function listOrganisations() {
  return db().organisation.findMany({
    orderBy: { name: "asc" },
    select: {
      ...organisationSelect,
      _count: { select: { memberships: { where: { revokedAt: null } } } },
    },
  });
}

export async function getOrganisation(id: string) {
  return db().organisation.findUnique({
    where: { id },
    select: {
      ...organisationSelect,
      memberships: {
        orderBy: { verifiedAt: "desc" },
        select: { id: true, title: true, verifiedAt: true, revokedAt: true, user: { select: { id: true, email: true, displayName: true } } },
      },
    },
  });
}

/** As organisationSchema gave it: the TLDs normalised and without repeats. */
type OrganisationInput = { name: string; kind: OrganisationKind; website?: string | null; tlds: string[] };
export type OrganisationResult = { ok: true; id: string } | Refused;

// Refusals are worded in `locale`, the language of the staff page the form was sent from.

async function tldConflict(locale: Locale, tlds: string[], exceptOrganisationId?: string): Promise<string | null> {
  const taken = await db().tld.findMany({
    where: { name: { in: tlds }, ...(exceptOrganisationId ? { organisationId: { not: exceptOrganisationId } } : {}) },
    select: { name: true, organisation: { select: { name: true } } },
  });
  return taken.length ? translate(locale, "admin.refusal.tldTaken", { tld: taken[0].name, organisation: taken[0].organisation.name }) : null;
}

export async function createOrganisation({
  actor,
  input,
  locale = DEFAULT_LOCALE,
}: {
  actor: Actor;
  input: OrganisationInput;
  locale?: Locale;
}): Promise<OrganisationResult> {
  const notAllowed = denied(actor, "organisation.manage", undefined, locale);
  if (notAllowed) return notAllowed;
  if (await db().organisation.findUnique({ where: { name: input.name }, select: { id: true } })) {
    return refused(409, translate(locale, "admin.refusal.nameTaken"), "name");
  }
  const conflict = await tldConflict(locale, input.tlds);
  if (conflict) return refused(409, conflict, "tlds");
  const org = await db().$transaction(async (tx) => {
    const created = await tx.organisation.create({
      data: { name: input.name, kind: input.kind, website: input.website ?? null, tlds: { create: input.tlds.map((name) => ({ name })) } },
      select: { id: true },
    });
    await recordAudit(tx, { actorId: actor.id, action: "organisation.create", subjectType: "organisation", subjectId: created.id, data: { ...input } });
    return created;
  });
  return { ok: true, id: org.id };
}

export async function updateOrganisation({
  actor,
  id,
  input,
  locale = DEFAULT_LOCALE,
}: {
  actor: Actor;
  id: string;
  input: OrganisationInput;
  locale?: Locale;
}): Promise<OrganisationResult> {
  const notAllowed = denied(actor, "organisation.manage", undefined, locale);
  if (notAllowed) return notAllowed;
  const clash = await db().organisation.findFirst({ where: { name: input.name, id: { not: id } }, select: { id: true } });
  if (clash) return refused(409, translate(locale, "admin.refusal.nameTaken"), "name");
  const conflict = await tldConflict(locale, input.tlds, id);
  if (conflict) return refused(409, conflict, "tlds");
  return db().$transaction(async (tx) => {
    const before = await tx.organisation.findUnique({ where: { id }, select: { name: true, kind: true, website: true, tlds: { select: { name: true } } } });
    if (!before) return refused(404, translate(locale, "admin.refusal.organisationGone"));
    await tx.tld.deleteMany({ where: { organisationId: id } });
    await tx.organisation.update({
      where: { id },
      data: { name: input.name, kind: input.kind, website: input.website ?? null, tlds: { create: input.tlds.map((name) => ({ name })) } },
    });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "organisation.update",
      subjectType: "organisation",
      subjectId: id,
      data: { before: { ...before, tlds: before.tlds.map((t) => t.name) }, after: input },
    });
    return { ok: true, id } as const;
  });
}

/** Records that an admin verified `userId` as a representative of the organisation. */
export async function verifyRepresentative({
  actor,
  userId,
  organisationId,
  title,
  locale = DEFAULT_LOCALE,
}: {
  actor: Actor;
  userId: string;
  organisationId: string;
  title?: string | null;
  locale?: Locale;
}): Promise<{ ok: true } | Refused> {
  const notAllowed = denied(actor, "organisation.verify", undefined, locale);
  if (notAllowed) return notAllowed;
  const actorId = actor.id;
  return db().$transaction(async (tx) => {
    // One after the other: a transaction is one connection, which runs one query at a time.
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true } });
    const org = await tx.organisation.findUnique({ where: { id: organisationId }, select: { id: true } });
    if (!user || !org) return refused(400, translate(locale, "admin.refusal.userOrOrganisationGone"), "organisationId");
    await tx.membership.upsert({
      where: { userId_organisationId: { userId, organisationId } },
      create: { userId, organisationId, title: title ?? null, verifiedById: actorId },
      update: { title: title ?? null, verifiedById: actorId, verifiedAt: new Date(), revokedAt: null },
    });
    await recordAudit(tx, { actorId, action: "membership.verify", subjectType: "user", subjectId: userId, data: { organisationId, title } });
    return { ok: true } as const;
  });
}

/** Ends a verified representation; `changed` is false when there was none to end. */
export async function revokeRepresentative({ actor, membershipId }: { actor: Actor; membershipId: string }): Promise<{ ok: true; changed: boolean } | Refused> {
  const notAllowed = denied(actor, "organisation.verify");
  if (notAllowed) return notAllowed;
  return db().$transaction(async (tx) => {
    const membership = await tx.membership.findUnique({ where: { id: membershipId }, select: { userId: true, organisationId: true, revokedAt: true } });
    if (!membership || membership.revokedAt) return { ok: true as const, changed: false };
    await tx.membership.update({ where: { id: membershipId }, data: { revokedAt: new Date() } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "membership.revoke",
      subjectType: "user",
      subjectId: membership.userId,
      data: { organisationId: membership.organisationId },
    });
    return { ok: true as const, changed: true };
  });
}
