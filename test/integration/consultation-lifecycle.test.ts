import { db } from "~/services/db.server";
import {
  createDraft,
  extendClosing,
  getConsultationPage,
  getVersionsToCompare,
  publishConsultation,
  reviseConsultation,
  updateDraft,
  withdrawConsultation,
} from "~/features/consultations/consultation.server";
import { draftSchema, publishSchema } from "~/features/consultations/validation";
import { createUser, setSetting } from "../factories";

const DAY = 24 * 3600 * 1000;
const now = new Date("2026-06-01T12:00:00Z");

function draftInput(overrides: Record<string, string> = {}) {
  return draftSchema.parse({
    title: "Root zone KSK algorithm rollover",
    summary: "Move the root zone KSK from RSA/SHA-256 to ECDSA P-256 with a double-signed rollover.",
    bodyMd: "## Background\n\nWhy.\n\n## Rollback\n\nHow we revert.",
    category: "dnssec",
    affected: "both",
    basis: "technical",
    dugRequired: "on",
    contactName: "Hanna Lindqvist",
    contactEmail: "hanna@iana-ifm.example",
    timeline: "2027-01-15 Pre-publication of the new KSK\n2027-04-01 — Rollover",
    ...overrides,
  });
}

async function staffDraft() {
  const staff = await createUser({ roles: ["ifm"] });
  const draft = await createDraft({ actor: staff, input: draftInput(), now });
  if (!draft.ok) throw new Error(draft.message);
  return { staff, draft };
}

test("a draft gets the next number, a slug from its title, version 1 with rendered plan and headings", async () => {
  const { draft } = await staffDraft();
  const row = await db().consultation.findUniqueOrThrow({ where: { id: draft.id }, include: { versions: true } });
  expect(row).toMatchObject({ number: 1, slug: "root-zone-ksk-algorithm-rollover", publishedAt: null });
  expect(row.versions).toHaveLength(1);
  expect(row.versions[0].bodyHtml).toContain('<h2 id="rollback">Rollback</h2>');
  expect(JSON.parse(row.versions[0].headingsJson).map((h: { id: string }) => h.id)).toEqual(["background", "rollback"]);
  expect(JSON.parse(row.versions[0].timelineJson)).toEqual([
    { date: "2027-01-15", label: "Pre-publication of the new KSK" },
    { date: "2027-04-01", label: "Rollover" },
  ]);
  const second = await createDraft({ actor: { id: row.createdById, roles: ["ifm"] }, input: draftInput(), now });
  expect(second).toMatchObject({ ok: true, slug: "root-zone-ksk-algorithm-rollover-2" });
});

test("a chosen slug that is taken is refused on the slug field", async () => {
  const { staff } = await staffDraft();
  const clash = await createDraft({ actor: staff, input: draftInput({ slug: "root-zone-ksk-algorithm-rollover" }), now });
  expect(clash).toMatchObject({ ok: false, status: 409, field: "slug" });
});

test("drafts are invisible to the public and visible to staff", async () => {
  const { draft } = await staffDraft();
  expect(await getConsultationPage({ slug: draft.slug, viewer: { isStaff: false }, now })).toBeNull();
  expect((await getConsultationPage({ slug: draft.slug, viewer: { isStaff: true }, now }))?.status).toBe("draft");
});

test("publishing needs a window of at least MIN_COMMENT_DAYS, and says so", async () => {
  const { staff, draft } = await staffDraft();
  const short = await publishConsultation({ actor: staff, consultationId: draft.id, opensAt: now, closesAt: new Date(now.getTime() + 29 * DAY), now });
  expect(short).toMatchObject({ ok: false, field: "closesAt" });
  expect(!short.ok && short.message).toMatch(/at least 30 days: close on or after 2026-07-01 12:00 UTC/);
  // A closing before the opening is refused by the form's schema, before the model is asked.
  const backwards = publishSchema.safeParse({ opensAt: "2026-06-01T12:00", closesAt: "2026-05-31T12:00" });
  expect(backwards.error?.issues).toMatchObject([{ path: ["closesAt"], message: "The closing must be after the opening." }]);

  await setSetting("MIN_COMMENT_DAYS", "10");
  const ok = await publishConsultation({ actor: staff, consultationId: draft.id, opensAt: now, closesAt: new Date(now.getTime() + 10 * DAY), now });
  expect(ok).toEqual({ ok: true });
  const page = await getConsultationPage({ slug: draft.slug, viewer: { isStaff: false }, now });
  expect(page?.status).toBe("open");
  expect(page?.awaitingDug).toBe(true);
  expect(page?.history.map((h) => h.action)).toEqual(["consultation.publish"]);
  expect(await db().notificationEvent.count({ where: { type: "consultation.published" } })).toBe(1);
});

test("a minimum period of one day is worded in the singular", async () => {
  const { staff, draft } = await staffDraft();
  await setSetting("MIN_COMMENT_DAYS", "1");
  const short = await publishConsultation({ actor: staff, consultationId: draft.id, opensAt: now, closesAt: new Date(now.getTime() + DAY / 2), now });
  expect(!short.ok && short.message).toBe("The comment period must last at least 1 day: close on or after 2026-06-02 12:00 UTC.");
});

test("an opening in the future makes the consultation upcoming; an opening in the past is refused", async () => {
  const { staff, draft } = await staffDraft();
  const past = await publishConsultation({
    actor: staff,
    consultationId: draft.id,
    opensAt: new Date(now.getTime() - 2 * 3600_000),
    closesAt: new Date(now.getTime() + 40 * DAY),
    now,
  });
  expect(past).toMatchObject({ ok: false, field: "opensAt" });
  await publishConsultation({
    actor: staff,
    consultationId: draft.id,
    opensAt: new Date(now.getTime() + DAY),
    closesAt: new Date(now.getTime() + 40 * DAY),
    now,
  });
  expect((await getConsultationPage({ slug: draft.slug, viewer: { isStaff: false }, now }))?.status).toBe("upcoming");
});

test("publishing twice publishes once", async () => {
  const { staff, draft } = await staffDraft();
  const window = { opensAt: now, closesAt: new Date(now.getTime() + 31 * DAY) };
  await publishConsultation({ actor: staff, consultationId: draft.id, ...window, now });
  expect(await publishConsultation({ actor: staff, consultationId: draft.id, ...window, now })).toMatchObject({ ok: false, status: 409 });
  expect(await db().auditEvent.count({ where: { action: "consultation.publish" } })).toBe(1);
});

async function published() {
  const { staff, draft } = await staffDraft();
  await publishConsultation({ actor: staff, consultationId: draft.id, opensAt: now, closesAt: new Date(now.getTime() + 31 * DAY), now });
  return { staff, draft };
}

test("a published draft can no longer be edited in place", async () => {
  const { staff, draft } = await published();
  expect(await updateDraft({ actor: staff, consultationId: draft.id, input: draftInput({ title: "Changed title" }) })).toMatchObject({
    ok: false,
    status: 409,
  });
});

test("a revision adds version 2; version 1 stays readable and the two can be compared", async () => {
  const { staff, draft } = await published();
  const later = new Date(now.getTime() + DAY);
  const revised = await reviseConsultation({
    actor: staff,
    consultationId: draft.id,
    bodyMd: "## Background\n\nWhy, with data.\n\n## Rollback\n\nHow we revert.",
    changeSummary: "Added measurement data.",
    timeline: [],
    now: later,
  });
  expect(revised).toEqual({ ok: true, version: 2 });
  const page = await getConsultationPage({ slug: draft.slug, viewer: { isStaff: false }, now: later });
  expect(page?.currentVersion).toBe(2);
  expect(page?.versions.map((v) => v.number)).toEqual([2, 1]);
  const v1 = await getConsultationPage({ slug: draft.slug, viewer: { isStaff: false }, versionNumber: 1, now: later });
  expect(v1?.plan).toMatchObject({ number: 1, isCurrent: false });
  expect(v1?.plan.html).toContain("<p>Why.</p>");
  const pair = await getVersionsToCompare({ slug: draft.slug, from: 1, to: 2, viewer: { isStaff: false } });
  expect(pair?.to.bodyMd).toContain("with data");
  expect(page?.history.at(-1)?.text).toBe("Plan revised to version 2: Added measurement data.");
});

test("a revision identical to the current version is refused", async () => {
  const { staff, draft } = await published();
  const same = await reviseConsultation({
    actor: staff,
    consultationId: draft.id,
    bodyMd: draftInput().bodyMd,
    changeSummary: "Nothing really",
    timeline: draftInput().timeline,
    now,
  });
  expect(same).toMatchObject({ ok: false, field: "bodyMd" });
});

test("extending records the reason publicly; an earlier date is refused", async () => {
  const { staff, draft } = await published();
  const row = await db().consultation.findUniqueOrThrow({ where: { id: draft.id } });
  const earlier = await extendClosing({
    actor: staff,
    consultationId: draft.id,
    closesAt: new Date(row.closesAt!.getTime() - DAY),
    reason: "Because of reasons",
    now,
  });
  expect(earlier).toMatchObject({ ok: false, field: "closesAt" });
  const ok = await extendClosing({
    actor: staff,
    consultationId: draft.id,
    closesAt: new Date(row.closesAt!.getTime() + 7 * DAY),
    reason: "Requested by several ccTLD managers",
    now,
  });
  expect(ok).toEqual({ ok: true });
  const page = await getConsultationPage({ slug: draft.slug, viewer: { isStaff: false }, now });
  expect(page?.extensions).toMatchObject([{ reason: "Requested by several ccTLD managers" }]);
  expect(page?.history.at(-1)?.text).toMatch(/Closing extended .* Reason: Requested by several ccTLD managers/);
});

test("withdrawing shows the reason and ends the consultation; a draft cannot be withdrawn", async () => {
  const { staff, draft } = await staffDraft();
  expect(await withdrawConsultation({ actor: staff, consultationId: draft.id, reason: "Superseded by a new plan", now })).toMatchObject({
    ok: false,
    status: 409,
  });
  await publishConsultation({ actor: staff, consultationId: draft.id, opensAt: now, closesAt: new Date(now.getTime() + 31 * DAY), now });
  expect(await withdrawConsultation({ actor: staff, consultationId: draft.id, reason: "Superseded by a new plan", now })).toEqual({ ok: true });
  const page = await getConsultationPage({ slug: draft.slug, viewer: { isStaff: false }, now });
  expect(page?.status).toBe("withdrawn");
  expect(page?.consultation.withdrawnReason).toBe("Superseded by a new plan");
  expect(await reviseConsultation({ actor: staff, consultationId: draft.id, bodyMd: "x", changeSummary: "Too late now", timeline: [], now })).toMatchObject({
    ok: false,
    status: 409,
  });
  expect(
    await extendClosing({ actor: staff, consultationId: draft.id, closesAt: new Date(now.getTime() + 90 * DAY), reason: "Too late now", now }),
  ).toMatchObject({ ok: false, status: 409 });
});

test("the draft form rejects bad input with a message per field", () => {
  const result = draftSchema.safeParse({
    title: "x",
    summary: "",
    bodyMd: " ",
    category: "policy",
    affected: "",
    basis: "policy",
    contactName: "",
    contactEmail: "nope",
    timeline: "next week sometime",
    slug: "Bad Slug!",
  });
  expect(result.success).toBe(false);
  const fields = new Set(result.error!.issues.map((i) => String(i.path[0])));
  for (const f of ["title", "summary", "bodyMd", "category", "affected", "basis", "contactName", "contactEmail", "timeline", "slug"])
    expect(fields, f).toContain(f);
});
