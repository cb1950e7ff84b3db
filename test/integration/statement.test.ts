import { createHash } from "node:crypto";
import { db } from "~/services/db.server";
import { closeTransport } from "~/services/mail-transport.server";
import { deliverDueMessages } from "~/services/outbox.server";
import { processNotificationEvents } from "~/features/following/notifications.server";
import { buildStatementContent, RESPONSES_PER_PAGE } from "~/features/statement/content";
import { pageOfStatementHtml, statementHtml } from "~/features/statement/statement-html";
import { statementWords } from "~/features/statement/statement-words.server";
import { generateStatement } from "~/features/statement/generator.server";
import { publishStatement, saveDispositions, saveStatementTexts } from "~/features/statement/statement.server";
import { loader as builderLoader, action as builderAction } from "~/routes/consultations.$slug.statement.edit/route";
import { loader as previewLoader } from "~/routes/consultations.$slug.statement.preview";
import { loader as statementLoader, action as statementAction } from "~/routes/consultations.$slug.statement._index";
import { loader as markdownLoader } from "~/routes/consultations.$slug.statement[.]md";
import { loader as jsonLoader } from "~/routes/consultations.$slug.statement[.]json";
import { loader as consultationLoader } from "~/routes/consultations.$slug._index";
import { createConsultation, DAY } from "../comment-fixtures";
import { call, createOrganisation, createUser, makeRequest, sessionCookie } from "../factories";
import { TestSmtp, useSmtpUrl } from "../smtp";
import { storedEvents } from "../stored-events";

// ------------------------------------------------------------------------------ fixtures

const NOW = Date.now();
const OPENS = new Date(Date.UTC(new Date(NOW).getUTCFullYear(), new Date(NOW).getUTCMonth(), new Date(NOW).getUTCDate()) - 40 * DAY + 9 * 3_600_000);
const CLOSES = new Date(OPENS.getTime() + 35 * DAY); // 5 days ago, give or take the hour
const day = (n: number, hour = 12) => new Date(OPENS.getTime() + n * DAY + (hour - 9) * 3_600_000);

const HEADINGS = [
  { id: "overview", level: 2, text: "Overview" },
  { id: "timeline", level: 2, text: "Timeline" },
  { id: "rollback", level: 2, text: "Rollback" },
];
const PLAN_V1 = "## Overview\n\nThe redirect lasts 12 months.\n\n## Timeline\n\nStarts in March.\n\n## Rollback\n\nManual.";
const PLAN_V2 = "## Overview\n\nThe redirect lasts 24 months.\n\n## Timeline\n\nStarts in March.\n\n## Rollback\n\nManual.";

type Person = { id: string; email: string; roles: string[] };

async function person(displayName: string, roles: ("ifm" | "admin")[] = []): Promise<Person> {
  const u = await createUser({
    displayName,
    roles,
    email: `${displayName.toLowerCase().replace(/\W+/g, ".")}.${Math.random().toString(36).slice(2, 7)}@example.org`,
  });
  return { id: u.id, email: u.email, roles };
}

let seq = 0;
async function addComment(
  consultation: { id: string; number: number },
  author: Person,
  body: string,
  options: {
    at: Date;
    parentId?: string;
    organisationId?: string;
    sectionId?: string;
    hidden?: boolean;
    withdrawn?: boolean;
    ifm?: boolean;
    versionId: string;
  },
) {
  seq += 1;
  const parent = options.parentId
    ? await db().comment.findUniqueOrThrow({ where: { id: options.parentId }, select: { id: true, depth: true, threadId: true } })
    : null;
  const section = HEADINGS.find((h) => h.id === options.sectionId);
  const row = await db().comment.create({
    data: {
      consultationId: consultation.id,
      seq,
      parentId: parent?.id ?? null,
      threadId: parent ? (parent.threadId ?? parent.id) : null,
      depth: parent ? parent.depth + 1 : 0,
      authorId: author.id,
      organisationId: options.organisationId ?? null,
      planVersionId: options.versionId,
      sectionId: section?.id ?? null,
      sectionTitle: section?.text ?? null,
      bodyMd: body,
      bodyHtml: `<p>${body}</p>`,
      isIfmReply: options.ifm ?? false,
      createdAt: options.at,
      lastActivityAt: options.at,
      hiddenAt: options.hidden ? options.at : null,
      hiddenReason: options.hidden ? "Off topic." : null,
      withdrawnAt: options.withdrawn ? options.at : null,
    },
  });
  await db().consultation.update({ where: { id: consultation.id }, data: { commentSeq: seq } });
  return { id: row.id, ref: `${consultation.number}-${seq}` };
}

/**
 * A closed consultation (number 9, "rdap-move"): version 1 put out for comment, version 2 during
 * the period; one extension; comments from a ccTLD, a gTLD and individuals, a reply, an IFM reply,
 * a hidden and a withdrawn comment.
 */
async function closedConsultation() {
  seq = 0;
  const staff = await person("Iris IFM", ["ifm"]);
  const { consultation, version } = await createConsultation({
    number: 9,
    slug: "rdap-move",
    title: "Moving the RDAP bootstrap files",
    createdById: staff.id,
    opensAt: OPENS,
    closesAt: CLOSES,
    headings: HEADINGS,
  });
  await db().planVersion.update({ where: { id: version.id }, data: { bodyMd: PLAN_V1, contentHash: "a".repeat(64) } });
  const v2 = await db().planVersion.create({
    data: {
      consultationId: consultation.id,
      number: 2,
      bodyMd: PLAN_V2,
      bodyHtml: "<p>v2</p>",
      headingsJson: JSON.stringify(HEADINGS),
      timelineJson: JSON.stringify([{ date: "2027-01-15", label: "New location in service" }]),
      changeSummary: "Redirects last 24 months.",
      contentHash: "b".repeat(64),
      createdById: staff.id,
      publishedAt: day(20),
    },
  });
  await db().closingExtension.create({
    data: {
      consultationId: consultation.id,
      previousClosesAt: new Date(CLOSES.getTime() - 5 * DAY),
      newClosesAt: CLOSES,
      reason: "Asked for by ccTLD managers.",
      createdById: staff.id,
      createdAt: day(25),
    },
  });
  const cc = await createOrganisation({ name: "Kestrel Bay NIC", kind: "cctld", tlds: ["ky"] });
  const g = await createOrganisation({ name: "Heritage Registry", kind: "gtld", tlds: ["museum"] });
  const ccRep = await person("Ngaire Holloway");
  const ccRep2 = await person("Owen Ebanks");
  const gRep = await person("Colin Barraclough");
  const priya = await person("Priya Natarajan");
  const sam = await person("Sam Whitaker");
  const c = { id: consultation.id, number: 9 };
  const v1id = version.id;
  const a = await addComment(c, ccRep, "Twelve months is too short.", { at: day(1, 10), organisationId: cc.id, sectionId: "overview", versionId: v1id });
  const b = await addComment(c, priya, "Please publish check results.", { at: day(1, 15), sectionId: "timeline", versionId: v1id });
  const c3 = await addComment(c, gRep, "Agree with 24 months.", { at: day(3, 11), organisationId: g.id, sectionId: "overview", versionId: v1id });
  const ifm = await addComment(c, staff, "Thanks, we are considering 24 months.", { at: day(2), parentId: a.id, ifm: true, versionId: v1id });
  const d = await addComment(c, sam, "I agree with the first comment.", { at: day(3, 9), parentId: a.id, versionId: v1id });
  const hidden = await addComment(c, sam, "Buy cheap domains!", { at: day(4), hidden: true, versionId: v1id });
  const withdrawn = await addComment(c, sam, "Never mind.", { at: day(4, 13), withdrawn: true, versionId: v1id });
  const e = await addComment(c, ccRep2, "Rollback should be automatic.", { at: day(22), organisationId: cc.id, sectionId: "rollback", versionId: v2.id });
  const comments = { a, b, c: c3, ifm, d, hidden, withdrawn, e };
  return { staff, consultation, v2, cc, g, people: { ccRep, ccRep2, gRep, priya, sam }, comments };
}

async function answerAll(f: Awaited<ReturnType<typeof closedConsultation>>) {
  const { comments: x } = f;
  const ok = async (input: Parameters<typeof saveDispositions>[0]) => {
    const r = await saveDispositions(input);
    if (!r.ok) throw new Error(r.message);
  };
  const base = { actor: f.staff, consultationId: f.consultation.id };
  await ok({
    ...base,
    commentIds: [x.a.id, x.c.id],
    disposition: "accepted",
    responseMd: "The redirect now lasts **24 months**.",
    planVersionNumber: 2,
    sectionId: "overview",
    themes: ["Transition"],
  });
  await ok({ ...base, commentIds: [x.b.id], disposition: "partially_accepted", responseMd: "Aggregate results are published.", themes: ["Checks"] });
  await ok({ ...base, commentIds: [x.d.id], disposition: "noted", responseMd: "See the response to 9-1.", themes: ["Transition"] });
  await ok({ ...base, commentIds: [x.e.id], disposition: "not_accepted", responseMd: "Rollback stays manual: it needs a human decision.", themes: [] });
}

// ------------------------------------------------------------------------------ generation

describe("generating the statement from known data", () => {
  test("participation: counts of comments, commenters, organisations and individuals, ccTLD vs gTLD, per section and per day", async () => {
    const f = await closedConsultation();
    await answerAll(f);
    const generated = (await generateStatement({ consultationId: f.consultation.id }))!;
    const p = generated.content.participation;
    // a, b, c, d, e are the public's visible comments; the IFM reply, the hidden and the withdrawn one are counted apart.
    expect(p).toMatchObject({
      comments: 5,
      threads: 4,
      replies: 1,
      commenters: 5,
      organisations: 2,
      individuals: 2,
      commentsByKind: { cctld: 2, gtld: 1, individual: 2 },
      commentersByKind: { cctld: 2, gtld: 1, individual: 2 },
      organisationsByKind: { cctld: 1, gtld: 1 },
      ifmReplies: 1,
      hidden: 1,
      withdrawn: 1,
    });
    expect(p.bySection).toEqual([
      { sectionId: "overview", section: "Overview", comments: 2 },
      { sectionId: "timeline", section: "Timeline", comments: 1 },
      { sectionId: "rollback", section: "Rollback", comments: 1 },
      { sectionId: null, section: "The plan as a whole", comments: 1 },
    ]);
    // Every day of the period, quiet days included.
    expect(p.byDay).toHaveLength(36);
    expect(p.byDay[0]).toEqual({ date: OPENS.toISOString().slice(0, 10), comments: 0 });
    expect(p.byDay[1]).toEqual({ date: day(1).toISOString().slice(0, 10), comments: 2 });
    expect(p.byDay.reduce((s, d) => s + d.comments, 0)).toBe(5);
  });

  test("overview, themes with their reference numbers, the response table and the disposition counts", async () => {
    const f = await closedConsultation();
    await answerAll(f);
    await saveStatementTexts({
      actor: f.staff,
      consultationId: f.consultation.id,
      introMd: "This statement concludes **consultation 9**.",
      analysisMd: "Two themes.",
      nextStepsMd: "- Move the files.",
      themeSummaries: Object.fromEntries((await db().theme.findMany()).map((t) => [t.id, `Summary of ${t.name}.`])),
    });
    const { content, html, markdown } = (await generateStatement({ consultationId: f.consultation.id }))!;
    expect(content.overview).toMatchObject({
      commentedVersion: 1,
      finalVersion: 2,
      originalClosesAt: new Date(CLOSES.getTime() - 5 * DAY).toISOString(),
      extensions: [{ reason: "Asked for by ccTLD managers." }],
    });
    expect(content.overview.versions.map((v) => v.number)).toEqual([1, 2]);
    expect(content.themes).toEqual([
      { name: "Checks", summary: { md: "Summary of Checks.", html: "<p>Summary of Checks.</p>\n" }, refs: ["9-2"] },
      { name: "Transition", summary: { md: "Summary of Transition.", html: "<p>Summary of Transition.</p>\n" }, refs: ["9-1", "9-3", "9-5"] },
    ]);
    expect(content.dispositionCounts).toEqual({ accepted: 2, partially_accepted: 1, not_accepted: 1, out_of_scope: 0, noted: 1 });
    expect(content.unanswered).toBe(0);
    expect(content.responses.map((r) => [r.ref, r.author, r.organisation, r.section, r.disposition, r.parentRef])).toEqual([
      ["9-1", "Ngaire Holloway", "Kestrel Bay NIC", "Overview", "accepted", null],
      ["9-2", "Priya Natarajan", null, "Timeline", "partially_accepted", null],
      ["9-3", "Colin Barraclough", "Heritage Registry", "Overview", "accepted", null],
      ["9-5", "Sam Whitaker", null, null, "noted", "9-1"],
      ["9-8", "Owen Ebanks", "Kestrel Bay NIC", "Rollback", "not_accepted", null],
    ]);
    expect(content.responses[0].changedIn).toEqual({ planVersion: 2, sectionId: "overview", section: "Overview" });
    expect(content.timeline).toEqual([{ date: "2027-01-15", label: "New location in service" }]);

    // HTML: the table row with permalink, disposition and rendered response; hidden text absent.
    expect(html).toContain('<tr id="response-9-1"><th scope="row"><a href="/consultations/rdap-move/comments/9-1">9-1</a>');
    expect(html).toContain("The redirect now lasts <strong>24 months</strong>.");
    expect(html).not.toContain("Buy cheap domains");
    expect(html).toContain("<strong>consultation 9</strong>");
    // Markdown: the same table.
    expect(markdown).toContain(
      "| [9-8](http://localhost:3000/consultations/rdap-move/comments/9-8) | Owen Ebanks for Kestrel Bay NIC | Rollback | Not accepted | Rollback stays manual: it needs a human decision. |",
    );
    expect(markdown).toContain("## What we heard\n\n### Checks\n\nSummary of Checks.\n\nComments: 9-2");
  });

  test("changes to the plan: the word diff between the version put out for comment and the final one", async () => {
    const f = await closedConsultation();
    const { content, html, markdown } = (await generateStatement({ consultationId: f.consultation.id }))!;
    expect(content.changes).toMatchObject({ from: 1, to: 2, addedWords: 1, removedWords: 1 });
    expect(content.changes!.parts.filter((p) => p.kind !== "same")).toEqual([
      { kind: "removed", text: "12" },
      { kind: "added", text: "24" },
    ]);
    expect(html).toContain('<del><span class="visually-hidden">[removed: </span>12<span class="visually-hidden">]</span></del>');
    expect(html).toContain('<ins><span class="visually-hidden">[added: </span>24');
    expect(markdown).toContain("```diff\n- 12\n+ 24\n```");
  });

  test("charts are inline SVG with a title, a description and the figures as a table; unanswered comments show in a preview", async () => {
    const f = await closedConsultation();
    const { html, content } = (await generateStatement({ consultationId: f.consultation.id }))!;
    expect(content.unanswered).toBe(5);
    expect(html).toContain("Not yet answered");
    const svgs = html.match(/<svg[\s\S]*?<\/svg>/g)!;
    expect(svgs).toHaveLength(2);
    expect(svgs[0]).toMatch(
      /<title id="chart-days-title">Comments per day across the comment period<\/title><desc id="chart-days-desc">5 comments over 36 days/,
    );
    expect(svgs[1]).toContain(
      "On behalf of ccTLD managers: 2 comments (40 %) from 2 commenters; On behalf of gTLD registries: 1 comment (20 %) from 1 commenter; Individuals: 2 comments (40 %) from 2 commenters",
    );
    // Readable without colour: three different fills (solid, hatched, dotted) and the values as text.
    expect(svgs[1]).toMatch(/patternTransform="rotate\(45\)"/);
    expect(svgs[1]).toContain("<circle");
    expect(html).toContain("<figcaption>Figure 1.");
    expect(html).toContain("<caption>Comments by kind of commenter</caption>");
    // No inline styles or scripts (the CSP forbids them).
    expect(html).not.toMatch(/style=|<script/);
  });

  test("the DUG agreement record is shown when the DUG has certified an outcome", async () => {
    const f = await closedConsultation();
    const none = (await generateStatement({ consultationId: f.consultation.id }))!;
    expect(none.content.dug).toBeNull();
    expect(none.html).toContain("There is no DUG agreement record for this plan.");
    await db().dugReview.create({
      data: {
        consultationId: f.consultation.id,
        planVersionId: f.v2.id,
        round: 1,
        openedById: f.staff.id,
        deadline: day(30),
        outcome: "agreed",
        decidedAt: day(33),
        recordJson: JSON.stringify({ outcome: "agreed", conditions: ["Publish the failure criteria first."] }),
        recordHash: "c".repeat(64),
      },
    });
    const { content, html } = (await generateStatement({ consultationId: f.consultation.id }))!;
    expect(content.dug).toEqual({
      round: 1,
      outcome: "agreed",
      decidedAt: day(33).toISOString(),
      planVersion: 2,
      recordHash: "c".repeat(64),
      conditions: ["Publish the failure criteria first."],
      path: "/consultations/rdap-move/dug",
    });
    expect(html).toContain('<a href="/consultations/rdap-move/dug">');
    expect(html).toContain("Publish the failure criteria first.");
  });

  test("a long response table is shown a page at a time on the web page; the stored HTML keeps every row", () => {
    const rows = RESPONSES_PER_PAGE + 3;
    const input = {
      consultation: {
        number: 1,
        slug: "big",
        title: "Big",
        summary: "S",
        category: "rdap",
        affected: "both",
        basis: "technical",
        opensAt: new Date("2026-01-01T00:00:00Z"),
        closesAt: new Date("2026-01-31T00:00:00Z"),
        contactName: "C",
        contactEmail: "c@example.org",
      },
      extensions: [],
      versions: [
        { number: 1, publishedAt: new Date("2025-12-31T00:00:00Z"), changeSummary: null, contentHash: "x", bodyMd: "plan", headings: [], timeline: [] },
      ],
      comments: Array.from({ length: rows }, (_, i) => ({
        seq: i + 1,
        parentSeq: null,
        createdAt: new Date("2026-01-02T00:00:00Z"),
        authorId: `u${i}`,
        authorName: `Person ${i}`,
        organisation: null,
        section: null,
        planVersionNumber: 1,
        state: "visible" as const,
        isIfmReply: false,
        themes: [],
        disposition: { disposition: "noted", responseMd: "ok", responseHtml: "<p>ok</p>", planVersionNumber: null, sectionId: null },
      })),
      themes: [],
      intro: { md: "", html: "" },
      analysis: { md: "", html: "" },
      nextSteps: { md: "", html: "" },
      dug: null,
      revision: null,
    };
    const html = statementHtml(buildStatementContent(input), statementWords("en"));
    expect(html.match(/<tr id="response-/g)).toHaveLength(rows);
    const first = pageOfStatementHtml(html, 1)!;
    expect(first).toMatchObject({ page: 1, pageCount: 2, rows, from: 1, to: RESPONSES_PER_PAGE });
    expect(first.html.match(/<tr id="response-/g)).toHaveLength(RESPONSES_PER_PAGE);
    const second = pageOfStatementHtml(html, 2)!;
    expect(second.html.match(/<tr id="response-/g)).toHaveLength(3);
    expect(second.html).toContain('id="response-1-503"');
    expect(second.html).toContain('id="participation"');
    expect(pageOfStatementHtml(html, 3)).toBeNull();
  });
});

// ------------------------------------------------------------------------------ the builder

describe("the builder", () => {
  test("IFM staff see the work list with thread context, progress and filters; others are refused", async () => {
    const f = await closedConsultation();
    await saveDispositions({
      actor: f.staff,
      consultationId: f.consultation.id,
      commentIds: [f.comments.a.id],
      disposition: "accepted",
      responseMd: "Done.",
      themes: ["Transition"],
    });
    const path = "/consultations/rdap-move/statement/edit";
    const res = await call(builderLoader, makeRequest(path, { cookie: await sessionCookie(f.staff.id) }), { slug: "rdap-move" });
    expect(res.status).toBe(200);
    expect(res.data.list.progress).toEqual({ answered: 1, needed: 5 });
    expect(res.data.list.hiddenCount).toBe(1);
    expect(res.data.list.missing).toEqual({ count: 4, refs: ["9-2", "9-3", "9-5", "9-8"] });
    expect(res.data.list.comments.map((c: { ref: string }) => c.ref)).toEqual(["9-1", "9-2", "9-3", "9-5", "9-8"]);
    const reply = res.data.list.comments.find((c: { ref: string }) => c.ref === "9-5");
    expect(reply.parent).toMatchObject({ ref: "9-1", author: "Ngaire Holloway", excerpt: "Twelve months is too short." });

    const filtered = async (query: string) => {
      const r = await call(builderLoader, makeRequest(`${path}?${query}`, { cookie: await sessionCookie(f.staff.id) }), { slug: "rdap-move" });
      return r.data.list.comments.map((c: { ref: string }) => c.ref);
    };
    expect(await filtered("kind=cctld")).toEqual(["9-1", "9-8"]);
    expect(await filtered("kind=gtld")).toEqual(["9-3"]);
    expect(await filtered("kind=individual")).toEqual(["9-2", "9-5"]);
    expect(await filtered(`organisation=${f.cc.id}`)).toEqual(["9-1", "9-8"]);
    expect(await filtered("section=overview")).toEqual(["9-1", "9-3"]);
    expect(await filtered("section=none")).toEqual(["9-5"]);
    expect(await filtered("unanswered=1")).toEqual(["9-2", "9-3", "9-5", "9-8"]);
    const theme = await db().theme.findFirstOrThrow({ where: { name: "Transition" } });
    expect(await filtered(`theme=${theme.id}`)).toEqual(["9-1"]);
    expect(await filtered("view=hidden")).toEqual(["9-6"]);

    const member = await person("Pat Member");
    expect((await call(builderLoader, makeRequest(path, { cookie: await sessionCookie(member.id) }), { slug: "rdap-move" })).status).toBe(403);
    const anonymous = await call(builderLoader, makeRequest(path), { slug: "rdap-move" });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toContain("/login?redirectTo=");
    const post = await call(builderAction, makeRequest(path, { cookie: await sessionCookie(member.id), form: { intent: "publish", basedOnRevision: "0" } }), {
      slug: "rdap-move",
    });
    expect(post.status).toBe(403);
  });

  test("no statement can be built for an open, upcoming, withdrawn or draft consultation: a clear 4xx", async () => {
    const staff = await person("Iris IFM", ["ifm"]);
    const cookie = await sessionCookie(staff.id);
    await createConsultation({ number: 20, slug: "open-one", createdById: staff.id });
    await createConsultation({ number: 21, slug: "withdrawn-one", createdById: staff.id, opensAt: OPENS, closesAt: CLOSES, withdrawnAt: day(10) });
    await createConsultation({ number: 22, slug: "draft-one", createdById: staff.id, publishedAt: null, opensAt: null, closesAt: null });
    const open = await call(builderLoader, makeRequest("/consultations/open-one/statement/edit", { cookie }), { slug: "open-one" });
    expect(open.status).toBe(409);
    expect(open.data.message).toMatch(/^The comment period is still open \(it closes on .* UTC\)\. The statement is written once the period has closed\.$/);
    const withdrawn = await call(
      builderAction,
      makeRequest("/consultations/withdrawn-one/statement/edit", { cookie, form: { intent: "publish", basedOnRevision: "0" } }),
      { slug: "withdrawn-one" },
    );
    expect(withdrawn.status).toBe(409);
    expect(withdrawn.data.message).toBe("This consultation was withdrawn: it has no final statement.");
    expect((await call(builderLoader, makeRequest("/consultations/draft-one/statement/edit", { cookie }), { slug: "draft-one" })).status).toBe(404);
    expect((await call(previewLoader, makeRequest("/consultations/open-one/statement/preview", { cookie }), { slug: "open-one" })).status).toBe(409);
    expect(await db().statementRevision.count()).toBe(0);
  });

  test("one bulk action answers several comments, with themes; the form works as a plain POST", async () => {
    const f = await closedConsultation();
    const cookie = await sessionCookie(f.staff.id);
    const res = await call(
      builderAction,
      makeRequest("/consultations/rdap-move/statement/edit", {
        cookie,
        form: {
          intent: "bulk",
          returnTo: "/consultations/rdap-move/statement/edit?unanswered=1",
          commentId: [f.comments.a.id, f.comments.c.id, f.comments.d.id],
          disposition: "accepted",
          responseMd: "Version 2 extends the redirect to 24 months.",
          planVersion: "2",
          sectionId: "overview",
          newThemes: "Transition, Redirects",
        },
      }),
      { slug: "rdap-move" },
    );
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/consultations/rdap-move/statement/edit?unanswered=1");
    const saved = await db().disposition.findMany({
      orderBy: { comment: { seq: "asc" } },
      select: { disposition: true, responseHtml: true, planVersionNumber: true, sectionId: true, comment: { select: { seq: true } } },
    });
    expect(saved.map((d) => d.comment.seq)).toEqual([1, 3, 5]);
    for (const d of saved)
      expect(d).toMatchObject({
        disposition: "accepted",
        responseHtml: "<p>Version 2 extends the redirect to 24 months.</p>\n",
        planVersionNumber: 2,
        sectionId: "overview",
      });
    expect((await db().theme.findMany({ orderBy: { name: "asc" } })).map((t) => t.name)).toEqual(["Redirects", "Transition"]);
    expect(await db().commentTheme.count()).toBe(6);
    expect(await db().auditEvent.count({ where: { action: "statement.disposition" } })).toBe(1);
  });

  test("bad dispositions are refused with the text kept: no comment ticked, no response, a comment of another consultation, a hidden comment", async () => {
    const f = await closedConsultation();
    const other = await createConsultation({ number: 30, slug: "other", opensAt: OPENS, closesAt: CLOSES });
    const stranger = await addComment({ id: other.consultation.id, number: 30 }, f.people.sam, "Elsewhere.", { at: day(2), versionId: other.version.id });
    const cookie = await sessionCookie(f.staff.id);
    const post = (form: Record<string, string | string[]>) =>
      call(builderAction, makeRequest("/consultations/rdap-move/statement/edit", { cookie, form }), { slug: "rdap-move" });

    const none = await post({ intent: "bulk", disposition: "noted", responseMd: "Thanks." });
    expect(none.status).toBe(400);
    expect(none.data.errors.commentId).toBe("Tick at least one comment in the list, then apply.");
    expect(none.data.values.responseMd).toBe("Thanks.");

    const empty = await post({ intent: "dispose", commentId: f.comments.a.id, disposition: "noted", responseMd: "  " });
    expect(empty.status).toBe(400);
    expect(empty.data.errors.responseMd).toBe("Write the response: what was done with the comment, and why.");

    const foreign = await post({ intent: "bulk", commentId: [f.comments.a.id, stranger.id], disposition: "noted", responseMd: "Thanks." });
    expect(foreign.status).toBe(404);
    expect(foreign.data.errors.commentId).toBe("One selected comment is not part of this consultation. Nothing was saved.");
    expect(foreign.data.values.responseMd).toBe("Thanks.");

    const hidden = await post({ intent: "dispose", commentId: f.comments.hidden.id, disposition: "noted", responseMd: "Thanks." });
    expect(hidden.status).toBe(409);
    expect(hidden.data.errors.commentId).toBe("Comment 9-6 is hidden: hidden comments are listed apart and need no disposition. Nothing was saved.");

    const badSection = await post({
      intent: "dispose",
      commentId: f.comments.a.id,
      disposition: "accepted",
      responseMd: "Done.",
      planVersion: "2",
      sectionId: "nowhere",
    });
    expect(badSection.status).toBe(400);
    expect(badSection.data.errors.sectionId).toBe("Plan version 2 has no such section.");

    const badDisposition = await post({ intent: "dispose", commentId: f.comments.a.id, disposition: "maybe", responseMd: "Done." });
    expect(badDisposition.status).toBe(400);
    expect(badDisposition.data.errors.disposition).toBe("Choose a disposition.");

    expect(await db().disposition.count()).toBe(0);
  });

  test("the preview is the whole statement generated now, for IFM staff only", async () => {
    const f = await closedConsultation();
    const res = await call(previewLoader, makeRequest("/consultations/rdap-move/statement/preview", { cookie: await sessionCookie(f.staff.id) }), {
      slug: "rdap-move",
    });
    expect(res.status).toBe(200);
    expect(res.data.unanswered).toBe(5);
    expect(res.data.html).toContain('id="responses"');
    const member = await person("Pat Member");
    expect(
      (await call(previewLoader, makeRequest("/consultations/rdap-move/statement/preview", { cookie: await sessionCookie(member.id) }), { slug: "rdap-move" }))
        .status,
    ).toBe(403);
  });
});

// ------------------------------------------------------------------------------ publishing

describe("publishing", () => {
  test("publishing is refused while comments are unanswered, and the builder names them", async () => {
    const f = await closedConsultation();
    await saveDispositions({ actor: f.staff, consultationId: f.consultation.id, commentIds: [f.comments.a.id], disposition: "accepted", responseMd: "Done." });
    const res = await call(
      builderAction,
      makeRequest("/consultations/rdap-move/statement/edit", { cookie: await sessionCookie(f.staff.id), form: { intent: "publish", basedOnRevision: "0" } }),
      { slug: "rdap-move" },
    );
    expect(res.status).toBe(409);
    expect(res.data.errors.form).toBe(
      "4 comments have no disposition yet (9-2, 9-3, 9-5, 9-8). Every visible comment must be answered before the statement is published.",
    );
    const french = await call(
      builderAction,
      makeRequest("/fr/consultations/rdap-move/statement/edit", { cookie: await sessionCookie(f.staff.id), form: { intent: "publish", basedOnRevision: "0" } }),
      { slug: "rdap-move" },
    );
    expect(french.data.errors.form).toBe(
      "4 commentaires n’ont pas encore de suite donnée (9-2, 9-3, 9-5, 9-8). Chaque commentaire visible doit recevoir une réponse avant la publication de la déclaration.",
    );
    expect(await db().statementRevision.count()).toBe(0);
    expect((await db().consultation.findUniqueOrThrow({ where: { id: f.consultation.id } })).concludedAt).toBeNull();
  });

  test("publishing freezes revision 1 with its hash, concludes the consultation, writes the public audit event and one notification event; a double submit publishes once", async () => {
    const f = await closedConsultation();
    await answerAll(f);
    const cookie = await sessionCookie(f.staff.id);
    const publish = () =>
      call(builderAction, makeRequest("/consultations/rdap-move/statement/edit", { cookie, form: { intent: "publish", basedOnRevision: "0" } }), {
        slug: "rdap-move",
      });
    const first = await publish();
    expect(first.status).toBe(302);
    expect(first.headers.get("Location")).toBe("/consultations/rdap-move/statement");
    const second = await publish();
    expect(second.status).toBe(302);

    const revisions = await db().statementRevision.findMany();
    expect(revisions).toHaveLength(1);
    const r = revisions[0];
    expect(r.number).toBe(1);
    expect(r.contentHash).toBe(createHash("sha256").update(r.contentJson).digest("hex"));
    expect(JSON.parse(r.contentJson).revision).toMatchObject({ number: 1, erratum: null });
    const c = await db().consultation.findUniqueOrThrow({ where: { id: f.consultation.id } });
    expect(c.concludedAt).not.toBeNull();
    const audit = await db().auditEvent.findMany({ where: { action: "statement.publish" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ isPublic: true, consultationId: f.consultation.id });
    expect(JSON.parse(audit[0].dataJson)).toMatchObject({ revision: 1, contentHash: r.contentHash });
    const events = await storedEvents("statement.published");
    expect(events).toHaveLength(1);
    expect(events[0].payload).toEqual({
      revision: 1,
      erratum: null,
      summary:
        "5 comments from 5 commenters were answered: 2 accepted, 1 partially accepted, 1 not accepted, 1 noted. The plan changed from version 1 to version 2.",
      path: "/consultations/rdap-move/statement",
    });

    // The public page, its exports, and the history line.
    const page = await call(statementLoader, makeRequest("/consultations/rdap-move/statement"), { slug: "rdap-move" });
    expect(page.status).toBe(200);
    expect(page.data.revision).toMatchObject({ number: 1, contentHash: r.contentHash, erratum: null });
    expect(page.data.html).toBe(r.html);
    const md = await call(markdownLoader, makeRequest("/consultations/rdap-move/statement.md"), { slug: "rdap-move" });
    expect(md.headers.get("Content-Type")).toBe("text/markdown; charset=utf-8");
    expect(md.data).toBe(r.markdown);
    const json = await call(jsonLoader, makeRequest("/consultations/rdap-move/statement.json"), { slug: "rdap-move" });
    expect(json.data).toMatchObject({ consultation: 9, revision: 1, contentHash: r.contentHash });
    expect(json.data.content.responses).toHaveLength(5);
    expect(createHash("sha256").update(JSON.stringify(json.data.content)).digest("hex")).toBe(r.contentHash);
    expect(json.data.attachments).toEqual([]);

    // Files attached to the comments are listed beside the hashed content, with hash and address.
    await db().attachment.create({
      data: {
        commentId: f.comments.a.id,
        consultationId: f.consultation.id,
        position: 1,
        fileName: "letter.pdf",
        mediaType: "application/pdf",
        size: 1234,
        sha256: "ab".repeat(32),
        storageKey: "statement-test-letter",
        uploaderId: f.staff.id,
      },
    });
    const withFile = await call(jsonLoader, makeRequest("/consultations/rdap-move/statement.json"), { slug: "rdap-move" });
    expect(withFile.data.attachments).toEqual([
      {
        commentRef: "9-1",
        position: 1,
        fileName: "letter.pdf",
        mediaType: "application/pdf",
        size: 1234,
        sha256: "ab".repeat(32),
        url: "http://localhost:3000/consultations/rdap-move/comments/9-1/a/1/file",
      },
    ]);
    expect(withFile.data.contentHash).toBe(r.contentHash);
  });

  test("a correction is a new revision with a required erratum note; the earlier revision stays readable and unchanged; a published revision cannot be posted to", async () => {
    const f = await closedConsultation();
    await answerAll(f);
    const first = await publishStatement({ actor: f.staff, consultationId: f.consultation.id, basedOnRevision: 0 });
    expect(first).toMatchObject({ ok: true, revision: 1, duplicate: false });
    const before = await db().statementRevision.findFirstOrThrow({ where: { number: 1 } });

    // The IFM fixes a response after publication.
    await saveDispositions({
      actor: f.staff,
      consultationId: f.consultation.id,
      commentIds: [f.comments.e.id],
      disposition: "out_of_scope",
      responseMd: "Rollback belongs to another procedure.",
    });
    const cookie = await sessionCookie(f.staff.id);
    const noNote = await call(
      builderAction,
      makeRequest("/consultations/rdap-move/statement/edit", { cookie, form: { intent: "publish", basedOnRevision: "1", erratum: "fix" } }),
      { slug: "rdap-move" },
    );
    expect(noNote.status).toBe(400);
    expect(noNote.data.errors.erratum).toMatch(/^Say what this correction changes/);
    expect(noNote.data.values.erratum).toBe("fix");
    // A stale form (based on no revision) does not publish over revision 1.
    const other = await person("Tomás IFM", ["ifm"]);
    const stale = await publishStatement({ actor: other, consultationId: f.consultation.id, basedOnRevision: 0 });
    expect(stale).toMatchObject({ ok: false, status: 409 });

    const corrected = await publishStatement({
      actor: f.staff,
      consultationId: f.consultation.id,
      basedOnRevision: 1,
      erratum: "The response to 9-8 now says the change is out of scope.",
    });
    expect(corrected).toMatchObject({ ok: true, revision: 2 });
    expect(await db().auditEvent.count({ where: { action: "statement.publish" } })).toBe(2);
    expect(await db().notificationEvent.count({ where: { type: "statement.published" } })).toBe(2);

    const r1 = await call(statementLoader, makeRequest("/consultations/rdap-move/statement?revision=1"), { slug: "rdap-move" });
    expect(r1.data.revision).toMatchObject({ number: 1, contentHash: before.contentHash });
    expect(r1.data.latest).toBe(2);
    expect(r1.data.html).toBe(before.html);
    expect(r1.data.html).toContain("Rollback stays manual");
    const r2 = await call(statementLoader, makeRequest("/consultations/rdap-move/statement"), { slug: "rdap-move" });
    expect(r2.data.revision).toMatchObject({ number: 2, erratum: "The response to 9-8 now says the change is out of scope." });
    expect(r2.data.html).toContain("Rollback belongs to another procedure.");
    expect(r2.data.revisions.map((r: { number: number }) => r.number)).toEqual([2, 1]);
    expect((await db().statementRevision.findFirstOrThrow({ where: { number: 1 } })).html).toBe(before.html);

    const edit = await call(statementAction, makeRequest("/consultations/rdap-move/statement?revision=1", { cookie, form: { html: "<p>changed</p>" } }), {
      slug: "rdap-move",
    });
    expect(edit.status).toBe(405);
    expect(edit.data.message).toMatch(/^A published statement cannot be changed/);
    const missing = await call(statementLoader, makeRequest("/consultations/rdap-move/statement?revision=7"), { slug: "rdap-move" });
    expect(missing.status).toBe(404);
  });

  test("before publication the statement page is a 404 with a clear message, and so are the exports", async () => {
    await closedConsultation();
    const page = await call(statementLoader, makeRequest("/consultations/rdap-move/statement"), { slug: "rdap-move" });
    expect(page.status).toBe(404);
    expect(page.data.message).toMatch(/^The final response statement of consultation 9 has not been published yet\./);
    expect((await call(markdownLoader, makeRequest("/consultations/rdap-move/statement.md"), { slug: "rdap-move" })).status).toBe(404);
    expect((await call(jsonLoader, makeRequest("/consultations/rdap-move/statement.json"), { slug: "rdap-move" })).status).toBe(404);
    expect((await call(statementLoader, makeRequest("/consultations/nowhere/statement"), { slug: "nowhere" })).status).toBe(404);
  });

  test("on the consultation page each answered comment shows its disposition and a link to its response, once published", async () => {
    const f = await closedConsultation();
    await answerAll(f);
    // A comment's footer in the page's threads: from its reference link to the end of its footer.
    const footer = (html: string, ref: string) => {
      const from = html.indexOf(`id="c-${ref}-ref"`);
      return from === -1 ? "" : html.slice(from, html.indexOf("</footer>", from));
    };
    const before = await call(consultationLoader, makeRequest("/consultations/rdap-move"), { slug: "rdap-move" });
    expect(before.data.threads.html).toContain('id="c-9-1-ref"');
    expect(before.data.threads.html).not.toContain("IFM’s disposition");
    await publishStatement({ actor: f.staff, consultationId: f.consultation.id, basedOnRevision: 0 });
    const after = await call(consultationLoader, makeRequest("/consultations/rdap-move"), { slug: "rdap-move" });
    const html = after.data.threads.html as string;
    expect(footer(html, "9-1")).toContain(
      'IFM’s disposition: <span class="disposition disposition-accepted">Accepted</span> <a href="/consultations/rdap-move/statement#response-9-1">Read the response in the statement</a>',
    );
    expect(footer(html, "9-5")).toContain(
      '<span class="disposition disposition-noted">Noted</span> <a href="/consultations/rdap-move/statement#response-9-5">',
    );
    expect(html).toContain(`id="c-9-4-ref"`);
    expect(footer(html, "9-4")).not.toContain("disposition"); // the IFM reply
    expect(after.data.statement).toEqual({ path: "/consultations/rdap-move/statement", revision: 1 });
    // In French the disposition is worded by the statement's catalogue.
    const french = await call(consultationLoader, makeRequest("/fr/consultations/rdap-move"), { slug: "rdap-move" });
    expect(footer(french.data.threads.html as string, "9-1")).toContain('<span class="disposition disposition-accepted">Acceptée</span>');
    expect(footer(french.data.threads.html as string, "9-5")).toContain('<span class="disposition disposition-noted">Prise en note</span>');
  });
});

// ------------------------------------------------------------------------------ notifications

describe("notifications", () => {
  let smtp: TestSmtp;
  beforeEach(async () => {
    smtp = await new TestSmtp().start();
    await useSmtpUrl(smtp.url);
  });
  afterEach(async () => {
    await closeTransport();
    await smtp.stop();
    await useSmtpUrl(undefined);
  });

  test("followers and every commenter are mailed; each commenter's mail names the disposition of their own comments", async () => {
    const f = await closedConsultation();
    await answerAll(f);
    const follower = await db().follower.create({
      data: {
        email: "reader@example.net",
        confirmedAt: new Date(NOW - 30 * DAY),
        subscriptions: { create: [{ scope: "consultation", consultationId: f.consultation.id }] },
      },
    });
    await publishStatement({ actor: f.staff, consultationId: f.consultation.id, basedOnRevision: 0 });
    const later = new Date(Date.now() + 60_000);
    for (let i = 0; i < 10; i++) if ((await processNotificationEvents({ now: later, batchSize: 50 })).processed === 0) break;
    for (let i = 0; i < 10; i++) if ((await deliverDueMessages({ now: later, limit: 200 })).sent === 0) break;

    const ngaire = smtp.one(f.people.ccRep.email);
    expect(ngaire.text).toContain("Your comment:");
    expect(ngaire.text).toContain("9-1: Accepted — http://localhost:3000/consultations/rdap-move/statement#response-9-1");
    expect(ngaire.text).toContain("Read the statement: http://localhost:3000/consultations/rdap-move/statement");
    expect(ngaire.html).toContain("Accepted");
    const sam = smtp.one(f.people.sam.email);
    // Sam's hidden and withdrawn comments have no disposition; the reply has one.
    expect(sam.text).toContain("9-5: Noted");
    expect(sam.text).not.toContain("9-6");
    expect(smtp.one(follower.email).text).not.toContain("Your comment");
    expect(smtp.to(f.staff.email)).toHaveLength(0); // not mailed about their own action
  });
});
