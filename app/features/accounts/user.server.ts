import { containsIgnoringCase, db } from "~/services/db.server";
import { recordAudit } from "~/models/audit.server";
import { denied, refused, type Refused } from "~/models/refusal.server";
import type { Actor } from "~/models/permissions";
import type { Role } from "~/models/roles";
import { pageCountOf, pageWindow } from "~/models/paging";
import { translate } from "~/i18n/catalogue.server";
import { DEFAULT_LOCALE, type Locale } from "~/services/language";

export const USER_PAGE_SIZE = 50;

export async function listUsers({ q, role, page = 1 }: { q?: string; role?: Role; page?: number }) {
  const where = {
    ...(q ? { OR: [{ email: { contains: q.toLowerCase() } }, { displayName: containsIgnoringCase(q) }] } : {}),
    ...(role ? { roles: { some: { role } } } : {}),
  };
  const [users, total] = await Promise.all([
    db().user.findMany({
      where,
      orderBy: { email: "asc" },
      ...pageWindow(page, USER_PAGE_SIZE),
      select: {
        id: true,
        email: true,
        displayName: true,
        createdAt: true,
        roles: { select: { role: true } },
        memberships: { where: { revokedAt: null }, select: { organisation: { select: { name: true } } } },
      },
    }),
    db().user.count({ where }),
  ]);
  return { users, total, pageCount: pageCountOf(total, USER_PAGE_SIZE) };
}

export async function getUserForAdmin(id: string) {
  return db().user.findUnique({
    where: { id },
    select: {
      id: true,
      email: true,
      displayName: true,
      createdAt: true,
      lastSeenAt: true,
      roles: { select: { role: true, grantedAt: true, grantedBy: { select: { email: true } } } },
      memberships: {
        orderBy: { verifiedAt: "desc" },
        select: {
          id: true,
          title: true,
          verifiedAt: true,
          revokedAt: true,
          organisation: { select: { id: true, name: true, kind: true } },
          verifiedBy: { select: { email: true } },
        },
      },
    },
  });
}

export type RoleChangeResult = { ok: true; changed: boolean } | Refused;

/** `locale`: the language of the staff page the change was asked from, for its refusals. */
type RoleChange = { actor: Actor; userId: string; role: Role; locale?: Locale };

export async function grantRole({ actor, userId, role, locale = DEFAULT_LOCALE }: RoleChange): Promise<RoleChangeResult> {
  const notAllowed = denied(actor, "roles.grant", undefined, locale);
  if (notAllowed) return notAllowed;
  const actorId = actor.id;
  return db().$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true } });
    if (!user) return refused(404, translate(locale, "admin.refusal.userGone"));
    const existing = await tx.userRole.findUnique({ where: { userId_role: { userId, role } } });
    if (existing) return { ok: true, changed: false };
    await tx.userRole.create({ data: { userId, role, grantedById: actorId } });
    await recordAudit(tx, { actorId, action: "role.grant", subjectType: "user", subjectId: userId, data: { role } });
    return { ok: true, changed: true };
  });
}

export async function revokeRole({ actor, userId, role, locale = DEFAULT_LOCALE }: RoleChange): Promise<RoleChangeResult> {
  const notAllowed = denied(actor, "roles.revoke", undefined, locale);
  if (notAllowed) return notAllowed;
  const actorId = actor.id;
  return db().$transaction(async (tx) => {
    if (role === "admin") {
      // Never lock everyone out: the last administrator keeps the role.
      const admins = await tx.userRole.count({ where: { role: "admin" } });
      const isAdmin = await tx.userRole.findUnique({ where: { userId_role: { userId, role } } });
      if (isAdmin && admins <= 1) return refused(409, translate(locale, "admin.refusal.lastAdmin"));
    }
    const { count } = await tx.userRole.deleteMany({ where: { userId, role } });
    if (count === 0) return { ok: true, changed: false };
    await recordAudit(tx, { actorId, action: "role.revoke", subjectType: "user", subjectId: userId, data: { role } });
    return { ok: true, changed: true };
  });
}
