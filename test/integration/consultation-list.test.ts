import { createHash } from "node:crypto";
import { db } from "~/services/db.server";
import * as listRoute from "~/routes/consultations._index";
import * as apiListRoute from "~/routes/api.v1.consultations";
import * as apiOneRoute from "~/routes/api.v1.consultations.$slug";
import { listConsultations, parseListFilters, statusWhere } from "~/features/consultations/list.server";
import { getPublicConsultationForApi } from "~/features/consultations/api.server";
import { consultationStatus, STATUSES } from "~/features/consultations/status";
import { call, createUser, makeRequest, sessionCookie } from "../factories";

// ------------------------------------------------------------------ fixtures (Prisma directly)

const T0 = new Date("2026-03-01T12:00:00.000Z");
const DAY = 24 * 3600 * 1000;
const at = (days: number, ms = 0) => new Date(T0.getTime() + days * DAY + ms);
const PUBLIC = { isStaff: false };
const STAFF = { isStaff: true };

let seq = 0;
let author: { id: string } | undefined;
beforeEach(() => {
  author = undefined; // the tables are emptied before each test
});

type Spec = {
  title?: string;
  summary?: string;
  plan?: string;
  category?: string;
  affected?: string;
  dugRequired?: boolean;
  publishedAt?: Date | null;
  opensAt?: Date | null;
  closesAt?: Date | null;
  concludedAt?: Date | null;
  withdrawnAt?: Date | null;
  createdAt?: Date;
};

/** A consultation; by default published on day -10 and open from day 0 to day 30. */
async function consultation(spec: Spec = {}) {
  author ??= await createUser({ displayName: "Hanna (IFM)" });
  seq += 1;
  const plan = spec.plan ?? "# Scope\n\nA plan.";
  const published = spec.publishedAt === undefined ? at(-10) : spec.publishedAt;
  return db().consultation.create({
    data: {
      number: seq,
      slug: `consultation-${seq}`,
      title: spec.title ?? `Consultation ${seq}`,
      summary: spec.summary ?? "A summary of the proposed change.",
      category: spec.category ?? "dnssec",
      affected: spec.affected ?? "both",
      dugRequired: spec.dugRequired ?? true,
      contactName: "Hanna Lindqvist",
      contactEmail: "hanna@ifm.example",
      createdById: author.id,
      createdAt: spec.createdAt ?? at(-20),
      publishedAt: published,
      opensAt: spec.opensAt === undefined ? (published ? at(0) : null) : spec.opensAt,
      closesAt: spec.closesAt === undefined ? (published ? at(30) : null) : spec.closesAt,
      concludedAt: spec.concludedAt ?? null,
      withdrawnAt: spec.withdrawnAt ?? null,
      withdrawnReason: spec.withdrawnAt ? "Superseded by a new plan." : null,
      versions: {
        create: {
          number: 1,
          bodyMd: plan,
          bodyHtml: "<p>plan</p>",
          contentHash: createHash("sha256").update(plan).digest("hex"),
          createdById: author.id,
          publishedAt: published,
          headingsJson: JSON.stringify([{ id: "plan-scope", level: 1, text: "Scope" }]),
          timelineJson: JSON.stringify([{ date: "2026-06-01", label: "New key published" }]),
        },
      },
    },
    select: { id: true, slug: true, number: true, versions: { select: { id: true } } },
  });
}

async function comment(c: Awaited<ReturnType<typeof consultation>>, body: string, extra: { hiddenAt?: Date; withdrawnAt?: Date } = {}) {
  const { commentSeq } = await db().consultation.update({
    where: { id: c.id },
    data: { commentSeq: { increment: 1 }, commentCount: { increment: extra.hiddenAt || extra.withdrawnAt ? 0 : 1 } },
    select: { commentSeq: true },
  });
  return db().comment.create({
    data: { consultationId: c.id, seq: commentSeq, authorId: author!.id, planVersionId: c.versions[0].id, bodyMd: body, bodyHtml: "", ...extra },
  });
}

const slugsOf = (list: { items: { slug: string }[] }) => list.items.map((i) => i.slug);

async function staffCookie() {
  const staff = await createUser({ roles: ["ifm"] });
  return sessionCookie(staff.id);
}

// ------------------------------------------------------------------ status in SQL

test("statusWhere selects exactly the consultations consultationStatus gives that status, at every boundary instant", async () => {
  const rows = [
    await consultation({ publishedAt: null }), // draft
    await consultation({ publishedAt: at(-10), opensAt: null, closesAt: null }), // published without a window: draft
    await consultation(), // opens at(0), closes at(30)
    await consultation({ opensAt: at(5), closesAt: at(35) }),
    await consultation({ opensAt: at(-40), closesAt: at(-5), concludedAt: at(-1) }),
    await consultation({ withdrawnAt: at(3) }),
    await consultation({ publishedAt: null, withdrawnAt: at(1) }), // withdrawn wins over draft, as in consultationStatus
    await consultation({ concludedAt: at(40), withdrawnAt: at(41) }),
  ];
  const all = await db().consultation.findMany({
    select: { id: true, publishedAt: true, opensAt: true, closesAt: true, withdrawnAt: true, concludedAt: true },
  });
  expect(all).toHaveLength(rows.length);
  const instants = [at(-1), at(0, -1), at(0), at(0, 1), at(5, -1), at(5), at(30, -1), at(30), at(30, 1), at(35, -1), at(35), at(100)];
  for (const now of instants) {
    for (const status of STATUSES) {
      const expected = all
        .filter((c) => consultationStatus(c, now) === status)
        .map((c) => c.id)
        .sort();
      const found = (await db().consultation.findMany({ where: statusWhere(status, now), select: { id: true } })).map((c) => c.id).sort();
      expect(found, `${status} at ${now.toISOString()}`).toEqual(expected);
    }
  }
});

test("the status filter follows the half-open comment period: open at the opening instant, closed at the closing instant", async () => {
  const c = await consultation(); // [at(0), at(30))
  const list = (status: (typeof STATUSES)[number], now: Date) => listConsultations({ status, viewer: PUBLIC, now }).then(slugsOf);
  expect(await list("upcoming", at(0, -1))).toEqual([c.slug]);
  expect(await list("open", at(0, -1))).toEqual([]);
  expect(await list("open", at(0))).toEqual([c.slug]);
  expect(await list("upcoming", at(0))).toEqual([]);
  expect(await list("open", at(30, -1))).toEqual([c.slug]);
  expect(await list("open", at(30))).toEqual([]);
  expect(await list("closed", at(30))).toEqual([c.slug]);
  const [item] = (await listConsultations({ viewer: PUBLIC, now: at(30) })).items;
  expect(item.status).toBe("closed");
});

test("concluded and withdrawn consultations are filtered by their own status", async () => {
  const concluded = await consultation({ opensAt: at(-60), closesAt: at(-30), concludedAt: at(-2) });
  const withdrawn = await consultation({ withdrawnAt: at(-1) });
  await consultation();
  expect(slugsOf(await listConsultations({ status: "concluded", viewer: PUBLIC, now: T0 }))).toEqual([concluded.slug]);
  expect(slugsOf(await listConsultations({ status: "withdrawn", viewer: PUBLIC, now: T0 }))).toEqual([withdrawn.slug]);
});

// ------------------------------------------------------------------ who sees drafts

test("drafts are listed for IFM staff only, never for the public", async () => {
  const draft = await consultation({ publishedAt: null, title: "Secret draft about anycast" });
  const open = await consultation();
  expect(slugsOf(await listConsultations({ viewer: PUBLIC, now: T0 }))).toEqual([open.slug]);
  expect(slugsOf(await listConsultations({ status: "draft", viewer: PUBLIC, now: T0 }))).toEqual([]);
  expect(slugsOf(await listConsultations({ q: "anycast", viewer: PUBLIC, now: T0 }))).toEqual([]);
  expect(slugsOf(await listConsultations({ viewer: STAFF, now: T0 }))).toEqual([open.slug, draft.slug]);
  expect(slugsOf(await listConsultations({ status: "draft", viewer: STAFF, now: T0 }))).toEqual([draft.slug]);
  expect(slugsOf(await listConsultations({ q: "anycast", viewer: STAFF, now: T0 }))).toEqual([draft.slug]);
});

test("the list page shows drafts to a signed-in IFM member and not to a visitor or an ordinary user", async () => {
  const draft = await consultation({ publishedAt: null });
  await consultation();
  const anonymous = await call(listRoute.loader, makeRequest("/consultations"));
  expect(anonymous.status).toBe(200);
  expect(anonymous.data.items.map((i: { slug: string }) => i.slug)).not.toContain(draft.slug);
  expect(anonymous.data.isStaff).toBe(false);

  const user = await createUser();
  const ordinary = await call(listRoute.loader, makeRequest("/consultations", { cookie: await sessionCookie(user.id) }));
  expect(ordinary.data.total).toBe(1);

  const staff = await call(listRoute.loader, makeRequest("/consultations", { cookie: await staffCookie() }));
  expect(staff.data.items.map((i: { slug: string }) => i.slug)).toContain(draft.slug);
  expect(staff.data.total).toBe(2);
});

test("the API never lists or shows a draft, even to IFM staff", async () => {
  const draft = await consultation({ publishedAt: null });
  const cookie = await staffCookie();
  const list = await call(apiListRoute.loader, makeRequest("/api/v1/consultations?status=draft", { cookie }));
  expect(list.data).toEqual({ consultations: [], page: 1, pageCount: 1, total: 0 });
  const one = await call(apiOneRoute.loader, makeRequest(`/api/v1/consultations/${draft.slug}`, { cookie }), { slug: draft.slug });
  expect(one.status).toBe(404);
  expect(one.data).toEqual({ error: "not found" });
});

// ------------------------------------------------------------------ other filters and order

test("category and affected filters narrow the list and combine", async () => {
  const a = await consultation({ category: "rdap", affected: "gtld" });
  const b = await consultation({ category: "rdap", affected: "cctld" });
  const c = await consultation({ category: "dnssec", affected: "gtld" });
  expect(slugsOf(await listConsultations({ category: "rdap", viewer: PUBLIC, now: T0 })).sort()).toEqual([a.slug, b.slug].sort());
  expect(slugsOf(await listConsultations({ affected: "gtld", viewer: PUBLIC, now: T0 })).sort()).toEqual([a.slug, c.slug].sort());
  expect(slugsOf(await listConsultations({ category: "rdap", affected: "gtld", viewer: PUBLIC, now: T0 }))).toEqual([a.slug]);
  const page = await call(listRoute.loader, makeRequest("/consultations?category=rdap&affected=cctld"));
  expect(page.data.items.map((i: { slug: string }) => i.slug)).toEqual([b.slug]);
  expect(page.data.filters).toEqual({ status: "", category: "rdap", affected: "cctld", q: "" });
});

test("open consultations come first (closing soonest first), then upcoming ones, then the rest newest first, then drafts for staff", async () => {
  const openLate = await consultation({ opensAt: at(-5), closesAt: at(40) });
  const openSoon = await consultation({ opensAt: at(-5), closesAt: at(10) });
  const upcomingLate = await consultation({ opensAt: at(20), closesAt: at(60) });
  const upcomingSoon = await consultation({ opensAt: at(2), closesAt: at(40) });
  const closedOld = await consultation({ publishedAt: at(-100), opensAt: at(-90), closesAt: at(-60) });
  const concludedNew = await consultation({ publishedAt: at(-50), opensAt: at(-45), closesAt: at(-10), concludedAt: at(-1) });
  const withdrawnMid = await consultation({ publishedAt: at(-70), withdrawnAt: at(-3) });
  const draft = await consultation({ publishedAt: null });
  expect(slugsOf(await listConsultations({ viewer: STAFF, now: T0 }))).toEqual(
    [openSoon, openLate, upcomingSoon, upcomingLate, concludedNew, withdrawnMid, closedOld, draft].map((c) => c.slug),
  );
});

test("pages run across the groups without gaps or repeats, and a page past the end shows the last page", async () => {
  const made = [];
  for (let i = 0; i < 3; i++) made.push(await consultation({ opensAt: at(-5), closesAt: at(10 + i) })); // open
  for (let i = 0; i < 2; i++) made.push(await consultation({ opensAt: at(5 + i), closesAt: at(50) })); // upcoming
  for (let i = 0; i < 2; i++) made.push(await consultation({ publishedAt: at(-100 + i), opensAt: at(-90), closesAt: at(-60) })); // closed
  const expected = [made[0], made[1], made[2], made[3], made[4], made[6], made[5]].map((c) => c.slug);
  const pages = [];
  for (const page of [1, 2, 3, 4]) {
    const list = await listConsultations({ page, pageSize: 2, viewer: PUBLIC, now: T0 });
    expect(list).toMatchObject({ total: 7, pageCount: 4, page });
    pages.push(...slugsOf(list));
  }
  expect(pages).toEqual(expected);
  expect(await listConsultations({ page: 99, pageSize: 2, viewer: PUBLIC, now: T0 })).toMatchObject({ page: 4, items: [{ slug: expected[6] }] });

  // The page's loader keeps the filters beside the page numbers (the pagination links keep them).
  const route = await call(listRoute.loader, makeRequest("/consultations?category=dnssec&page=2"));
  expect(route.data).toMatchObject({ total: 7, pageCount: 1, page: 1, filters: { category: "dnssec" } });
});

test("list rows carry what the page shows: number, title, status, dates, comment count, category and affected", async () => {
  const c = await consultation({ title: "Root zone KSK rollover", category: "dnssec", affected: "both" });
  await comment(c, "First.");
  await comment(c, "Hidden.", { hiddenAt: at(1) });
  const res = await call(listRoute.loader, makeRequest("/consultations"));
  expect(res.data.items).toEqual([
    {
      number: c.number,
      slug: c.slug,
      title: "Root zone KSK rollover",
      summary: "A summary of the proposed change.",
      category: "dnssec",
      affected: "both",
      status: expect.any(String),
      dugRequired: true,
      publishedAt: at(-10),
      opensAt: at(0),
      closesAt: at(30),
      concludedAt: null,
      commentCount: 1,
    },
  ]);
});

// ------------------------------------------------------------------ invalid input

test("invalid filter values are ignored, never an error", async () => {
  await consultation();
  await consultation({ category: "rdap" });
  expect(parseListFilters(new URLSearchParams("status=bogus&category=%3Cscript%3E&affected=everyone&page=abc&q=%20%20"))).toEqual({
    status: undefined,
    category: undefined,
    affected: undefined,
    q: undefined,
    page: 1,
  });
  for (const query of [
    "status=bogus",
    "category=<script>",
    "affected[]=x",
    "page=-3",
    "page=1e9",
    "page=2.5",
    "status=open&status=closed",
    `q=${"x".repeat(10_000)}`,
  ]) {
    const page = await call(listRoute.loader, makeRequest(`/consultations?${query}`));
    expect(page.status, query).toBe(200);
    const api = await call(apiListRoute.loader, makeRequest(`/api/v1/consultations?${query}`));
    expect(api.status, query).toBe(200);
  }
  const ignored = await call(listRoute.loader, makeRequest("/consultations?status=bogus&category=nope&page=zzz"));
  expect(ignored.data).toMatchObject({ total: 2, page: 1, filters: { status: "", category: "", affected: "", q: "" } });
  expect(parseListFilters(new URLSearchParams({ q: "y".repeat(10_000) })).q).toHaveLength(200);
});

// ------------------------------------------------------------------ search through the list

test("search finds a consultation by a word in its plan and shows a highlighted, escaped snippet", async () => {
  const ksk = await consultation({ title: "Key rollover", plan: "The new KSK uses <ECDSA> algorithm 13 & P-256." });
  await consultation({ title: "RDAP move", plan: "Moving the RDAP bootstrap files." });
  const res = await call(listRoute.loader, makeRequest("/consultations?q=ecdsa"));
  expect(res.data).toMatchObject({ total: 1, filters: { q: "ecdsa" } });
  const [item] = res.data.items;
  expect(item.slug).toBe(ksk.slug);
  expect(item.snippet).toContain("&lt;<mark>ECDSA</mark>&gt;");
  expect(item.snippet).toContain("&amp;");
  expect(item.matchedInComment).toBe(false);
});

test("search finds a consultation by a word only in one of its comments, but not in a hidden or withdrawn one", async () => {
  const a = await consultation({ title: "Glue requirements" });
  const b = await consultation({ title: "Zone signing" });
  await comment(a, "Have you considered the impact on lame delegations?");
  await comment(b, "Secretword in a hidden comment.", { hiddenAt: at(1) });
  await comment(b, "Otherword in a withdrawn comment.", { withdrawnAt: at(1) });
  const found = await listConsultations({ q: "lame delegation", viewer: PUBLIC, now: T0 });
  expect(found.items).toMatchObject([{ slug: a.slug, matchedInComment: true }]);
  expect(found.items[0].snippet).toContain("<mark>lame</mark> <mark>delegations</mark>");
  expect((await listConsultations({ q: "secretword", viewer: PUBLIC, now: T0 })).total).toBe(0);
  expect((await listConsultations({ q: "otherword", viewer: PUBLIC, now: T0 })).total).toBe(0);
});

test("search results are ranked, filtered and paginated", async () => {
  const direct = [];
  for (let i = 0; i < 3; i++) direct.push(await consultation({ title: `Anycast plan ${i}`, category: i === 2 ? "rdap" : "dnssec" }));
  const viaComment = await consultation({ title: "Unrelated" });
  await comment(viaComment, "What about anycast?");
  const all = await listConsultations({ q: "anycast", viewer: PUBLIC, now: T0, pageSize: 2 });
  expect(all).toMatchObject({ total: 4, pageCount: 2, page: 1 });
  const page2 = await listConsultations({ q: "anycast", viewer: PUBLIC, now: T0, pageSize: 2, page: 2 });
  expect(slugsOf(page2).at(-1)).toBe(viaComment.slug);
  expect(new Set([...slugsOf(all), ...slugsOf(page2)]).size).toBe(4);
  expect(slugsOf(await listConsultations({ q: "anycast", category: "rdap", viewer: PUBLIC, now: T0 }))).toEqual([direct[2].slug]);
});

test("hostile search input never fails, on the page or in the API", async () => {
  await consultation({ title: "Robust search" });
  for (const q of ['"', "*", "NEAR(", ") OR 1=1 --", "'; DROP TABLE Consultation; --", "\u0000", "🙂", "x".repeat(10_240)]) {
    const page = await call(listRoute.loader, makeRequest(`/consultations?${new URLSearchParams({ q })}`));
    expect(page.status, q.slice(0, 10)).toBe(200);
    const api = await call(apiListRoute.loader, makeRequest(`/api/v1/consultations?${new URLSearchParams({ q })}`));
    expect(api.status, q.slice(0, 10)).toBe(200);
    expect(api.data.consultations).toBeInstanceOf(Array);
  }
  expect(await db().consultation.count()).toBe(1);
});

test("a search that finds nothing returns an empty page, with counts the page can show", async () => {
  await consultation();
  const res = await call(listRoute.loader, makeRequest("/consultations?q=nothingmatchesthis"));
  expect(res.data).toMatchObject({ items: [], total: 0, pageCount: 1, page: 1 });
});

// ------------------------------------------------------------------ the JSON API

test("GET /api/v1/consultations returns the public list with absolute URLs, caching and CORS headers", async () => {
  const c = await consultation({ title: "RDAP service move", category: "rdap", affected: "gtld" });
  await consultation({ publishedAt: null });
  const res = await call(apiListRoute.loader, makeRequest("/api/v1/consultations?category=rdap"));
  expect(res.status).toBe(200);
  expect(res.headers.get("Cache-Control")).toBe("public, max-age=60");
  expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
  expect(res.headers.get("Content-Type")).toMatch(/application\/json/);
  expect(res.data).toEqual({
    consultations: [
      {
        number: c.number,
        slug: c.slug,
        title: "RDAP service move",
        status: expect.stringMatching(/^(open|closed)$/),
        category: "rdap",
        affected: "gtld",
        dugRequired: true,
        publishedAt: at(-10).toISOString(),
        opensAt: at(0).toISOString(),
        closesAt: at(30).toISOString(),
        concludedAt: null,
        commentCount: 0,
        url: `http://localhost:3000/consultations/${c.slug}`,
      },
    ],
    page: 1,
    pageCount: 1,
    total: 1,
  });
});

test("the API list filters by status and paginates like the page", async () => {
  for (let i = 0; i < 22; i++) await consultation({ opensAt: at(-100), closesAt: at(-50) }); // closed
  await consultation({ opensAt: at(-1), closesAt: new Date(Date.now() + 365 * DAY) }); // open now
  const closed = await call(apiListRoute.loader, makeRequest("/api/v1/consultations?status=closed&page=2"));
  expect(closed.data).toMatchObject({ page: 2, pageCount: 2, total: 22 });
  expect(closed.data.consultations).toHaveLength(2);
  const open = await call(apiListRoute.loader, makeRequest("/api/v1/consultations?status=open"));
  expect(open.data.total).toBe(1);
});

test("GET /api/v1/consultations/:slug returns one published consultation with versions, plan, timeline and extensions", async () => {
  const c = await consultation({ title: "KSK rollover", plan: "# Scope\n\nVersion one.", dugRequired: false });
  await db().planVersion.create({
    data: {
      consultationId: c.id,
      number: 2,
      bodyMd: "# Scope\n\nVersion two.",
      bodyHtml: "<h1>Scope</h1>",
      contentHash: "hash-2",
      changeSummary: "Clarified the scope.",
      createdById: author!.id,
      publishedAt: at(5),
      headingsJson: JSON.stringify([{ id: "plan-scope", level: 1, text: "Scope" }]),
      timelineJson: JSON.stringify([{ date: "2026-07-01", label: "Rollover" }]),
    },
  });
  await db().closingExtension.create({
    data: { consultationId: c.id, previousClosesAt: at(30), newClosesAt: at(45), reason: "Requested by the DUG.", createdById: author!.id, createdAt: at(20) },
  });
  await db().consultation.update({ where: { id: c.id }, data: { closesAt: at(45) } });

  const res = await call(apiOneRoute.loader, makeRequest(`/api/v1/consultations/${c.slug}`), { slug: c.slug });
  expect(res.status).toBe(200);
  expect(res.headers.get("Cache-Control")).toBe("public, max-age=60");
  expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
  const url = `http://localhost:3000/consultations/${c.slug}`;
  expect(res.data).toMatchObject({
    number: c.number,
    slug: c.slug,
    title: "KSK rollover",
    summary: "A summary of the proposed change.",
    category: "dnssec",
    affected: "both",
    basis: "technical",
    dugRequired: false,
    contactName: "Hanna Lindqvist",
    closesAt: at(45).toISOString(),
    withdrawnReason: null,
    url,
    versions: [
      { number: 1, publishedAt: at(-10).toISOString(), changeSummary: null, contentHash: expect.any(String), url: `${url}?version=1` },
      { number: 2, publishedAt: at(5).toISOString(), changeSummary: "Clarified the scope.", contentHash: "hash-2", url: `${url}?version=2` },
    ],
    plan: { version: 2, markdown: "# Scope\n\nVersion two.", headings: [{ id: "plan-scope", level: 1, text: "Scope" }] },
    timeline: [{ date: "2026-07-01", label: "Rollover" }],
    extensions: [{ previousClosesAt: at(30).toISOString(), newClosesAt: at(45).toISOString(), reason: "Requested by the DUG.", at: at(20).toISOString() }],
    commentsUrl: `${url}/comments.json`,
  });
  expect(res.data).not.toHaveProperty("contactEmail");
});

test("the API shows a withdrawn consultation with its reason, and only published plan versions", async () => {
  const c = await consultation({ withdrawnAt: at(3) });
  await db().planVersion.create({
    data: { consultationId: c.id, number: 2, bodyMd: "Unpublished text.", bodyHtml: "", contentHash: "x", createdById: author!.id, publishedAt: null },
  });
  const data = await getPublicConsultationForApi({ slug: c.slug, now: T0 });
  expect(data).toMatchObject({ status: "withdrawn", withdrawnReason: "Superseded by a new plan.", plan: { version: 1 } });
  expect(data!.versions.map((v) => v.number)).toEqual([1]);
});

test("the API answers 404 JSON for an unknown slug and for a draft", async () => {
  const draft = await consultation({ publishedAt: null });
  for (const slug of ["no-such-consultation", draft.slug, "../admin", "%00"]) {
    const res = await call(apiOneRoute.loader, makeRequest(`/api/v1/consultations/${encodeURIComponent(slug)}`), { slug });
    expect(res.status, slug).toBe(404);
    expect(res.data).toEqual({ error: "not found" });
    expect(res.headers.get("Access-Control-Allow-Origin")).toBe("*");
  }
  expect(await getPublicConsultationForApi({ slug: draft.slug, now: T0 })).toBeNull();
});
