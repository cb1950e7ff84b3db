import { createHash } from "node:crypto";
import fs from "node:fs";
import { db } from "~/services/db.server";
import { pageGenerationWatch } from "~/services/page-generation.server";
import { extractPendingTexts } from "~/features/attachments/text-jobs.server";
import * as builderRoute from "~/routes/consultations.$slug.statement.edit/route";
import * as uploadRoute from "~/routes/consultations.$slug.statement.upload";
import * as statementRoute from "~/routes/consultations.$slug.statement._index";
import * as jsonRoute from "~/routes/consultations.$slug.statement[.]json";
import * as fileRoute from "~/routes/consultations.$slug.statement.a.$n_.file";
import * as filePageRoute from "~/routes/consultations.$slug.statement.a.$n";
import * as archiveRoute from "~/routes/consultations.$slug.archive[.]zip";
import * as listRoute from "~/routes/consultations._index";
import { rebuildSearchIndex, searchConsultationIds } from "~/services/search.server";
import { createConsultation, DAY } from "../comment-fixtures";
import { call, createUser, sessionCookie } from "../factories";
import { makeDocx, makePdf, unzip } from "../attachment-fixtures";

const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");
const SLUG = "root-zone-ksk";
const ORIGIN = "http://localhost:3000";

type Upload = { name: string; data: Buffer | string; type?: string };

/** The builder's texts form as a browser sends it with files. */
function textsForm(cookie: string, files: Upload[], texts: Record<string, string> = {}, path = `/consultations/${SLUG}/statement/edit?view=texts`) {
  const form = new FormData();
  form.append("intent", "texts");
  form.append("returnTo", `/consultations/${SLUG}/statement/edit?view=texts`);
  for (const [k, v] of Object.entries({ introMd: "We thank every commenter.", ...texts })) form.append(k, v);
  for (const f of files) form.append("attachments", new File([typeof f.data === "string" ? f.data : new Uint8Array(f.data)], f.name, { type: f.type ?? "" }));
  return new Request(new URL(path, ORIGIN), { method: "POST", body: form, headers: { Origin: ORIGIN, Cookie: cookie } });
}

function post(cookie: string, fields: Record<string, string>) {
  return new Request(new URL(`/consultations/${SLUG}/statement/edit`, ORIGIN), {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { Origin: ORIGIN, Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
  });
}

async function setup() {
  const { consultation } = await createConsultation({
    number: 7,
    slug: SLUG,
    opensAt: new Date(Date.now() - 40 * DAY),
    closesAt: new Date(Date.now() - 5 * DAY),
  });
  const staff = await createUser({ displayName: "IFM Editor", roles: ["ifm"] });
  const staffCookie = await sessionCookie(staff.id);
  const attach = (files: Upload[], texts?: Record<string, string>) => call(builderRoute.action, textsForm(staffCookie, files, texts), { slug: SLUG });
  const publish = (basedOnRevision = 0, erratum = "") =>
    call(builderRoute.action, post(staffCookie, { intent: "publish", basedOnRevision: String(basedOnRevision), erratum }), { slug: SLUG });
  const remove = (position: number) => call(builderRoute.action, post(staffCookie, { intent: "removeFile", position: String(position) }), { slug: SLUG });
  return { consultation, staff, staffCookie, attach, publish, remove };
}

const getFile = (n: number, cookie = "") =>
  call(fileRoute.loader, new Request(`${ORIGIN}/consultations/${SLUG}/statement/a/${n}/file`, { headers: cookie ? { Cookie: cookie } : {} }), {
    slug: SLUG,
    n: String(n),
  });
const getFilePage = (n: number, cookie = "") =>
  call(filePageRoute.loader, new Request(`${ORIGIN}/consultations/${SLUG}/statement/a/${n}`, { headers: cookie ? { Cookie: cookie } : {} }), {
    slug: SLUG,
    n: String(n),
  });

beforeEach(() => fs.rmSync(process.env.UPLOAD_DIR!, { recursive: true, force: true }));

test("IFM staff attach a PDF and a docx to the draft: typed from the bytes, hashed, shown in the builder to staff only", async () => {
  const { attach, staffCookie } = await setup();
  const pdf = makePdf("Implementation report of the rollover");
  const docx = await makeDocx(["Summary of the consultation for the Board."]);
  const res = await attach([
    { name: "report.pdf", data: pdf, type: "application/pdf" },
    { name: "summary.docx", data: docx },
  ]);
  expect(res.status).toBe(302);
  const rows = await db().attachment.findMany({ orderBy: { position: "asc" } });
  expect(rows.map((r) => [r.position, r.fileName, r.mediaType, r.sha256, r.commentId])).toEqual([
    [1, "report.pdf", "application/pdf", sha256(pdf), null],
    [2, "summary.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", sha256(docx), null],
  ]);
  expect((await db().statement.findFirstOrThrow()).introMd).toBe("We thank every commenter.");

  const builder = await call(
    builderRoute.loader,
    new Request(`${ORIGIN}/consultations/${SLUG}/statement/edit?view=texts`, { headers: { Cookie: staffCookie } }),
    {
      slug: SLUG,
    },
  );
  expect(builder.data.files.map((f: { fileName: string; revisions: number[] }) => [f.fileName, f.revisions])).toEqual([
    ["report.pdf", []],
    ["summary.docx", []],
  ]);
  // A draft's file is not public yet: 404 to anyone but IFM staff.
  expect((await getFile(1)).status).toBe(404);
  expect((await getFilePage(1)).status).toBe(404);
  expect((await getFile(1, staffCookie)).status).toBe(200);
});

test("a renamed file is refused with a message next to the field and the texts kept; nothing is stored", async () => {
  const { attach } = await setup();
  const res = await attach([{ name: "letter.pdf", data: "<html><script>alert(1)</script></html>\u0000", type: "application/pdf" }], {
    analysisMd: "Our analysis, typed with care.",
  });
  expect(res.status).toBe(400);
  expect(res.data.errors.attachments).toMatch(/“letter.pdf” is not a file type we accept/);
  expect(res.data.values.analysisMd).toBe("Our analysis, typed with care.");
  expect(await db().attachment.count()).toBe(0);
  expect(await db().statement.count()).toBe(0);
});

test("the statement carries at most five files on its draft, counting those already there", async () => {
  const { attach } = await setup();
  const files = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `note-${i}.txt`, data: `Note ${i}\n` }));
  expect((await attach(files(4))).status).toBe(302);
  const res = await attach(files(2));
  expect(res.status).toBe(400);
  expect(res.data.errors.attachments).toBe("The statement can carry at most 5 files and already has 4: add at most 1 file.");
  expect(await db().attachment.count()).toBe(4);
});

test("someone who is not IFM staff gets 403 from the builder and its upload address, and nothing is stored", async () => {
  await setup();
  const commenter = await createUser({ displayName: "Registry Counsel" });
  const cookie = await sessionCookie(commenter.id);
  const files = [{ name: "report.pdf", data: makePdf("Not mine to attach"), type: "application/pdf" }];
  expect((await call(builderRoute.action, textsForm(cookie, files), { slug: SLUG })).status).toBe(403);
  expect((await call(uploadRoute.action, textsForm(cookie, files, {}, `/consultations/${SLUG}/statement/upload`), { slug: SLUG })).status).toBe(403);
  expect(await db().attachment.count()).toBe(0);
});

test("the upload address answers the script in JSON: a redirect after saving, the refusal and the texts otherwise", async () => {
  const { staffCookie } = await setup();
  const path = `/consultations/${SLUG}/statement/upload`;
  const ok = await call(uploadRoute.action, textsForm(staffCookie, [{ name: "notes.txt", data: "Notes\n" }], {}, path), { slug: SLUG });
  expect(ok.status).toBe(200);
  expect(ok.data).toEqual({ redirect: `/consultations/${SLUG}/statement/edit?view=texts` });
  const refused = await call(uploadRoute.action, textsForm(staffCookie, [{ name: "empty.pdf", data: "" }], { introMd: "Kept" }, path), { slug: SLUG });
  expect(refused.status).toBe(400);
  expect(refused.data.errors.attachments).toMatch(/is empty/);
  expect(refused.data.values.introMd).toBe("Kept");
});

test("publishing freezes the files with the revision: their hashes are in its hashed content, its page lists them, the public gets them served inert", async () => {
  const { attach, publish } = await setup();
  const pdf = makePdf("Implementation report");
  const docx = await makeDocx(["Summary for the Board."]);
  await attach([
    { name: "report.pdf", data: pdf },
    { name: "summary.docx", data: docx },
  ]);
  expect((await publish()).status).toBe(302);

  const revision = await db().statementRevision.findFirstOrThrow({ select: { contentJson: true, contentHash: true, attachments: true } });
  expect(revision.attachments).toHaveLength(2);
  const content = JSON.parse(revision.contentJson);
  expect(content.files).toEqual([
    { position: 1, fileName: "report.pdf", mediaType: "application/pdf", size: pdf.length, sha256: sha256(pdf), path: `/consultations/${SLUG}/statement/a/1` },
    expect.objectContaining({ position: 2, fileName: "summary.docx", sha256: sha256(docx) }),
  ]);
  expect(revision.contentHash).toBe(sha256(revision.contentJson));

  const page = await call(statementRoute.loader, new Request(`${ORIGIN}/consultations/${SLUG}/statement`), { slug: SLUG });
  expect(page.data.html).toContain(`href="/consultations/${SLUG}/statement/a/1">report.pdf</a>`);
  expect(page.data.html).toContain(sha256(pdf));
  expect(page.data.html).toContain(sha256(docx));

  const file = await getFile(1);
  expect(file.status).toBe(200);
  expect(file.headers.get("content-security-policy")).toBe("sandbox");
  expect(file.headers.get("x-content-type-options")).toBe("nosniff");
  expect(file.headers.get("content-type")).toBe("application/pdf");
  const docxFile = await getFile(2);
  expect(docxFile.headers.get("content-disposition")).toMatch(/^attachment; filename="summary.docx"/);

  const json = await call(jsonRoute.loader, new Request(`${ORIGIN}/consultations/${SLUG}/statement.json`), { slug: SLUG });
  expect(json.data.content.files.map((f: { sha256: string }) => f.sha256)).toEqual([sha256(pdf), sha256(docx)]);
  expect(json.data.contentHash).toBe(revision.contentHash);

  // The worker extracts their text like a comment's attachment's; the permalink shows it.
  await extractPendingTexts();
  const details = await getFilePage(1);
  expect(details.status).toBe(200);
  expect(details.data.attachment).toMatchObject({ fileName: "report.pdf", sha256: sha256(pdf), textStatus: "ready" });
  expect(details.data.attachment.text).toContain("Implementation report");
  expect(details.data.revisions).toEqual([1]);
});

test("a published revision's file is kept when it is removed from the draft; a draft-only file is deleted with its bytes", async () => {
  const { attach, publish, remove, staffCookie } = await setup();
  await attach([{ name: "report.pdf", data: makePdf("Report") }]);
  await publish();
  await attach([{ name: "later.txt", data: "Added after publication\n" }]);

  const kept = await remove(1);
  expect(kept.status).toBe(302);
  const again = await remove(1);
  expect(again.status).toBe(409);
  expect(again.data.errors.form).toMatch(/no longer on the draft.*cannot change/);
  // Still public: revision 1 lists it.
  expect((await getFile(1)).status).toBe(200);

  const later = await db().attachment.findFirstOrThrow({ where: { position: 2 }, select: { storageKey: true } });
  expect((await remove(2)).status).toBe(302);
  expect(await db().attachment.count({ where: { position: 2 } })).toBe(0);
  expect(fs.existsSync(`${process.env.UPLOAD_DIR}/files/${later.storageKey}`)).toBe(false);
  expect((await getFile(2, staffCookie)).status).toBe(404);

  // The correction publishes no file; revision 1 still lists its own.
  expect((await publish(1, "Removes the report from the statement.")).status).toBe(302);
  const revisions = await db().statementRevision.findMany({ orderBy: { number: "asc" }, select: { contentJson: true } });
  expect(revisions.map((r) => JSON.parse(r.contentJson).files.map((f: { fileName: string }) => f.fileName))).toEqual([["report.pdf"], []]);
});

test("archive.zip holds the statement's published files, and every hash in its manifest matches the bytes", async () => {
  const { attach, publish } = await setup();
  const pdf = makePdf("Implementation report");
  const docx = await makeDocx(["Summary for the Board."]);
  await attach([
    { name: "report.pdf", data: pdf },
    { name: "summary.docx", data: docx },
  ]);
  await publish();
  const res = await archiveRoute.loader({ request: new Request(`${ORIGIN}/consultations/${SLUG}/archive.zip`), params: { slug: SLUG }, context: {} });
  const entries = await unzip(Buffer.from(await res.arrayBuffer()));
  expect(entries.get("statement/files/1-report.pdf")).toEqual(pdf);
  expect(entries.get("statement/files/2-summary.docx")).toEqual(docx);
  const manifest = JSON.parse(entries.get("manifest.json")!.toString()) as { files: { path: string; sha256: string; size: number }[] };
  expect(manifest.files.map((f) => f.path)).toEqual(expect.arrayContaining(["statement/files/1-report.pdf", "statement/files/2-summary.docx"]));
  for (const f of manifest.files) {
    expect(sha256(entries.get(f.path)!), f.path).toBe(f.sha256);
    expect(entries.get(f.path)!.length).toBe(f.size);
  }
});

/** What the public list page says for a search: the consultations found and how. */
async function publicSearch(q: string) {
  const res = await call(listRoute.loader, new Request(`${ORIGIN}/consultations?q=${encodeURIComponent(q)}`), {});
  return (res.data.items as { slug: string; matchedInStatementFile?: unknown; matchedInAttachment?: unknown; snippet?: string }[]).map((c) => ({
    slug: c.slug,
    matchedInStatementFile: c.matchedInStatementFile,
    matchedInAttachment: c.matchedInAttachment,
    snippet: c.snippet,
  }));
}

test("search finds the text of a published statement's file, saying it is a file of the final statement; a draft's file is never found", async () => {
  const { attach, publish } = await setup();
  await attach([{ name: "report.pdf", data: makePdf("Census of the wombat population") }]);
  await extractPendingTexts();
  // Extracted, but on the draft only: neither the public nor the search index sees it.
  expect(await searchConsultationIds({ q: "wombat" })).toEqual([]);

  expect((await publish()).status).toBe(302);
  expect(await publicSearch("wombat")).toEqual([
    {
      slug: SLUG,
      matchedInStatementFile: { fileName: "report.pdf", position: 1 },
      matchedInAttachment: undefined,
      snippet: "Census of the <mark>wombat</mark> population",
    },
  ]);
  expect((await searchConsultationIds({ q: "wombat" }))[0]).toMatchObject({
    matchedIn: "statement-file",
    statementFile: { fileName: "report.pdf", position: 1 },
  });

  // A file added to the draft after publication stays out, extracted or not.
  await attach([{ name: "next.txt", data: "The platypus appendix\n" }]);
  await extractPendingTexts();
  expect(await publicSearch("platypus")).toEqual([]);
  expect(await rebuildSearchIndex()).toMatchObject({ statementFiles: 1 });
  expect(await publicSearch("platypus")).toEqual([]);
});

test("a file published before its text is extracted becomes searchable when the worker extracts it, and stays found when taken off the draft", async () => {
  const { attach, publish, remove } = await setup();
  await attach([{ name: "summary.docx", data: await makeDocx(["Notes on the quokka rollout."]) }]);
  await publish();
  expect(await publicSearch("quokka")).toEqual([]); // no text yet
  await extractPendingTexts();
  expect((await publicSearch("quokka")).map((h) => h.matchedInStatementFile)).toEqual([{ fileName: "summary.docx", position: 1 }]);

  expect((await remove(1)).status).toBe(302); // off the draft, kept by revision 1
  await publish(1, "Drops the summary.");
  expect((await publicSearch("quokka")).map((h) => h.matchedInStatementFile)).toEqual([{ fileName: "summary.docx", position: 1 }]);
});

test("a consultation found in its text is not listed again through its statement's file", async () => {
  const { attach, publish } = await setup();
  await attach([{ name: "report.txt", data: "Report on testing the rollover\n" }]);
  await extractPendingTexts();
  await publish();
  const hits = await searchConsultationIds({ q: "testing" });
  expect(hits.map((h) => [h.consultationId, h.matchedIn])).toEqual([[expect.any(String), "consultation"]]);
});

test("a draft's files are not in the archive until a revision publishes them", async () => {
  const { attach } = await setup();
  await attach([{ name: "draft.txt", data: "Draft only\n" }]);
  const res = await archiveRoute.loader({ request: new Request(`${ORIGIN}/consultations/${SLUG}/archive.zip`), params: { slug: SLUG }, context: {} });
  const entries = await unzip(Buffer.from(await res.arrayBuffer()));
  expect([...entries.keys()].some((k) => k.startsWith("statement/"))).toBe(false);
});

test("nothing can be posted to a statement file's page", async () => {
  await setup();
  const res = await call(filePageRoute.action, new Request(`${ORIGIN}/consultations/${SLUG}/statement/a/1`, { method: "POST" }), { slug: SLUG, n: "1" });
  expect(res.status).toBe(405);
  expect(res.data.message).toMatch(/files cannot be changed/);
});

test("adding, freezing and removing a statement's file move the page generation, so cached pages change with it", async () => {
  const { attach, publish, remove } = await setup();
  // This process's watch: on SQLite its own connection sees the writes of Prisma's.
  const watch = pageGenerationWatch();
  let seen = watch.current();
  const moved = () => {
    const now = watch.current();
    const changed = now > seen;
    seen = now;
    return changed;
  };
  await attach([{ name: "report.txt", data: "Report\n" }]);
  expect(moved()).toBe(true);
  await publish();
  expect(moved()).toBe(true);
  // Only the join row freezing the file: the generation still moves.
  await db().statementRevisionAttachment.deleteMany({});
  expect(moved()).toBe(true);
  await remove(1);
  expect(moved()).toBe(true);
});
