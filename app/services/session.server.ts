import { db, sqlRead } from "./db.server";
import { signedCookie } from "./cookie.server";
import { keyedHash, randomToken } from "./crypto.server";
import { clientIp } from "./rate-limit.server";
import { column, statement } from "./sql/statement";

const SESSION_DAYS = 30;
const TOUCH_EVERY_MS = 5 * 60 * 1000;

function sessionCookie() {
  return signedCookie("__session", SESSION_DAYS * 24 * 3600);
}

export type CurrentUser = {
  id: string;
  email: string;
  displayName: string | null;
  /** The interface language they chose, if any (language.ts). */
  language: string | null;
  roles: string[];
  sessionId: string;
  memberships: { organisationId: string; name: string; kind: string; tlds: string[] }[];
};

const perRequest = new WeakMap<Request, Promise<CurrentUser | null>>();

/** The signed-in user of this request, or null. Looked up once per request. */
export function getCurrentUser(request: Request): Promise<CurrentUser | null> {
  let pending = perRequest.get(request);
  if (!pending) {
    pending = lookUp(request);
    perRequest.set(request, pending);
  }
  return pending;
}

/**
 * True when the request carries a genuine session cookie (signed by us) that signs nobody in any
 * more: the session expired or was ended. A forged cookie is not an ended session.
 */
export async function hasEndedSession(request: Request): Promise<boolean> {
  const header = request.headers.get("Cookie");
  if (!header || !header.includes("__session=")) return false;
  if (await getCurrentUser(request)) return false;
  return typeof (await sessionCookie().parse(header)) === "string";
}

async function lookUp(request: Request): Promise<CurrentUser | null> {
  const header = request.headers.get("Cookie");
  if (!header || !header.includes("__session=")) return null;
  // A forged or tampered cookie fails the signature check and parses as null.
  const token: unknown = await sessionCookie().parse(header);
  if (typeof token !== "string") return null;
  // One statement of the typed SQL layer instead of Prisma's five (session, user, roles,
  // memberships, TLDs): every signed-in request pays for this lookup.
  const tokenHash = keyedHash(token);
  const row = await sqlRead((sql) => sql.get(SESSION_BY_TOKEN, [tokenHash]));
  const now = new Date();
  if (!row || row.revokedAt || row.expiresAt <= now) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db().session.update({ where: { id: row.sessionId }, data: { lastSeenAt: now } });
  }
  return {
    id: row.userId,
    email: row.email,
    displayName: row.displayName,
    language: row.language,
    roles: row.roles,
    sessionId: row.sessionId,
    memberships: row.memberships.sort((a, b) => a.name.localeCompare(b.name)),
  };
}

// The roles (in alphabetical order) and memberships as JSON arrays built by the database ('[]'
// when there are none).
const SESSION_COLUMNS = `s."id" AS "sessionId", s."expiresAt", s."revokedAt", s."lastSeenAt",
      u."id" AS "userId", u."email", u."displayName", u."language"`;
const SESSION_FROM = `FROM "Session" s JOIN "User" u ON u."id" = s."userId"
    WHERE s."tokenHash" = ?`;
const SESSION_BY_TOKEN = statement<[tokenHash: string]>()(
  {
    sqlite: `
  SELECT ${SESSION_COLUMNS},
      (SELECT json_group_array(r."role") FROM (SELECT "role" FROM "UserRole" WHERE "userId" = u."id" ORDER BY "role") r) AS "roles",
      (SELECT json_group_array(json_object(
          'organisationId', o."id", 'name', o."name", 'kind', o."kind",
          'tlds', json((SELECT json_group_array(t."name") FROM (SELECT "name" FROM "Tld" WHERE "organisationId" = o."id" ORDER BY "name") t))))
        FROM "Membership" m JOIN "Organisation" o ON o."id" = m."organisationId"
        WHERE m."userId" = u."id" AND m."revokedAt" IS NULL) AS "memberships"
    ${SESSION_FROM}`,
    postgres: `
  SELECT ${SESSION_COLUMNS},
      (SELECT coalesce(json_agg(r."role" ORDER BY r."role"), '[]') FROM "UserRole" r WHERE r."userId" = u."id") AS "roles",
      (SELECT coalesce(json_agg(json_build_object(
          'organisationId', o."id", 'name', o."name", 'kind', o."kind",
          'tlds', (SELECT coalesce(json_agg(t."name" ORDER BY t."name"), '[]') FROM "Tld" t WHERE t."organisationId" = o."id"))), '[]')
        FROM "Membership" m JOIN "Organisation" o ON o."id" = m."organisationId"
        WHERE m."userId" = u."id" AND m."revokedAt" IS NULL) AS "memberships"
    ${SESSION_FROM}`,
  },
  {
    sessionId: column.text,
    expiresAt: column.date,
    revokedAt: column.nullable(column.date),
    lastSeenAt: column.date,
    userId: column.text,
    email: column.text,
    displayName: column.nullable(column.text),
    language: column.nullable(column.text),
    roles: column.json<string[]>(),
    memberships: column.json<CurrentUser["memberships"]>(),
  },
);

/** Starts a session for `userId`; returns the Set-Cookie header value that carries it. */
export async function startSession({ request, userId }: { request: Request; userId: string }): Promise<string> {
  const token = randomToken();
  await db().session.create({
    data: {
      tokenHash: keyedHash(token),
      userId,
      expiresAt: new Date(Date.now() + SESSION_DAYS * 24 * 3600 * 1000),
      userAgent: request.headers.get("User-Agent")?.slice(0, 300) ?? null,
      ip: clientIp(request),
    },
  });
  return sessionCookie().serialize(token);
}

/** Ends this request's session (the row is kept, marked revoked) and clears the cookie. */
export async function endCurrentSession(request: Request): Promise<string> {
  const user = await getCurrentUser(request);
  if (user) await db().session.update({ where: { id: user.sessionId }, data: { revokedAt: new Date() } });
  return sessionCookie().serialize("", { maxAge: 0 });
}

export async function listSessions(userId: string) {
  return db().session.findMany({
    where: { userId, revokedAt: null, expiresAt: { gt: new Date() } },
    orderBy: { lastSeenAt: "desc" },
    select: { id: true, createdAt: true, lastSeenAt: true, userAgent: true, ip: true },
  });
}

/** Ends one of the user's sessions; a session of another user is never touched. */
export async function revokeSession({ userId, sessionId }: { userId: string; sessionId: string }) {
  const { count } = await db().session.updateMany({
    where: { id: sessionId, userId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return count === 1;
}

export async function revokeOtherSessions({ userId, keepSessionId }: { userId: string; keepSessionId: string }) {
  const { count } = await db().session.updateMany({
    where: { userId, revokedAt: null, id: { not: keepSessionId } },
    data: { revokedAt: new Date() },
  });
  return count;
}
