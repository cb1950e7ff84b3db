import { createCookie } from "@remix-run/node";
import { db } from "./db.server";
import { env } from "./env.server";
import { keyedHash, randomToken } from "./crypto.server";
import { clientIp } from "./rate-limit.server";

const SESSION_DAYS = 30;
const TOUCH_EVERY_MS = 5 * 60 * 1000;

function sessionCookie() {
  return createCookie("__session", {
    httpOnly: true,
    sameSite: "lax",
    secure: env().APP_URL.startsWith("https:"),
    path: "/",
    maxAge: SESSION_DAYS * 24 * 3600,
    secrets: [env().SESSION_SECRET],
  });
}

export type CurrentUser = {
  id: string;
  email: string;
  displayName: string | null;
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

async function lookUp(request: Request): Promise<CurrentUser | null> {
  const header = request.headers.get("Cookie");
  if (!header || !header.includes("__session=")) return null;
  // A forged or tampered cookie fails the signature check and parses as null.
  const token: unknown = await sessionCookie().parse(header);
  if (typeof token !== "string") return null;
  const session = await db().session.findUnique({
    where: { tokenHash: keyedHash(token) },
    select: {
      id: true,
      expiresAt: true,
      revokedAt: true,
      lastSeenAt: true,
      user: {
        select: {
          id: true,
          email: true,
          displayName: true,
          roles: { select: { role: true } },
          memberships: {
            where: { revokedAt: null },
            select: {
              organisation: { select: { id: true, name: true, kind: true, tlds: { select: { name: true }, orderBy: { name: "asc" } } } },
            },
          },
        },
      },
    },
  });
  const now = new Date();
  if (!session || session.revokedAt || session.expiresAt <= now) return null;
  if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await db().session.update({ where: { id: session.id }, data: { lastSeenAt: now } });
  }
  const { user } = session;
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    roles: user.roles.map((r) => r.role),
    sessionId: session.id,
    memberships: user.memberships.map(({ organisation: o }) => ({
      organisationId: o.id,
      name: o.name,
      kind: o.kind,
      tlds: o.tlds.map((t) => t.name),
    })),
  };
}

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
