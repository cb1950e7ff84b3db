import { createHash } from "node:crypto";
import { db } from "~/services/db.server";
import { createUser } from "../../test/factories";
import { MAX_QUERY_TERMS, rebuildSearchIndex, searchConsultationIds, snippetToHtml, toFtsQuery } from "./search.server";

// ------------------------------------------------------------------ fixtures (Prisma directly)

let number = 0;

async function consultation({ title, summary = "A summary of the change for the list page.", plan }: { title: string; summary?: string; plan: string }) {
  const user = await createUser();
  number += 1;
  const hash = createHash("sha256").update(plan).digest("hex");
  return db().consultation.create({
    data: {
      number,
      slug: `c-${number}`,
      title,
      summary,
      category: "dnssec",
      affected: "both",
      contactName: "IFM",
      contactEmail: "ifm@example.org",
      createdById: user.id,
      publishedAt: new Date("2026-01-01T00:00:00Z"),
      opensAt: new Date("2026-01-01T00:00:00Z"),
      closesAt: new Date("2026-02-01T00:00:00Z"),
      versions: { create: { number: 1, bodyMd: plan, bodyHtml: "", contentHash: hash, createdById: user.id, publishedAt: new Date("2026-01-01T00:00:00Z") } },
    },
    select: { id: true, createdById: true, versions: { select: { id: true } } },
  });
}

async function comment(c: Awaited<ReturnType<typeof consultation>>, body: string, extra: { hiddenAt?: Date; withdrawnAt?: Date } = {}) {
  const { commentSeq } = await db().consultation.update({ where: { id: c.id }, data: { commentSeq: { increment: 1 } }, select: { commentSeq: true } });
  return db().comment.create({
    data: { consultationId: c.id, seq: commentSeq, authorId: c.createdById, planVersionId: c.versions[0].id, bodyMd: body, bodyHtml: "", ...extra },
  });
}

const ids = async (q: string) => (await searchConsultationIds({ q })).map((h) => h.consultationId);

// ------------------------------------------------------------------ turning input into a query

describe("toFtsQuery", () => {
  test("quotes every word and joins them, so all words must match", () => {
    expect(toFtsQuery("KSK rollover")).toBe('"KSK" "rollover"');
  });

  test("keeps a quoted phrase and words joined by punctuation together as phrases", () => {
    expect(toFtsQuery('"key signing key" ksk-2024 example.org')).toBe('"key signing key" "ksk 2024" "example org"');
  });

  test("drops FTS5 operators and syntax", () => {
    expect(toFtsQuery("ksk AND rollover OR NOT zsk NEAR(a b)")).toBe('"ksk" "rollover" "zsk" "a" "b"');
    expect(toFtsQuery("title:ksk ^algo* (x)")).toBe('"title ksk" "algo" "x"');
    expect(toFtsQuery('") OR 1=1 --')).toBe('"1 1"');
    // Lower-case "and" is a word, not an operator.
    expect(toFtsQuery("glue and ds")).toBe('"glue" "and" "ds"');
  });

  test("gives nothing to search for when only punctuation, operators or blanks are left", () => {
    for (const input of ["", "   ", '"', '""', "*", "NEAR(", "AND", "-- ;", "🙂", null, undefined]) {
      expect(toFtsQuery(input), String(input)).toBeNull();
    }
  });

  test("keeps letters of every script and caps the number of terms", () => {
    expect(toFtsQuery("Zoë ДНС 根区")).toBe('"Zoë" "ДНС" "根区"');
    const many = Array.from({ length: 40 }, (_, i) => `w${i}`).join(" ");
    expect(toFtsQuery(many)!.split('" "')).toHaveLength(MAX_QUERY_TERMS);
  });
});

describe("snippetToHtml", () => {
  test("escapes everything except the highlight marks", () => {
    expect(snippetToHtml("a <script>alert('x')</script> & \u0002ksk\u0003 \"q\"")).toBe(
      "a &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; <mark>ksk</mark> &quot;q&quot;",
    );
  });

  test("drops markdown heading, list and bold markers and collapses whitespace", () => {
    expect(snippetToHtml("## Scope\n\n- a **\u0002new\u0003** key\n2. then")).toBe("Scope a <mark>new</mark> key then");
  });

  test("drops stray markers so the <mark> tags always balance", () => {
    expect(snippetToHtml("\u0003a \u0002b\u0003 c\u0002")).toBe("a <mark>b</mark> c");
  });
});

// ------------------------------------------------------------------ searching

test("finds a consultation by a word in its current plan, its title or its summary", async () => {
  const ksk = await consultation({ title: "Root zone KSK rollover", plan: "# Scope\n\nWe generate a new key with ECDSA algorithm 13." });
  const rdap = await consultation({ title: "RDAP base URL move", summary: "Moving the bootstrap registry to a new host.", plan: "The registry moves." });
  expect(await ids("ecdsa")).toEqual([ksk.id]);
  expect(await ids("rollover")).toEqual([ksk.id]);
  expect(await ids("bootstrap")).toEqual([rdap.id]);
  expect(await ids("ecdsa bootstrap")).toEqual([]); // every word must match
});

test("the snippet highlights the matched words and escapes the plan's text", async () => {
  await consultation({ title: "Glue policy", plan: "Operators <b>must</b> publish glue for in-bailiwick name servers & check it." });
  const [hit] = await searchConsultationIds({ q: "glue check" });
  expect(hit.matchedIn).toBe("consultation");
  expect(hit.snippet).toContain("<mark>glue</mark>");
  expect(hit.snippet).toContain("&lt;b&gt;must&lt;/b&gt;");
  expect(hit.snippet).toContain("&amp; <mark>check</mark>");
  expect(hit.snippet.replace(/<\/?mark>/g, "")).not.toMatch(/[<>]/);
});

test("stems English words and folds diacritics", async () => {
  const c = await consultation({ title: "Key rollovers", plan: "Comments from the Réseau IP Européens community are welcome." });
  expect(await ids("rollover")).toEqual([c.id]);
  expect(await ids("reseau europeens")).toEqual([c.id]);
  expect(await ids("RÉSEAU")).toEqual([c.id]);
});

test("a revised plan is searched in its new text, not the old one", async () => {
  const c = await consultation({ title: "Trust anchor publication", plan: "We publish the trust anchor as XML." });
  await db().planVersion.create({
    data: {
      consultationId: c.id,
      number: 2,
      bodyMd: "We publish the trust anchor as JSON.",
      bodyHtml: "",
      contentHash: "h2",
      createdById: c.createdById,
      publishedAt: new Date(),
    },
  });
  expect(await ids("json")).toEqual([c.id]);
  expect(await ids("xml")).toEqual([]);
  // A draft edited in place (the version updated) is re-indexed too, and so is a new title.
  await db().planVersion.update({ where: { consultationId_number: { consultationId: c.id, number: 2 } }, data: { bodyMd: "Now as CBOR." } });
  await db().consultation.update({ where: { id: c.id }, data: { title: "Trust anchor formats" } });
  expect(await ids("cbor formats")).toEqual([c.id]);
  expect(await ids("json")).toEqual([]);
});

test("finds a consultation by a word that is only in one of its comments, ranked after direct matches", async () => {
  const viaComment = await consultation({ title: "Zone file access", plan: "Nothing about signing here." });
  await comment(viaComment, "Please consider the **NSEC3** opt-out implications.");
  const direct = await consultation({ title: "NSEC3 parameters", plan: "Iterations go to zero." });
  const hits = await searchConsultationIds({ q: "nsec3" });
  expect(hits.map((h) => [h.consultationId, h.rank, h.matchedIn])).toEqual([
    [direct.id, 1, "consultation"],
    [viaComment.id, 2, "comment"],
  ]);
  expect(hits[1].snippet).toContain("<mark>NSEC3</mark>");
});

test("a consultation matched both directly and through comments is listed once, as a direct match", async () => {
  const c = await consultation({ title: "Algorithm rollover", plan: "Algorithm 13." });
  await comment(c, "The algorithm choice is fine.");
  await comment(c, "Another algorithm remark.");
  expect(await searchConsultationIds({ q: "algorithm" })).toMatchObject([{ consultationId: c.id, matchedIn: "consultation", rank: 1 }]);
});

test("does not find words that are only in a hidden or a withdrawn comment", async () => {
  const c = await consultation({ title: "Registry interface change", plan: "The interface changes." });
  await comment(c, "This is spamword advertising.", { hiddenAt: new Date() });
  await comment(c, "I take back my remark about zebrafish.", { withdrawnAt: new Date() });
  expect(await ids("spamword")).toEqual([]);
  expect(await ids("zebrafish")).toEqual([]);
});

test("hiding, withdrawing, restoring and editing a comment keep the index in step", async () => {
  const c = await consultation({ title: "Root zone update cadence", plan: "Twice daily." });
  const m = await comment(c, "What about the quokka timeline?");
  expect(await ids("quokka")).toEqual([c.id]);

  await db().comment.update({ where: { id: m.id }, data: { hiddenAt: new Date(), hiddenReason: "off-topic" } });
  expect(await ids("quokka")).toEqual([]);
  await db().comment.update({ where: { id: m.id }, data: { hiddenAt: null, hiddenReason: null } });
  expect(await ids("quokka")).toEqual([c.id]);

  await db().comment.update({ where: { id: m.id }, data: { bodyMd: "What about the wombat timeline?", editedAt: new Date() } });
  expect(await ids("quokka")).toEqual([]);
  expect(await ids("wombat")).toEqual([c.id]);

  await db().comment.update({ where: { id: m.id }, data: { withdrawnAt: new Date() } });
  expect(await ids("wombat")).toEqual([]);
  // Updates that do not touch the text or visibility leave the index alone.
  await db().comment.update({ where: { id: m.id }, data: { withdrawnAt: null } });
  await db().comment.update({ where: { id: m.id }, data: { lastActivityAt: new Date() } });
  expect(await ids("wombat")).toEqual([c.id]);
  const [{ n }] = await db().$queryRawUnsafe<{ n: bigint | number }[]>(`SELECT count(*) AS n FROM "CommentSearch"`);
  expect(Number(n)).toBe(1);
});

test("deleting a consultation removes it and its comments from the index", async () => {
  const c = await consultation({ title: "Ephemeral plan", plan: "Platypus." });
  await comment(c, "A capybara remark.");
  await db().consultation.delete({ where: { id: c.id } });
  expect(await ids("platypus")).toEqual([]);
  expect(await ids("capybara")).toEqual([]);
});

test("hostile queries never raise an error", async () => {
  const c = await consultation({ title: "Query robustness", plan: "Ordinary words, one two." });
  await comment(c, "Ordinary comment.");
  const hostile = [
    '"',
    "'",
    "*",
    "NEAR(",
    "NEAR(a b, 3)",
    ") OR 1=1 --",
    '\'; DROP TABLE "Consultation"; --',
    "title:x",
    "^a",
    "a OR",
    "(((",
    "\u0000",
    "\u0002\u0003",
    "🙂🙃",
    "ÿ̶̢",
    "x".repeat(10_240),
    "one ".repeat(3000),
  ];
  for (const q of hostile) {
    await expect(searchConsultationIds({ q }), JSON.stringify(q.slice(0, 20))).resolves.toBeInstanceOf(Array);
  }
  expect(await ids("one AND two")).toEqual([c.id]);
  expect(await db().consultation.count()).toBe(1);
});

test("an empty query gives no results and the limit is respected", async () => {
  for (let i = 0; i < 5; i++) await consultation({ title: `Plan ${i} about anycast`, plan: "Anycast." });
  expect(await searchConsultationIds({ q: "" })).toEqual([]);
  expect(await searchConsultationIds({ q: "   " })).toEqual([]);
  const hits = await searchConsultationIds({ q: "anycast", limit: 3 });
  expect(hits.map((h) => h.rank)).toEqual([1, 2, 3]);
});

test("rebuildSearchIndex re-creates the indexes from the tables", async () => {
  const c = await consultation({ title: "Rebuild check", plan: "Narwhal." });
  await comment(c, "A visible pelican.");
  await comment(c, "A hidden heron.", { hiddenAt: new Date() });
  await db().$executeRawUnsafe(`DELETE FROM "ConsultationSearch"`);
  await db().$executeRawUnsafe(`DELETE FROM "CommentSearch"`);
  expect(await ids("narwhal")).toEqual([]);
  expect(await rebuildSearchIndex()).toEqual({ consultations: 1, comments: 1, attachments: 0, statementFiles: 0 });
  expect(await ids("narwhal")).toEqual([c.id]);
  expect(await ids("pelican")).toEqual([c.id]);
  expect(await ids("heron")).toEqual([]);
});
