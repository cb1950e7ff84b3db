import fs from "node:fs";
import { db } from "~/services/db.server";
import { searchConsultationIds } from "~/services/search.server";
import { extractText } from "~/features/attachments/extract.server";
import { extractPendingTexts } from "~/features/attachments/text-jobs.server";
import { hideComment, restoreComment } from "~/features/comments/moderation.server";
import * as pageRoute from "~/routes/consultations.$slug._index";
import * as attachmentRoute from "~/routes/consultations.$slug.comments.$ref_.a.$n";
import { loader as builderLoader } from "~/routes/consultations.$slug.statement.edit/route";
import { createConsultation } from "../comment-fixtures";
import { call, createUser, sessionCookie } from "../factories";
import { makeDocx, makeOdt, makePdf, PNG } from "../attachment-fixtures";

type Upload = { name: string; data: Buffer | string };

async function setup() {
  const { consultation } = await createConsultation({ number: 4, slug: "ksk-rollover", title: "Root zone KSK rollover" });
  const user = await createUser({ displayName: "Registry Counsel" });
  const cookie = await sessionCookie(user.id);
  let n = 0;
  const postWith = async (files: Upload[], bodyMd = "Our formal response is attached.") => {
    const form = new FormData();
    form.append("intent", "post");
    form.append("bodyMd", bodyMd);
    form.append("idempotencyKey", `key-${(n += 1)}-abcdef`);
    for (const f of files) form.append("attachments", new File([typeof f.data === "string" ? f.data : new Uint8Array(f.data)], f.name));
    const request = new Request("http://localhost:3000/consultations/ksk-rollover?index", {
      method: "POST",
      body: form,
      headers: { Origin: "http://localhost:3000", Cookie: cookie },
    });
    const res = await call(pageRoute.action, request, { slug: "ksk-rollover" });
    expect(res.status).toBe(302);
  };
  return { consultation, postWith };
}

const options = { timeoutMs: 20_000, maxUnzippedBytes: 5_000_000, scratchDir: "" };
beforeEach(() => {
  fs.rmSync(process.env.UPLOAD_DIR!, { recursive: true, force: true });
  options.scratchDir = `${process.env.UPLOAD_DIR}/scratch`;
});

const texts = async () =>
  (await db().attachment.findMany({ orderBy: { position: "asc" }, select: { fileName: true, textStatus: true, text: true, textNote: true } })).map((a) => [
    a.fileName,
    a.textStatus,
    a.text ?? a.textNote,
  ]);

test("the worker extracts the text of a real PDF, a .docx, an .odt and a text file, and search finds the consultation through them", async () => {
  const { consultation, postWith } = await setup();
  await postWith([
    { name: "letter.pdf", data: makePdf("The registry requests a longer double-signature period.") },
    { name: "position.docx", data: await makeDocx(["Formal position of Nordhaf.", "We endorse the quokka timeline."]) },
    { name: "annex.odt", data: await makeOdt(["Annex: measurement of wombat resolvers & caches."]) },
    { name: "notes.txt", data: "Notes on the platypus schedule.\r\n" },
  ]);
  expect(await searchConsultationIds({ q: "quokka" })).toEqual([]); // nothing until the worker ran
  expect(await extractPendingTexts({ options })).toBe(4);
  expect(await texts()).toEqual([
    ["letter.pdf", "ready", "The registry requests a longer double-signature period."],
    ["position.docx", "ready", "Formal position of Nordhaf.\n\nWe endorse the quokka timeline."],
    ["annex.odt", "ready", "Annex: measurement of wombat resolvers & caches."],
    ["notes.txt", "ready", "Notes on the platypus schedule."],
  ]);

  for (const [word, fileName, position] of [
    ["double-signature", "letter.pdf", 1],
    ["quokka", "position.docx", 2],
    ["wombat", "annex.odt", 3],
    ["platypus", "notes.txt", 4],
  ] as const) {
    const hits = await searchConsultationIds({ q: word });
    expect(hits, word).toHaveLength(1);
    expect(hits[0]).toMatchObject({ consultationId: consultation.id, matchedIn: "attachment", attachment: { fileName, commentRef: "4-1", position } });
  }
  expect((await searchConsultationIds({ q: "quokka" }))[0]!.snippet).toBe("Formal position of Nordhaf. We endorse the <mark>quokka</mark> timeline.");
  // The consultation's own text and its comments rank first; then the attachments.
  expect((await searchConsultationIds({ q: "formal" }))[0]).toMatchObject({ matchedIn: "comment" });

  const page = await call(attachmentRoute.loader, new Request("http://localhost:3000/consultations/ksk-rollover/comments/4-1/a/2"), {
    slug: "ksk-rollover",
    ref: "4-1",
    n: "2",
  });
  expect(page.data.attachment).toMatchObject({ textStatus: "ready", text: "Formal position of Nordhaf.\n\nWe endorse the quokka timeline." });
});

test("hiding a comment takes its attachments out of search; restoring puts them back", async () => {
  const { postWith } = await setup();
  await postWith([{ name: "position.docx", data: await makeDocx(["The echidna clause."]) }]);
  await extractPendingTexts({ options });
  expect(await searchConsultationIds({ q: "echidna" })).toHaveLength(1);
  const ifm = await createUser({ roles: ["ifm"] });
  const staff = { id: ifm.id, roles: ["ifm" as const] };
  const comment = await db().comment.findFirstOrThrow({ select: { id: true } });
  await hideComment({ commentId: comment.id, actor: staff, reason: "Off topic entirely" });
  expect(await searchConsultationIds({ q: "echidna" })).toEqual([]);
  await restoreComment({ commentId: comment.id, actor: staff, reason: "" });
  expect(await searchConsultationIds({ q: "echidna" })).toHaveLength(1);
});

test("a malformed PDF, a zip bomb in a .docx, an image and a run past the time limit are 'text not available', and the worker carries on", async () => {
  const { postWith } = await setup();
  const broken = Buffer.concat([Buffer.from("%PDF-1.7\n"), Buffer.from("this is not a PDF body at all ".repeat(20))]);
  await postWith([
    { name: "broken.pdf", data: broken },
    { name: "bomb.docx", data: await makeDocx(["tiny"], { padding: 20_000_000 }) },
    { name: "scan.png", data: PNG },
    { name: "fine.txt", data: "Still extracted after the others." },
  ]);
  const started = Date.now();
  expect(await extractPendingTexts({ options })).toBe(4);
  expect(Date.now() - started).toBeLessThan(15_000);
  expect(await texts()).toEqual([
    ["broken.pdf", "unavailable", "the PDF could not be read (it may be damaged)"],
    ["bomb.docx", "unavailable", "the document expands to more than 5 MB when unpacked"],
    ["scan.png", "unavailable", "it is an image (images are not read for text)"],
    ["fine.txt", "ready", "Still extracted after the others."],
  ]);
  // The comment itself is untouched and shown as usual.
  expect(await db().comment.count()).toBe(1);
  expect(await extractPendingTexts({ options })).toBe(0);

  const slow = await extractText(await makeDocx(["x"]), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", {
    ...options,
    timeoutMs: 1,
  });
  expect(slow).toEqual({ ok: false, note: "extracting it took longer than the time limit (1 s)" });
});

test("the statement builder shows the text of each comment's attachments", async () => {
  const { consultation, postWith } = await setup();
  await postWith([{ name: "letter.pdf", data: makePdf("We ask for a twelve-month transition.") }], "See our letter.");
  await extractPendingTexts({ options });
  await db().consultation.update({ where: { id: consultation.id }, data: { closesAt: new Date(Date.now() - 60_000) } });
  const ifm = await createUser({ roles: ["ifm"] });
  const res = await call(
    builderLoader,
    new Request("http://localhost:3000/consultations/ksk-rollover/statement/edit", { headers: { Cookie: await sessionCookie(ifm.id) } }),
    {
      slug: "ksk-rollover",
    },
  );
  expect(res.status).toBe(200);
  expect(res.data.list.comments[0].attachments).toEqual([
    expect.objectContaining({ fileName: "letter.pdf", textStatus: "ready", text: "We ask for a twelve-month transition." }),
  ]);
});
