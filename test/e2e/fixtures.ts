import { randomUUID } from "node:crypto";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, expect } from "vitest";
import { postComment } from "~/features/comments/comment.server";
import { createDraft, publishConsultation, reviseConsultation } from "~/features/consultations/consultation.server";
import type { Milestone } from "~/features/consultations/fields";
import { hideComment } from "~/features/comments/moderation.server";
import { draftSchema } from "~/features/consultations/validation";
import { createOrganisation, verifyRepresentative } from "~/features/accounts/organisation.server";
import { certifyReview, openReview, recordPosition, type PositionInput } from "~/features/dug/review.server";
import { endTerm, getRoster, seatMember, setChair } from "~/features/dug/roster.server";
import { confirmEmailFollow, requestEmailFollow } from "~/features/following/following.server";
import { confirmToken } from "~/features/following/tokens.server";
import { publishStatement, saveDispositions, saveStatementTexts } from "~/features/statement/statement.server";
import type { Disposition } from "~/features/statement/content";
import type { Role } from "~/models/roles";
import { db, disconnectDb } from "~/services/db.server";
import { resetEnvCache } from "~/services/env.server";
import { createUser, sessionCookie } from "../factories";
import { E2E_SESSION_SECRET, launchBrowser, startApp, trackedPage, type App } from "./harness";

// The preconditions of end-to-end tests, made in a moment through the app's own model functions
// on the running server's database file, so that each test sets up what it needs and runs alone
// and in any order; only the behaviour a test is named for goes through the browser.
//
// The server runs with its cache of anonymous pages on, as deployed: the writes made here move the
// database's page generation like any other, so no test reads a page cached before its own
// preconditions were written.

export type Person = { id: string; email: string; name: string; roles: Role[] };
export type Consultation = { id: string; number: number; slug: string; title: string };
export type ConsultationState = "draft" | "open" | "closed";
export type Organisation = { id: string; name: string; tlds: string[] };

const DAY = 86_400_000;

/** Markdown of a plan with three sections (heading ids background, proposed-change, impact). */
export const DEFAULT_PLAN = `## Background

The root zone key signing key is signed with RSA/SHA-256 today.

## Proposed change

We will roll the key signing key to ECDSA P-256 over six months, with a standby key published first.

## Impact on TLD operators

Validating resolvers need no change. Operators should check that their monitoring accepts algorithm 13.
`;

type ConsultationOptions = {
  /** draft: only IFM staff see it; open: published a day ago, closing in 30 days; closed: its period ended 9 days ago. */
  state?: ConsultationState;
  title: string;
  summary?: string;
  plan?: string;
  dugRequired?: boolean;
  /** Comments posted while the period was open, in this order. */
  comments?: CommentOptions[];
};

type CommentOptions = {
  by: Person;
  body: string;
  /** The comment replied to. */
  replyTo?: { id: string };
  /** Heading id of a section of the plan. */
  section?: string;
  onBehalfOf?: Organisation;
};

export type Posted = { id: string; ref: string };

/**
 * Starts the built app (one server per test file, on a fresh database) and one browser, points
 * this process's app modules at the server's database, and gives each test its fixtures. Pages
 * opened by a test are closed after it, and a script error in any of them fails the test.
 */
export function appFixtures({ demoData = false, env = {} }: { demoData?: boolean; env?: Record<string, string> } = {}) {
  const fixtures = new AppFixtures();
  beforeAll(async () => {
    fixtures.app = await startApp({ demoData, env });
    process.env.DATABASE_URL = fixtures.app.dbUrl;
    process.env.APP_URL = fixtures.app.url;
    process.env.MAIL_DIR = fixtures.app.mailDir;
    process.env.SESSION_SECRET = E2E_SESSION_SECRET;
    process.env.DEMO_DATA = "off";
    resetEnvCache();
    fixtures.browser = await launchBrowser();
  });
  afterEach(async () => {
    const errors = fixtures.scriptErrors.splice(0);
    for (const context of fixtures.contexts.splice(0)) await context.close().catch(() => {});
    expect(errors).toEqual([]);
  });
  afterAll(async () => {
    await fixtures.browser?.close();
    await disconnectDb();
    await fixtures.app?.stop();
  });
  return fixtures;
}

class AppFixtures {
  app!: App;
  browser!: Browser;
  readonly contexts: BrowserContext[] = [];
  readonly scriptErrors: string[] = [];
  private counter = 0;
  private readonly names = new Set<string>();
  private operatorPerson: Promise<Person> | undefined;

  /**
   * A new address `local-N@domain`, never used before in this app. No address is a substring of
   * another (the harness finds mails by substring): each ends in its own "-N@domain".
   */
  address(local: string, domain = "example.org"): string {
    return `${local}-${++this.counter}@${domain}`;
  }

  /**
   * A new account with a display name and roles (administrator or IFM staff; DUG roles come with
   * a seat, see dugRoster). Names are unique in the app, so a page can be searched by name.
   */
  async person(name: string, { roles = [] }: { roles?: ("admin" | "ifm")[] } = {}): Promise<Person> {
    if (this.names.has(name)) throw new Error(`another fixture already created "${name}": give each person of a file its own name`);
    this.names.add(name);
    const email = this.address(name.toLowerCase().replace(/[^a-z0-9]+/g, "."));
    const user = await createUser({ email, displayName: name, roles });
    return { id: user.id, email, name, roles };
  }

  /** A browser page, signed in as `as` (a session started as signing in would) or anonymous. */
  async page({ as, javaScript = true }: { as?: Person; javaScript?: boolean } = {}): Promise<Page> {
    const page = await trackedPage(this.browser, this.contexts, this.scriptErrors, { javaScriptEnabled: javaScript });
    if (as) {
      const [name, ...value] = (await sessionCookie(as.id)).split("=");
      await page.context().addCookies([{ name, value: value.join("="), url: this.app.url }]);
    }
    return page;
  }

  /** A new person with these roles and a page signed in as them. */
  async signedIn(name: string, options: { roles?: ("admin" | "ifm")[]; javaScript?: boolean } = {}) {
    const person = await this.person(name, options);
    return { person, page: await this.page({ as: person, javaScript: options.javaScript }) };
  }

  /** The administrator and IFM staff member in whose name fixtures act. */
  operator(): Promise<Person> {
    this.operatorPerson ??= this.person("Sam Operator", { roles: ["admin", "ifm"] });
    return this.operatorPerson;
  }

  /** A consultation in the given state, with its plan version 1 and the given comments (posted in order). */
  async consultation({ state = "open", title, summary, plan = DEFAULT_PLAN, dugRequired = false, comments = [] }: ConsultationOptions) {
    const actor = await this.operator();
    const now = Date.now();
    // A closed period is written as it happened: opened 40 days ago for 31 days.
    const publishedAt = new Date(state === "closed" ? now - 40 * DAY : now - DAY);
    const closesAt = new Date(publishedAt.getTime() + 31 * DAY);
    const input = draftSchema.parse({
      title,
      summary: summary ?? `${title}: what changes for TLD operators, and when.`,
      bodyMd: plan,
      category: "dnssec",
      affected: "both",
      basis: "technical",
      dugRequired: dugRequired ? "on" : undefined,
      contactName: actor.name,
      contactEmail: "plans@ifm.example",
    });
    const draft = await must("creating the draft", () => createDraft({ actor, input, now: publishedAt }));
    if (state !== "draft") {
      await must("publishing", () => publishConsultation({ actor, consultationId: draft.id, opensAt: publishedAt, closesAt, now: publishedAt }));
    }
    const { number } = await db().consultation.findUniqueOrThrow({ where: { id: draft.id }, select: { number: true } });
    const consultation: Consultation = { id: draft.id, number, slug: draft.slug, title };
    const posted: Posted[] = [];
    for (const [i, comment] of comments.entries()) {
      posted.push(await this.postComment(consultation, comment, state === "closed" ? new Date(publishedAt.getTime() + DAY + i * 60_000) : undefined));
    }
    return { ...consultation, comments: posted };
  }

  /** A comment (or a reply) posted now by `by`, as the comment form would. */
  async comment(consultation: Consultation, comment: CommentOptions): Promise<Posted> {
    const posted = await this.postComment(consultation, comment);
    return posted;
  }

  private async postComment(consultation: Consultation, { by, body, replyTo, section, onBehalfOf }: CommentOptions, now?: Date): Promise<Posted> {
    const result = await must("posting a comment", () =>
      postComment({
        consultationId: consultation.id,
        author: by,
        bodyMd: body,
        parentId: replyTo?.id ?? null,
        sectionId: section ?? null,
        onBehalfOf: onBehalfOf?.id ?? null,
        idempotencyKey: randomUUID(),
        // Addresses of their own, so fixtures never use up the rate limits of the browser's.
        ip: `198.51.100.${(this.counter++ % 250) + 1}`,
        now,
      }),
    );
    return { id: result.comment.id, ref: result.comment.ref };
  }

  /** Moves the closing time (there is no such command: periods are extended or shortened with notice). */
  async setClosingTime(consultation: Consultation, closesAt: Date) {
    await db().consultation.update({ where: { id: consultation.id }, data: { closesAt } });
  }

  /** A TLD registry operator; without a name, one of its own with a TLD of its own. */
  async organisation({ name, tlds, kind = "cctld" }: { name?: string; tlds?: string[]; kind?: "cctld" | "gtld" } = {}): Promise<Organisation> {
    const n = ++this.counter;
    const input = { name: name ?? `Registry ${n}`, kind, tlds: tlds ?? [`r${letters(n)}`] };
    const actor = await this.operator();
    const created = await must("creating the organisation", () => createOrganisation({ actor, input }));
    return { id: created.id, name: input.name, tlds: input.tlds };
  }

  /** Records `person` as a verified representative of `organisation`. */
  async representative(person: Person, organisation: Organisation, title: string | null = null) {
    const actor = await this.operator();
    await must("verifying", () => verifyRepresentative({ actor, userId: person.id, organisationId: organisation.id, title }));
  }

  /**
   * A DUG of exactly these voting members, each from a registry, `chair` in the chair: every
   * current term (of another test's DUG) is ended first, so the rule counts these members only.
   */
  async dugRoster({ chair, members }: { chair: string; members: string[] }) {
    const actor = await this.operator();
    await this.endEveryTerm();
    const organisation = await this.organisation();
    const seat = async (name: string) => {
      const person = await this.person(name);
      const seated = await must("seating a member", () =>
        seatMember({ actor, input: { email: person.email, seat: "voting", organisationId: organisation.id, termStart: new Date(Date.now() - 60_000) } }),
      );
      return { person, seatId: seated.seatId };
    };
    const head = await seat(chair);
    await must("choosing the chair", () => setChair({ actor, seatId: head.seatId }));
    const others = [];
    for (const name of members) others.push((await seat(name)).person);
    return { chair: head.person, members: others };
  }

  /** Ends every current DUG term, for a test that seats its members through the roster page. */
  async emptyDugRoster() {
    await this.endEveryTerm();
  }

  private async endEveryTerm() {
    const actor = await this.operator();
    const roster = await getRoster();
    for (const seat of [...roster.voting, ...roster.liaisons]) await must("ending a term", () => endTerm({ actor, seatId: seat.id }));
  }

  /** Opens the next DUG review round of the consultation, with a deadline in two weeks. */
  async openDugReview(consultation: Consultation): Promise<string> {
    const actor = await this.operator();
    const deadline = new Date(Date.now() + 14 * DAY);
    const opened = await must("opening the DUG review", () => openReview({ actor, consultationId: consultation.id, deadline }));
    return opened.reviewId;
  }

  /** The chair's certification of a review round: its outcome and the agreement record's hash. */
  async certifyDugReview(reviewId: string, chair: Person, outcome: "agreed" | "not_agreed" = "agreed"): Promise<string> {
    const certified = await must("certifying the DUG review", () => certifyReview({ actor: chair, reviewId, outcome }));
    return certified.recordHash;
  }

  /** Publishes a new version of the plan (its text, a change summary and a timeline), as the IFM's revise form would. */
  async revisePlan(consultation: Consultation, { bodyMd, changeSummary, timeline = [] }: { bodyMd: string; changeSummary: string; timeline?: Milestone[] }) {
    const actor = await this.operator();
    await must("revising the plan", () => reviseConsultation({ actor, consultationId: consultation.id, bodyMd, changeSummary, timeline }));
  }

  /** Hides a comment as IFM moderation does, with the public reason. */
  async hideComment(comment: Posted, reason: string) {
    const actor = await this.operator();
    await must("hiding the comment", () => hideComment({ actor, commentId: comment.id, reason }));
  }

  /** Records a voting member's position in a review. */
  async dugPosition(reviewId: string, member: Person, input: PositionInput) {
    await must("recording the position", () => recordPosition({ actor: member, reviewId, input }));
  }

  /** An address (no account) that follows the consultation by email, confirmed as from its mail. */
  async emailFollower(email: string, consultation: Consultation): Promise<string> {
    await must("following", () => requestEmailFollow({ email, target: { consultationId: consultation.id }, ip: `203.0.113.${(this.counter++ % 250) + 1}` }));
    const follower = await db().follower.findUniqueOrThrow({ where: { email }, select: { id: true } });
    await must("confirming", () => confirmEmailFollow({ token: confirmToken(follower.id) }));
    return follower.id;
  }

  /** The IFM's disposition of these comments of a closed consultation (tagged with `themes` when given). */
  async disposition(consultation: Consultation, comments: Posted[], disposition: Disposition, response: string, themes?: string[]) {
    const actor = await this.operator();
    await must("answering", () =>
      saveDispositions({
        actor,
        consultationId: consultation.id,
        commentIds: comments.map((c) => c.id),
        disposition,
        responseMd: response,
        ...(themes ? { themes, themesMode: "replace" as const } : {}),
      }),
    );
  }

  /** The statement's introduction, as the IFM writes it in the builder. */
  async statementIntro(consultation: Consultation, introMd: string) {
    const actor = await this.operator();
    await must("saving the statement's texts", () => saveStatementTexts({ actor, consultationId: consultation.id, introMd, analysisMd: "", nextStepsMd: "" }));
  }

  /** Publishes the final response statement (every comment must have its disposition). */
  async publishStatement(consultation: Consultation) {
    const actor = await this.operator();
    await must("publishing the statement", () => publishStatement({ actor, consultationId: consultation.id, basedOnRevision: 0 }));
  }
}

/**
 * Runs a model command and returns its success, or throws an error that says which fixture was
 * refused and why. A command whose transaction meets the server's write (SQLITE_BUSY: this is a
 * second process on the database, see docs/decisions/015) was rolled back whole and is run again.
 */
async function must<T extends { ok: boolean }>(what: string, command: () => Promise<T>): Promise<Extract<T, { ok: true }>> {
  for (let attempt = 1; ; attempt++) {
    let result: T;
    try {
      result = await command();
    } catch (error) {
      if (!isBusy(error) || attempt >= 8) throw error;
      await new Promise((resolve) => setTimeout(resolve, 25 * attempt));
      continue;
    }
    if (!result.ok) throw new Error(`fixture refused (${what}): ${(result as { message?: string }).message ?? JSON.stringify(result)}`);
    return result as Extract<T, { ok: true }>;
  }
}

/** SQLITE_BUSY as Prisma reports it (P1008, "Operation has timed out") or as better-sqlite3 does. */
function isBusy(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown };
  return e?.code === "P1008" || (typeof e?.message === "string" && /SQLITE_BUSY|database is locked|Operation has timed out/.test(e.message));
}

/** 1 → "a", 26 → "z", 27 → "aa": TLD labels made of letters. */
function letters(n: number): string {
  let s = "";
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26)) s = String.fromCharCode(97 + ((k - 1) % 26)) + s;
  return s;
}
