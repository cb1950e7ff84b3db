import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
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

let files = 0;

/** A file of a comment (or, with `statementId`, of the final statement), its text extracted or not yet. */
async function attachment(
  c: Awaited<ReturnType<typeof consultation>>,
  owner: { commentId: string } | { statementId: string },
  { position = 1, text = null, fileName = "notes.txt" }: { position?: number; text?: string | null; fileName?: string },
) {
  files += 1;
  return db().attachment.create({
    data: {
      ...owner,
      consultationId: c.id,
      position,
      fileName,
      mediaType: "text/plain",
      size: 100,
      sha256: "0".repeat(64),
      storageKey: `file-${files}`,
      uploaderId: c.createdById,
      textStatus: text === null ? "pending" : "ready",
      text,
    },
  });
}

/** The final statement's next revision, freezing `attachmentIds` (published: its files become searchable). */
async function publishStatement(c: Awaited<ReturnType<typeof consultation>>, attachmentIds: string[]) {
  const statement = await db().statement.upsert({ where: { consultationId: c.id }, create: { consultationId: c.id }, update: {}, select: { id: true } });
  const number = (await db().statementRevision.count({ where: { statementId: statement.id } })) + 1;
  return db().statementRevision.create({
    data: {
      statementId: statement.id,
      number,
      contentJson: "{}",
      html: "",
      markdown: "",
      contentHash: `h${number}`,
      publishedById: c.createdById,
      attachments: { create: attachmentIds.map((attachmentId) => ({ attachmentId })) },
    },
  });
}

async function translation(planVersionId: string, createdById: string, language: string, revision: number, bodyMd: string) {
  return db().planTranslation.create({ data: { planVersionId, language, revision, bodyMd, bodyHtml: "", contentHash: `t${revision}`, createdById } });
}

const count = async (table: string) => Number((await db().$queryRawUnsafe<{ n: bigint | number }[]>(`SELECT count(*) AS n FROM "${table}"`))[0].n);

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
  // A short text is shown whole, up to its last character.
  await consultation({ title: "Short", summary: "Short.", plan: "(The capybara plan.)" });
  expect((await searchConsultationIds({ q: "capybara" }))[0].snippet).toBe("Short. (The <mark>capybara</mark> plan.)");
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

test("the syntax of either database's queries is read as text: found or not, never an error", async () => {
  const c = await consultation({ title: "Operator characters", plan: "Ordinary words, one two." });
  // FTS5's and tsquery's operators, quoting, prefixes, weights, grouping and escapes.
  const found = [
    "one & two",
    "one | two",
    "!one",
    "one:*",
    "(one) & (two",
    "one <-> two",
    "\\one",
    "one\\",
    "'one'",
    "''one",
    'one"',
    "one & !two",
    "one -two",
    "one !two",
  ];
  for (const q of found) expect(await ids(q), q).toEqual([c.id]);
  const nothing = [
    "&",
    "|",
    "!",
    ":",
    "*",
    "()",
    "(",
    ")",
    "\\",
    "\\'",
    "'",
    "''",
    ":*",
    "&|!",
    "<->",
    "!(",
    "\u0000one",
    "three & one",
    "one:A",
    "one <2> two",
  ];
  for (const q of nothing) expect(await ids(q), q).toEqual(q === "\u0000one" ? [c.id] : []);
});

test("words in double quotes match as a phrase, in order; words joined by punctuation too", async () => {
  const c = await consultation({ title: "Key signing", plan: "The new key signing key (ksk-2024) is published at data.iana.org for everyone." });
  expect(await ids('"key signing key"')).toEqual([c.id]);
  expect(await ids('"signing new"')).toEqual([]); // both words are there, not in this order
  expect(await ids("signing new")).toEqual([c.id]);
  expect(await ids("ksk-2024")).toEqual([c.id]);
  expect(await ids("2024")).toEqual([c.id]); // the parts of a word joined by punctuation are words
  expect(await ids("iana.org")).toEqual([c.id]);
  expect(await ids("data")).toEqual([c.id]);
  expect(await ids("ksk-2025")).toEqual([]);
});

test("case, accents and stop words: every script folded, no word left out, no prefixes", async () => {
  const c = await consultation({ title: "Zoë's ÉCOLE", plan: "ДНС корневой зоны. The root and a key of the zone." });
  expect(await ids("zoe")).toEqual([c.id]);
  expect(await ids("ecole")).toEqual([c.id]);
  expect(await ids("днс")).toEqual([c.id]);
  // Highlighted as written, whatever the case of the query.
  expect((await searchConsultationIds({ q: "днс" }))[0].snippet).toContain("<mark>ДНС</mark>");
  expect((await searchConsultationIds({ q: "Zoe" }))[0].snippet).toContain("<mark>Zoë</mark>");
  expect(await ids("КОРНЕВОЙ")).toEqual([c.id]);
  expect(await ids('"the root and a key"')).toEqual([c.id]); // common words are searched too
  expect(await ids('"of the zone"')).toEqual([c.id]);
  expect(await ids('"a zone"')).toEqual([]);
  expect(await ids("zon")).toEqual([]); // a word, not a prefix
});

test("a word in the title ranks above the same word in the body", async () => {
  const inBody = await consultation({ title: "Registry changes", plan: "The plan changes the anycast footprint of the servers." });
  const inTitle = await consultation({ title: "Anycast footprint", plan: "The plan changes the registry servers of the root zone." });
  expect(await ids("anycast")).toEqual([inTitle.id, inBody.id]);
});

test("a snippet of a long text is a window around the match, with an ellipsis where the text goes on", async () => {
  const filler = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(" ");
  await consultation({ title: "Long plan", plan: `${filler(60)} the quetzal appears here ${filler(60)}` });
  const [hit] = await searchConsultationIds({ q: "quetzal" });
  expect(hit.snippet).toMatch(/^…/);
  expect(hit.snippet).toMatch(/…$/);
  expect(hit.snippet).toContain("<mark>quetzal</mark>");
  expect(hit.snippet.split(" ").length).toBeLessThanOrEqual(30);
});

test("finds a consultation only through a translation of its plan, with its language: the newest revision of the newest version", async () => {
  const c = await consultation({ title: "Root server addresses", plan: "Addresses change." });
  const direct = await consultation({ title: "Adresses des serveurs", plan: "Les adresses changent." });
  await translation(c.versions[0].id, c.createdById, "fr", 1, "Les adresses des serveurs racine changent.");
  await translation(c.versions[0].id, c.createdById, "es", 1, "Las direcciones cambian.");
  const hits = await searchConsultationIds({ q: "serveurs" });
  expect(hits.map((h) => [h.consultationId, h.matchedIn, h.translation?.language])).toEqual([
    [direct.id, "consultation", undefined],
    [c.id, "translation", "fr"],
  ]);
  expect(hits[1].snippet).toContain("<mark>serveurs</mark>");
  // A new revision replaces the old text; a new version with its own translation replaces both.
  await translation(c.versions[0].id, c.createdById, "fr", 2, "Les adresses des machines racine changent.");
  expect(await ids("machines")).toEqual([c.id]);
  expect(await ids("serveurs")).toEqual([direct.id]);
  const v2 = await db().planVersion.create({
    data: { consultationId: c.id, number: 2, bodyMd: "Addresses change again.", bodyHtml: "", contentHash: "h2", createdById: c.createdById },
  });
  await translation(v2.id, c.createdById, "fr", 1, "Les adresses changent encore, lentement.");
  expect(await ids("lentement")).toEqual([c.id]);
  expect(await ids("machines")).toEqual([]);
  expect(await ids("direcciones")).toEqual([c.id]); // Spanish: still the translation of version 1
  expect(await count("PlanTranslationSearch")).toBe(2);
  await db().consultation.delete({ where: { id: c.id } });
  expect(await count("PlanTranslationSearch")).toBe(0);
});

test("finds a consultation through the text of a visible comment's file, with the file and its comment", async () => {
  const c = await consultation({ title: "Zone signing keys", plan: "Keys." });
  const m = await comment(c, "See the attached analysis.");
  const file = await attachment(c, { commentId: m.id }, { position: 2, fileName: "analysis.txt" });
  expect(await ids("axolotl")).toEqual([]);
  // The worker extracts the text later.
  await db().attachment.update({ where: { id: file.id }, data: { text: "Measurements of the axolotl resolver population.", textStatus: "ready" } });
  const [hit] = await searchConsultationIds({ q: "axolotl" });
  const { number: n } = await db().consultation.findUniqueOrThrow({ where: { id: c.id }, select: { number: true } });
  expect(hit).toMatchObject({
    consultationId: c.id,
    rank: 1,
    matchedIn: "attachment",
    attachment: { fileName: "analysis.txt", commentRef: `${n}-1`, position: 2 },
  });
  expect(hit.snippet).toContain("<mark>axolotl</mark>");
  // Hiding the comment takes its files out of search; restoring it puts them back.
  await db().comment.update({ where: { id: m.id }, data: { hiddenAt: new Date() } });
  expect(await ids("axolotl")).toEqual([]);
  await db().comment.update({ where: { id: m.id }, data: { hiddenAt: null } });
  expect(await ids("axolotl")).toEqual([c.id]);
  // A word also in the comment itself: found through the comment first.
  expect((await searchConsultationIds({ q: "analysis" }))[0].matchedIn).toBe("comment");
  await db().attachment.delete({ where: { id: file.id } });
  expect(await ids("axolotl")).toEqual([]);
  expect(await count("AttachmentSearch")).toBe(0);
});

test("a file whose text is too large for one index entry is still searchable, from its beginning", async () => {
  const c = await consultation({ title: "Large file", plan: "Plan." });
  const m = await comment(c, "The data.");
  // 1.3 million characters of distinct words: over PostgreSQL's 1 MB for a tsvector.
  const words = Array.from({ length: 40_000 }, (_, i) => createHash("md5").update(String(i)).digest("hex"));
  await attachment(c, { commentId: m.id }, { text: `wildebeest ${words.join(" ")}` });
  expect(await ids("wildebeest")).toEqual([c.id]);
  expect(await ids(words[10])).toEqual([c.id]);
});

test("finds a consultation through a file of its published statement only", async () => {
  const c = await consultation({ title: "Statement files", plan: "Plan." });
  const draft = await db().statement.create({ data: { consultationId: c.id }, select: { id: true } });
  const file = await attachment(c, { statementId: draft.id }, { position: 1, text: "The pangolin survey results.", fileName: "survey.txt" });
  expect(await ids("pangolin")).toEqual([]); // on the draft only
  const revision = await publishStatement(c, [file.id]);
  expect(await searchConsultationIds({ q: "pangolin" })).toMatchObject([
    { consultationId: c.id, matchedIn: "statement-file", statementFile: { fileName: "survey.txt", position: 1 } },
  ]);
  await db().attachment.update({ where: { id: file.id }, data: { text: "The okapi survey results." } });
  expect(await ids("pangolin")).toEqual([]);
  expect(await ids("okapi")).toEqual([c.id]);
  await db().statementRevision.delete({ where: { id: revision.id } });
  expect(await ids("okapi")).toEqual([]);
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
  const shown = await comment(c, "A comment with a file.");
  await attachment(c, { commentId: shown.id }, { text: "The ibis file." });
  const statement = await db().statement.create({ data: { consultationId: c.id }, select: { id: true } });
  const published = await attachment(c, { statementId: statement.id }, { text: "The egret file." });
  await attachment(c, { statementId: statement.id }, { position: 2, text: "The draft stork file." });
  await publishStatement(c, [published.id]);
  await translation(c.versions[0].id, c.createdById, "es", 1, "El plan del flamenco.");
  for (const table of ["ConsultationSearch", "CommentSearch", "AttachmentSearch", "StatementFileSearch", "PlanTranslationSearch"]) {
    await db().$executeRawUnsafe(`DELETE FROM "${table}"`);
  }
  expect(await ids("narwhal")).toEqual([]);
  expect(await rebuildSearchIndex()).toEqual({ consultations: 1, comments: 2, attachments: 1, statementFiles: 1 });
  for (const word of ["narwhal", "pelican", "ibis", "egret", "flamenco"]) expect(await ids(word), word).toEqual([c.id]);
  expect(await ids("heron")).toEqual([]);
  expect(await ids("stork")).toEqual([]);
});

test("PostgreSQL's search triggers watch every table and event that SQLite's do", () => {
  const migrations = (dir: string) =>
    fs
      .readdirSync(dir)
      .filter((name) => fs.existsSync(path.join(dir, name, "migration.sql")))
      .map((name) => fs.readFileSync(path.join(dir, name, "migration.sql"), "utf8"))
      .join("\n");
  const sqlite = new Set<string>();
  for (const m of migrations("prisma/migrations").matchAll(/CREATE TRIGGER "[^"]+" AFTER (INSERT|UPDATE|DELETE)\b[^;]*? ON "(\w+)"([\s\S]*?)\bEND;/g)) {
    if (/Search"/.test(m[3])) sqlite.add(`${m[2]} ${m[1]}`);
  }
  const postgres = new Set<string>();
  for (const m of migrations("prisma/postgresql/migrations").matchAll(
    /CREATE TRIGGER "[^"]+" AFTER ([^;]+?) ON "(\w+)"\s+FOR EACH ROW EXECUTE FUNCTION "search_/g,
  )) {
    for (const event of m[1].split(/\s+OR\s+/)) postgres.add(`${m[2]} ${event.split(/\s/)[0]}`);
  }
  expect(sqlite.size).toBeGreaterThanOrEqual(16);
  expect([...sqlite].filter((e) => !postgres.has(e))).toEqual([]);
});
