import { createHash } from "node:crypto";
import { db } from "~/services/db.server";
import { DEMO_ACCOUNTS, seedDemoData } from "../../prisma/seed";

// The demo data is what a new installation shows first and what the end-to-end tests walk
// through, so its invariants are the product's invariants.
const now = new Date();
const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

beforeEach(async () => {
  await seedDemoData(db(), now);
});

async function consultationBySlugPart(part: string) {
  return db().consultation.findFirstOrThrow({
    where: { slug: { contains: part } },
    include: { versions: { orderBy: { number: "asc" } }, dugReviews: { include: { positions: true, advice: true } }, extensions: true },
  });
}

test("the DUG has eight seated voting members with one chair, two liaisons and a past member without a role", async () => {
  const seats = await db().dugSeat.findMany({ include: { user: { include: { roles: true } } } });
  const current = seats.filter((s) => !s.endedAt);
  const voting = current.filter((s) => s.seat === "voting");
  const liaisons = current.filter((s) => s.seat === "liaison");
  expect(voting).toHaveLength(8);
  expect(voting.every((s) => s.organisationId && s.termStart < now && s.termEnd! > now)).toBe(true);
  expect(voting.filter((s) => s.isChair)).toHaveLength(1);
  expect(liaisons).toHaveLength(2);
  expect(liaisons.every((s) => s.liaisonFrom && !s.organisationId)).toBe(true);

  for (const s of voting) expect(s.user.roles.map((r) => r.role)).toContain("dug_member");
  const chair = voting.find((s) => s.isChair)!;
  expect(chair.user.roles.map((r) => r.role)).toContain("dug_chair");
  for (const s of liaisons) expect(s.user.roles.map((r) => r.role)).toEqual(["dug_liaison"]);

  const past = seats.filter((s) => s.endedAt);
  expect(past).toHaveLength(1);
  expect(past[0].endedAt! < now).toBe(true);
  expect(past[0].user.roles).toHaveLength(0);

  expect(await db().userRole.count({ where: { role: "dug_member" } })).toBe(8);
  expect(await db().userRole.count({ where: { role: "dug_chair" } })).toBe(1);
  expect(await db().userRole.count({ where: { role: "ifm" } })).toBe(2);
  expect(await db().userRole.count({ where: { role: "admin" } })).toBe(1);
});

test("six organisations, three ccTLD and three gTLD, each with TLDs and one or two verified representatives", async () => {
  const orgs = await db().organisation.findMany({ include: { tlds: true, memberships: true } });
  expect(orgs).toHaveLength(6);
  expect(orgs.filter((o) => o.kind === "cctld")).toHaveLength(3);
  expect(orgs.filter((o) => o.kind === "gtld")).toHaveLength(3);
  const admin = await db().user.findUniqueOrThrow({ where: { email: "admin@consultations.example" } });
  for (const o of orgs) {
    expect(o.tlds.length).toBeGreaterThanOrEqual(1);
    expect(o.tlds.length).toBeLessThanOrEqual(3);
    for (const t of o.tlds) expect(t.name).toMatch(/^[a-z]+$/);
    expect(o.memberships.length).toBeGreaterThanOrEqual(1);
    expect(o.memberships.length).toBeLessThanOrEqual(2);
    for (const m of o.memberships) expect(m.verifiedById).toBe(admin.id);
  }
  const dugReps = await db().membership.count({ where: { user: { roles: { some: { role: "dug_member" } } } } });
  expect(dugReps).toBeGreaterThanOrEqual(3);
});

test("every demo account exists with its display name, roles and organisation; the public hold nothing", async () => {
  const users = await db().user.findMany({ include: { roles: true, memberships: { include: { organisation: true } } } });
  expect(users).toHaveLength(DEMO_ACCOUNTS.length);
  for (const account of DEMO_ACCOUNTS) {
    const user = users.find((u) => u.email === account.email)!;
    expect(user, account.email).toBeDefined();
    expect(user.displayName).toBe(account.name);
    expect(user.roles.map((r) => r.role).sort()).toEqual([...account.roles].sort());
    expect(user.memberships[0]?.organisation.name).toBe(account.organisation);
    expect(account.email).toMatch(/\.example$/);
  }
  const publicUsers = users.filter((u) => u.roles.length === 0 && u.memberships.length === 0);
  expect(publicUsers.length).toBeGreaterThanOrEqual(4);
  const grants = await db().auditEvent.count({ where: { action: "role.grant", isPublic: false } });
  expect(grants).toBeGreaterThanOrEqual(await db().userRole.count());
  expect(await db().auditEvent.count({ where: { action: "membership.verify" } })).toBe(await db().membership.count());
});

test("the consultations are in the intended states", async () => {
  const all = await db().consultation.findMany({ orderBy: { number: "asc" } });
  expect(all.map((c) => c.number)).toEqual(all.map((_, i) => i + 1));
  for (const c of all) expect(c.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);

  const draft = await consultationBySlugPart("hardware-security-keys");
  expect(draft.publishedAt).toBeNull();
  expect(draft.opensAt).toBeNull();
  expect(draft.closesAt).toBeNull();
  expect(draft.versions.every((v) => v.publishedAt === null)).toBe(true);

  const upcoming = await consultationBySlugPart("tcp-and-ipv6");
  expect(upcoming.publishedAt! < now && now < upcoming.opensAt!).toBe(true);

  const open = await consultationBySlugPart("ksk-algorithm-rollover");
  expect(open.opensAt! <= now && now < open.closesAt!).toBe(true);
  expect(open.closesAt!.getTime() - open.opensAt!.getTime()).toBe(35 * 86_400_000);
  expect(open.versions.map((v) => v.number)).toEqual([1, 2]);
  expect(open.versions.every((v) => v.publishedAt && v.publishedAt < now)).toBe(true);
  expect(open.versions[1].changeSummary).toBeTruthy();
  const words = open.versions[1].bodyMd.split(/\s+/).length;
  expect(words).toBeGreaterThanOrEqual(600);
  expect(words).toBeLessThanOrEqual(1500);

  const closed = await consultationBySlugPart("cds-cdnskey");
  expect(closed.closesAt! < now).toBe(true);
  expect(closed.concludedAt).toBeNull();
  expect(closed.extensions).toHaveLength(1);
  expect(closed.extensions[0].newClosesAt.getTime()).toBe(closed.closesAt!.getTime());
  expect(closed.extensions[0].previousClosesAt < closed.closesAt!).toBe(true);
  expect(closed.dugReviews).toHaveLength(1);
  const review = closed.dugReviews[0];
  expect(review.outcome).toBeNull();
  expect(review.deadline > now).toBe(true);
  expect(review.planVersionId).toBe(closed.versions[closed.versions.length - 1].id);
  expect(new Set(review.positions.map((p) => p.userId)).size).toBe(3);
  const changed = review.positions.filter((p) => review.positions.filter((q) => q.userId === p.userId).length === 2);
  expect(changed.sort((a, b) => +a.createdAt - +b.createdAt).map((p) => p.position)).toEqual(["object", "agree_with_conditions"]);
  expect(changed[1].conditions).toBeTruthy();
  expect(review.advice).toHaveLength(1);

  const concluded = await consultationBySlugPart("rdap");
  expect(concluded.concludedAt! < now).toBe(true);
  expect(concluded.closesAt! < concluded.concludedAt!).toBe(true);

  const withdrawn = all.find((c) => c.withdrawnAt);
  expect(withdrawn?.withdrawnReason).toBeTruthy();
});

test("the concluded consultation has a disposition for every comment, themes, a certified agreement record and a statement", async () => {
  const c = await consultationBySlugPart("rdap");
  const comments = await db().comment.findMany({ where: { consultationId: c.id }, include: { disposition: true, themes: true } });
  expect(comments.length).toBeGreaterThanOrEqual(8);
  for (const comment of comments) {
    expect(comment.disposition).not.toBeNull();
    expect(comment.themes.length).toBeGreaterThanOrEqual(1);
  }
  expect(await db().theme.count({ where: { consultationId: c.id } })).toBeGreaterThanOrEqual(2);

  const review = c.dugReviews[0];
  expect(review.outcome).toBe("agreed");
  const chair = await db().dugSeat.findFirstOrThrow({ where: { isChair: true, endedAt: null } });
  expect(review.certifiedById).toBe(chair.userId);
  expect(new Set(review.positions.map((p) => p.userId)).size).toBeGreaterThanOrEqual(5);
  expect(sha256(review.recordJson!)).toBe(review.recordHash);
  const record = JSON.parse(review.recordJson!);
  const reviewed = c.versions.find((v) => v.id === review.planVersionId)!;
  expect(record).toMatchObject({ outcome: "agreed", planVersion: reviewed.number, planHash: reviewed.contentHash });
  expect(record.positions.length).toBe(review.positions.length);

  const statement = await db().statement.findUniqueOrThrow({ where: { consultationId: c.id }, include: { revisions: true } });
  expect(statement.revisions).toHaveLength(1);
  const revision = statement.revisions[0];
  expect(revision.number).toBe(1);
  expect(revision.publishedAt.getTime()).toBe(c.concludedAt!.getTime());
  // The hash is of the frozen content (docs/decisions/014), built by the app's own generator.
  expect(revision.contentHash).toBe(sha256(revision.contentJson));
  const content = JSON.parse(revision.contentJson);
  expect(content.unanswered).toBe(0);
  expect(content.responses).toHaveLength(comments.length);
  expect(content.dug).toMatchObject({ outcome: "agreed", recordHash: review.recordHash });
  for (const comment of comments) expect(revision.markdown).toContain(`${c.number}-${comment.seq}`);
});

test("comment numbering, threads, counters and plan versions are consistent in every consultation", async () => {
  const consultations = await db().consultation.findMany({ include: { versions: true } });
  let total = 0;
  for (const c of consultations) {
    const comments = await db().comment.findMany({ where: { consultationId: c.id }, orderBy: { seq: "asc" } });
    total += comments.length;
    expect(comments.map((x) => x.seq)).toEqual(comments.map((_, i) => i + 1));
    expect(c.commentSeq).toBe(comments.length);
    expect(c.commentCount).toBe(comments.filter((x) => !x.hiddenAt && !x.withdrawnAt).length);

    const byId = new Map(comments.map((x) => [x.id, x]));
    for (const x of comments) {
      if (!x.parentId) {
        expect(x.threadId).toBeNull();
        expect(x.depth).toBe(0);
        const thread = comments.filter((y) => y.threadId === x.id);
        const latest = Math.max(x.createdAt.getTime(), ...thread.map((y) => y.createdAt.getTime()));
        expect(x.lastActivityAt.getTime()).toBe(latest);
      } else {
        const parent = byId.get(x.parentId)!;
        expect(parent).toBeDefined();
        expect(x.depth).toBe(parent.depth + 1);
        expect(x.threadId).toBe(parent.threadId ?? parent.id);
        expect(x.createdAt > parent.createdAt).toBe(true);
        expect(x.lastActivityAt.getTime()).toBe(x.createdAt.getTime());
      }
      expect(x.depth).toBeLessThanOrEqual(4);
      expect(x.createdAt < now).toBe(true);

      // The plan version current when the comment was made, and a section that exists in it.
      const current = c.versions.filter((v) => v.publishedAt && v.publishedAt <= x.createdAt).sort((a, b) => b.number - a.number)[0];
      expect(x.planVersionId).toBe(current.id);
      if (x.sectionId) {
        const headings = JSON.parse(current.headingsJson) as { id: string; text: string }[];
        expect(headings).toContainEqual(expect.objectContaining({ id: x.sectionId, text: x.sectionTitle }));
      }
    }
  }
  expect(total).toBeGreaterThanOrEqual(45);
});

test("the open consultation's discussion has replies four deep, IFM replies, moderation, a withdrawal, an edit and a flag", async () => {
  const c = await consultationBySlugPart("ksk-algorithm-rollover");
  const comments = await db().comment.findMany({
    where: { consultationId: c.id },
    include: { revisions: true, flags: true, author: { include: { roles: true } } },
  });
  expect(comments.length).toBeGreaterThanOrEqual(20);
  expect(Math.max(...comments.map((x) => x.depth))).toBe(4);
  const ifm = comments.filter((x) => x.isIfmReply);
  expect(ifm).toHaveLength(2);
  for (const x of ifm) expect(x.author.roles.map((r) => r.role)).toContain("ifm");
  expect(comments.filter((x) => x.sectionId).length).toBeGreaterThanOrEqual(5);
  expect(comments.filter((x) => x.organisationId).length).toBeGreaterThanOrEqual(4);
  expect(new Set(comments.map((x) => x.planVersionId)).size).toBe(2);

  const hidden = comments.filter((x) => x.hiddenAt);
  expect(hidden).toHaveLength(1);
  expect(hidden[0].hiddenReason).toBeTruthy();
  expect(hidden[0].hiddenById).toBeTruthy();
  const hideEvent = await db().auditEvent.findFirstOrThrow({ where: { action: "comment.hide", subjectId: hidden[0].id } });
  expect(JSON.parse(hideEvent.dataJson)).toMatchObject({ ref: `${c.number}-${hidden[0].seq}` });

  expect(comments.filter((x) => x.withdrawnAt)).toHaveLength(1);
  const edited = comments.filter((x) => x.editedAt);
  expect(edited).toHaveLength(1);
  expect(edited[0].revisions).toHaveLength(1);
  expect(edited[0].revisions[0].bodyMd).not.toBe(edited[0].bodyMd);

  const flags = comments.flatMap((x) => x.flags);
  expect(flags).toHaveLength(1);
  expect(flags[0].resolvedAt).toBeNull();
});

test("comments on behalf of an organisation come only from its verified representatives", async () => {
  const comments = await db().comment.findMany({ where: { organisationId: { not: null } } });
  expect(comments.length).toBeGreaterThanOrEqual(10);
  for (const x of comments) {
    const membership = await db().membership.findUnique({ where: { userId_organisationId: { userId: x.authorId, organisationId: x.organisationId! } } });
    expect(membership, x.id).not.toBeNull();
    expect(membership!.verifiedAt < x.createdAt).toBe(true);
    expect(membership!.revokedAt).toBeNull();
  }
});

test("DUG positions come only from voting members and advice only from liaisons", async () => {
  const positions = await db().dugPosition.findMany({ include: { user: { include: { roles: true } } } });
  for (const p of positions) expect(p.user.roles.map((r) => r.role)).toContain("dug_member");
  const advice = await db().dugAdvice.findMany({ include: { user: { include: { roles: true } } } });
  for (const a of advice) expect(a.user.roles.map((r) => r.role)).toContain("dug_liaison");
});

test("stored HTML contains no script and plan hashes match their markdown", async () => {
  const versions = await db().planVersion.findMany();
  for (const v of versions) {
    expect(v.contentHash).toBe(sha256(v.bodyMd));
    expect(JSON.parse(v.headingsJson).length).toBeGreaterThan(3);
    expect(Array.isArray(JSON.parse(v.timelineJson))).toBe(true);
  }
  const html = [
    ...versions.map((v) => v.bodyHtml),
    ...(await db().comment.findMany()).map((c) => c.bodyHtml),
    ...(await db().commentRevision.findMany()).map((r) => r.bodyHtml),
    ...(await db().disposition.findMany()).map((d) => d.responseHtml),
    ...(await db().dugAdvice.findMany()).map((a) => a.bodyHtml),
    ...(await db().statementRevision.findMany()).map((r) => r.html),
  ];
  expect(html.length).toBeGreaterThan(50);
  for (const h of html) {
    expect(h).not.toMatch(/<script/i);
    expect(h.length).toBeGreaterThan(0);
  }
  for (const c of await db().consultation.findMany({ include: { versions: { orderBy: { number: "desc" }, take: 1 } } })) {
    expect(c.searchText.toLowerCase()).toContain(c.title.toLowerCase());
    expect(c.searchText.toLowerCase()).toContain(c.versions[0].bodyMd.toLowerCase().slice(0, 200));
  }
});

test("every public action is in the public history at the time it happened", async () => {
  const events = await db().auditEvent.findMany({ where: { isPublic: true } });
  const actions = new Set(events.map((e) => e.action));
  for (const a of [
    "consultation.publish",
    "consultation.revise",
    "consultation.extend",
    "comment.hide",
    "dug.review.open",
    "dug.review.certify",
    "statement.publish",
  ]) {
    expect(actions, a).toContain(a);
  }
  for (const e of events) {
    expect(e.consultationId).toBeTruthy();
    expect(e.actorId).toBeTruthy();
    expect(e.createdAt < now).toBe(true);
  }
  const revise = events.find((e) => e.action === "consultation.revise" && JSON.parse(e.dataJson).version === 2);
  expect(JSON.parse(revise!.dataJson).changeSummary).toBeTruthy();
  const extend = events.find((e) => e.action === "consultation.extend")!;
  expect(Object.keys(JSON.parse(extend.dataJson)).sort()).toEqual(["newClosesAt", "previousClosesAt", "reason"]);
  expect(await db().setting.findUnique({ where: { key: "MIN_COMMENT_DAYS" } })).toMatchObject({ value: "30" });
});
