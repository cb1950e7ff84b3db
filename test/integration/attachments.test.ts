import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { db } from "~/services/db.server";
import { attachmentStore, resetAttachmentStore, stagingDir } from "~/services/attachment-store.server";
import { resetEnvCache } from "~/services/env.server";
import { hideComment, restoreComment } from "~/features/comments/moderation.server";
import { withdrawComment } from "~/features/comments/comment.server";
import * as pageRoute from "~/routes/consultations.$slug._index";
import * as commentRoute from "~/routes/consultations.$slug.comments.$ref";
import * as uploadRoute from "~/routes/consultations.$slug.comment-upload";
import * as attachmentRoute from "~/routes/consultations.$slug.comments.$ref_.a.$n";
import * as fileRoute from "~/routes/consultations.$slug.comments.$ref_.a.$n_.file";
import { createConsultation } from "../comment-fixtures";
import { call, createUser, sessionCookie, setSetting } from "../factories";
import { JPEG, makeDocx, makePdf, PNG } from "../attachment-fixtures";

type Upload = { name: string; data: Buffer | string; type?: string };

/** The comment form as a browser sends it with files: multipart, same origin, signed in. */
function multipart(urlPath: string, cookie: string, fields: Record<string, string>, files: Upload[]) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files)
    form.append(
      "attachments",
      new File([typeof f.data === "string" ? f.data : new Uint8Array(f.data)], f.name, { type: f.type ?? "application/octet-stream" }),
    );
  return new Request(new URL(urlPath, "http://localhost:3000"), {
    method: "POST",
    body: form,
    headers: { Origin: "http://localhost:3000", Cookie: cookie, "x-client-ip": "203.0.113.9" },
  });
}

const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");

async function setup() {
  const { consultation } = await createConsultation({ number: 4, slug: "ksk-rollover" });
  const user = await createUser({ displayName: "Registry Counsel" });
  const cookie = await sessionCookie(user.id);
  const postWith = (files: Upload[], bodyMd = "Our formal response is attached.", idempotencyKey = `key-${Math.random()}`) =>
    call(pageRoute.action, multipart("/consultations/ksk-rollover?index", cookie, { intent: "post", bodyMd, idempotencyKey }, files), { slug: "ksk-rollover" });
  return { consultation, user, cookie, postWith };
}

const params = (n: number, ref = "4-1") => ({ slug: "ksk-rollover", ref, n: String(n) });
const getFile = (n: number, cookie = "", ref = "4-1") =>
  call(
    fileRoute.loader,
    new Request(`http://localhost:3000/consultations/ksk-rollover/comments/${ref}/a/${n}/file`, { headers: cookie ? { Cookie: cookie } : {} }),
    params(n, ref),
  );
const getPage = (n: number, ref = "4-1") =>
  call(attachmentRoute.loader, new Request(`http://localhost:3000/consultations/ksk-rollover/comments/${ref}/a/${n}`), params(n, ref));

function filesLeftBehind(): string[] {
  const dir = stagingDir();
  return fs.existsSync(dir) ? fs.readdirSync(dir) : [];
}

beforeEach(() => {
  fs.rmSync(process.env.UPLOAD_DIR!, { recursive: true, force: true });
});

afterEach(() => {
  delete process.env.ATTACHMENT_STORE;
  resetEnvCache();
  resetAttachmentStore();
});

test("files posted with a comment are kept with their type from the bytes, size and SHA-256, and listed under it", async () => {
  const { postWith } = await setup();
  const pdf = makePdf("Formal submission of the registry");
  const docx = await makeDocx(["We support the rollover."]);
  const res = await postWith([
    { name: "letter.pdf", data: pdf, type: "application/pdf" },
    { name: "position.docx", data: docx },
    { name: "notes.txt", data: "Plain notes, UTF-8: Łódź.\n", type: "text/plain" },
  ]);
  expect(res.status).toBe(302);
  expect(res.headers.get("location")).toBe("/consultations/ksk-rollover/comments/4-1#c-4-1");
  const rows = await db().attachment.findMany({ orderBy: { position: "asc" } });
  expect(rows.map((r) => [r.position, r.fileName, r.mediaType, r.size, r.sha256])).toEqual([
    [1, "letter.pdf", "application/pdf", pdf.length, sha256(pdf)],
    [2, "position.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx.length, sha256(docx)],
    [3, "notes.txt", "text/plain", Buffer.byteLength("Plain notes, UTF-8: Łódź.\n"), sha256("Plain notes, UTF-8: Łódź.\n")],
  ]);
  expect(rows.every((r) => r.textStatus === "pending")).toBe(true);
  expect(filesLeftBehind()).toEqual([]);

  const page = await call(commentRoute.loader, new Request("http://localhost:3000/consultations/ksk-rollover/comments/4-1"), {
    slug: "ksk-rollover",
    ref: "4-1",
  });
  expect(page.data.subtree.node.attachments.map((a: { fileName: string }) => a.fileName)).toEqual(["letter.pdf", "position.docx", "notes.txt"]);
});

test("the type comes from the bytes: a renamed PNG is a PNG, a renamed JPEG a JPEG, and a program named .pdf is refused with the text kept", async () => {
  const { postWith } = await setup();
  expect((await postWith([{ name: "letter.pdf", data: PNG, type: "application/pdf" }])).status).toBe(302);
  expect((await postWith([{ name: "diagram.png", data: JPEG, type: "image/png" }])).status).toBe(302);
  expect((await db().attachment.findMany({ orderBy: { createdAt: "asc" }, select: { fileName: true, mediaType: true } })).map((a) => a.mediaType)).toEqual([
    "image/png",
    "image/jpeg",
  ]);

  const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(120)]);
  const res = await postWith([{ name: "letter.pdf", data: elf, type: "application/pdf" }], "My text must survive this.");
  expect(res.status).toBe(400);
  expect(res.data.values.bodyMd).toBe("My text must survive this.");
  expect(res.data.errors.attachments).toBe(
    "“letter.pdf” is not a file type we accept (whatever its name says): attach PDF, plain text, PNG, JPEG, OpenDocument text (.odt) or Word (.docx).",
  );
  // A zip that is no office document, and an HTML page named .txt, are refused too.
  const html = await postWith([{ name: "notes.txt", data: "<html><script>alert(1)</script></html>", type: "text/plain" }]);
  expect(html.status).toBe(302); // HTML source is plain text: it is stored, and served, as text/plain
  const gif = await postWith([{ name: "scan.png", data: Buffer.from("GIF89a\x01\x00\x01\x00\x00\x00\x00", "latin1") }]);
  expect(gif.data.errors.attachments).toMatch(/“scan.png” is not a file type we accept/);
  expect(await db().comment.count()).toBe(3);
  expect(filesLeftBehind()).toEqual([]);
});

test("a file over the size limit is refused with the text kept, and nothing is stored", async () => {
  const { postWith } = await setup();
  await setSetting("ATTACHMENT_MAX_MB", "1");
  const big = Buffer.concat([makePdf("big"), Buffer.alloc(1_000_001)]);
  const res = await postWith([{ name: "annex.pdf", data: big }], "Text of a comment with a big annex.");
  expect(res.status).toBe(400);
  expect(res.data.values.bodyMd).toBe("Text of a comment with a big annex.");
  expect(res.data.errors.attachments).toBe("“annex.pdf” is larger than 1 MB, the most one attachment can be. Choose a smaller file (or split it).");
  expect(await db().comment.count()).toBe(0);
  expect(await db().attachment.count()).toBe(0);
  expect(filesLeftBehind()).toEqual([]);
});

test("more than five files are refused with the text kept, and nothing is stored", async () => {
  const { postWith } = await setup();
  const six = Array.from({ length: 6 }, (_, i) => ({ name: `page-${i + 1}.txt`, data: `Page ${i + 1}` }));
  const res = await postWith(six, "Six pages of evidence.");
  expect(res.status).toBe(400);
  expect(res.data.values.bodyMd).toBe("Six pages of evidence.");
  expect(res.data.errors.attachments).toBe("A comment can carry at most 5 files; you chose 6. Remove some and choose them again.");
  expect(await db().comment.count()).toBe(0);
  expect(filesLeftBehind()).toEqual([]);
  expect((await postWith(six.slice(0, 5))).status).toBe(302);
  expect(await db().attachment.count()).toBe(5);
});

test("the daily quota per person and the total per consultation refuse more files with the text kept", async () => {
  const { postWith } = await setup();
  await setSetting("ATTACHMENTS_PER_USER_PER_DAY", "3");
  expect(
    (
      await postWith([
        { name: "a.txt", data: "a" },
        { name: "b.txt", data: "b" },
      ])
    ).status,
  ).toBe(302);
  const over = await postWith(
    [
      { name: "c.txt", data: "c" },
      { name: "d.txt", data: "d" },
    ],
    "Second letter.",
  );
  expect(over.status).toBe(429);
  expect(over.data.values.bodyMd).toBe("Second letter.");
  expect(over.data.errors.attachments).toBe(
    "You can attach at most 3 files a day; only 1 file is left for today. Post without some of them, or try again tomorrow.",
  );
  expect(await db().comment.count()).toBe(1);

  await setSetting("ATTACHMENTS_PER_USER_PER_DAY", "100");
  await setSetting("ATTACHMENT_MB_PER_CONSULTATION", "1");
  const full = await postWith([{ name: "big.txt", data: "x".repeat(999_999) }]);
  expect(full.status).toBe(429);
  expect(full.data.errors.attachments).toMatch(/This consultation has reached the 1 MB it can hold in attachments/);
  // Refused files leave nothing in the store.
  expect(await db().attachment.count()).toBe(2);
  const stored = fs.readdirSync(path.resolve(process.env.UPLOAD_DIR!, "files"), { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  expect(stored).toHaveLength(2);
});

test("a double submit with files creates one comment and keeps one copy of its files", async () => {
  const { postWith } = await setup();
  const files = [{ name: "letter.pdf", data: makePdf("once") }];
  expect((await postWith(files, "Once.", "same-key-123")).status).toBe(302);
  expect((await postWith(files, "Once.", "same-key-123")).status).toBe(302);
  expect(await db().comment.count()).toBe(1);
  expect(await db().attachment.count()).toBe(1);
  const stored = fs.readdirSync(path.resolve(process.env.UPLOAD_DIR!, "files"), { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  expect(stored).toHaveLength(1);
});

test("a PDF is served inline from a sandboxed, no-sniff response; a PDF with JavaScript inside only as a download", async () => {
  const { postWith } = await setup();
  const plain = makePdf("A plain letter");
  const scripted = makePdf("A letter that runs a script", { script: true });
  expect(
    (
      await postWith([
        { name: "plain.pdf", data: plain },
        { name: "scripted.pdf", data: scripted },
      ])
    ).status,
  ).toBe(302);

  const one = await getFile(1);
  expect(one.status).toBe(200);
  expect(one.headers.get("content-type")).toBe("application/pdf");
  expect(one.headers.get("content-disposition")).toBe(`inline; filename="plain.pdf"; filename*=UTF-8''plain.pdf`);
  expect(one.headers.get("content-security-policy")).toBe("sandbox");
  expect(one.headers.get("x-content-type-options")).toBe("nosniff");
  expect(one.headers.get("repr-digest")).toBe(`sha-256=:${createHash("sha256").update(plain).digest("base64")}:`);

  const two = await getFile(2);
  expect(two.status).toBe(200);
  expect(two.headers.get("content-disposition")).toMatch(/^attachment; filename="scripted.pdf"/);
  expect(two.headers.get("content-security-policy")).toBe("sandbox");
  const page = await getPage(2);
  expect(page.data.attachment.activeContent).toBe(true);
});

test("plain text and Word files are downloads, never pages; the name in the header cannot break out of it", async () => {
  const { postWith } = await setup();
  expect(
    (
      await postWith([
        { name: 'a"b\r\nSet-Cookie: x=1 résumé.txt', data: "<script>alert(1)</script>" },
        { name: "w.docx", data: await makeDocx(["x"]) },
      ])
    ).status,
  ).toBe(302);
  const text = await getFile(1);
  expect(text.headers.get("content-type")).toBe("text/plain; charset=utf-8");
  // One header, the name quoted without quotes or line breaks inside, and in full as UTF-8.
  expect(text.headers.get("content-disposition")).toMatch(/^attachment; filename="[^"\r\n]*r_sum_\.txt"; filename\*=UTF-8''[^\s"]*r%C3%A9sum%C3%A9\.txt$/);
  expect(text.headers.get("set-cookie")).toBeNull();
  expect((await getFile(2)).headers.get("content-disposition")).toMatch(/^attachment; /);
});

test("an attachment's page shows its name, type, size and SHA-256; unknown positions and references are 404", async () => {
  const { postWith } = await setup();
  const pdf = makePdf("hash me");
  await postWith([{ name: "letter.pdf", data: pdf }]);
  const page = await getPage(1);
  expect(page.status).toBe(200);
  expect(page.data).toMatchObject({
    comment: { ref: "4-1", state: "visible", authorName: "Registry Counsel" },
    attachment: { position: 1, fileName: "letter.pdf", mediaType: "application/pdf", size: pdf.length, sha256: sha256(pdf) },
    served: true,
  });
  expect((await getPage(2)).status).toBe(404);
  expect((await getPage(1, "4-9")).status).toBe(404);
  expect((await getPage(1, "5-1")).status).toBe(404);
  expect((await getFile(6)).status).toBe(404);
});

test("a hidden comment's attachments are not served (IFM staff still can); its tombstone keeps name, size and hash; restoring serves them again", async () => {
  const { postWith } = await setup();
  const pdf = makePdf("to be hidden");
  await postWith([{ name: "letter.pdf", data: pdf }]);
  const comment = await db().comment.findFirstOrThrow({ select: { id: true } });
  const ifm = await createUser({ roles: ["ifm"] });
  const staff = { id: ifm.id, roles: ["ifm" as const] };
  expect(await hideComment({ commentId: comment.id, actor: staff, reason: "Personal data in the letter" })).toMatchObject({ ok: true });

  expect((await getFile(1)).status).toBe(404);
  const tombstone = await getPage(1);
  expect(tombstone.status).toBe(200);
  expect(tombstone.data).toMatchObject({
    served: false,
    comment: { state: "hidden", hiddenReason: "Personal data in the letter" },
    attachment: { fileName: "letter.pdf", size: pdf.length, sha256: sha256(pdf), text: null },
  });
  expect((await getFile(1, await sessionCookie(ifm.id))).status).toBe(200);

  await restoreComment({ commentId: comment.id, actor: staff, reason: "" });
  expect((await getFile(1)).status).toBe(200);
});

test("a withdrawn comment's attachments are served to nobody", async () => {
  const { postWith, user } = await setup();
  await postWith([{ name: "letter.pdf", data: makePdf("withdrawn") }]);
  const comment = await db().comment.findFirstOrThrow({ select: { id: true } });
  await withdrawComment({ commentId: comment.id, actor: { id: user.id, roles: [] } });
  const ifm = await createUser({ roles: ["ifm"] });
  expect((await getFile(1)).status).toBe(404);
  expect((await getFile(1, await sessionCookie(ifm.id))).status).toBe(404);
});

test("with ATTACHMENT_STORE=database the bytes are kept in the database and served from it", async () => {
  process.env.ATTACHMENT_STORE = "database";
  resetEnvCache();
  resetAttachmentStore();
  const { postWith } = await setup();
  const pdf = makePdf("in the database");
  expect((await postWith([{ name: "letter.pdf", data: pdf }])).status).toBe(302);
  const row = await db().attachment.findFirstOrThrow({ select: { storageKey: true } });
  const stored = await db().storedFile.findUniqueOrThrow({ where: { key: row.storageKey } });
  expect(Buffer.from(stored.data).equals(pdf)).toBe(true);
  expect(fs.existsSync(path.resolve(process.env.UPLOAD_DIR!, "files"))).toBe(false);
  expect(await attachmentStore().read(row.storageKey)).toEqual(pdf);
  expect(filesLeftBehind()).toEqual([]);
});

test("a reply on a comment's page carries files too", async () => {
  const { postWith, cookie } = await setup();
  await postWith([]);
  const res = await call(
    commentRoute.action,
    multipart(
      "/consultations/ksk-rollover/comments/4-1",
      cookie,
      { intent: "post", bodyMd: "A reply with an annex.", parentRef: "4-1", idempotencyKey: "reply-key-1" },
      [{ name: "annex.txt", data: "Annex" }],
    ),
    { slug: "ksk-rollover", ref: "4-1" },
  );
  expect(res.status).toBe(302);
  const row = await db().attachment.findFirstOrThrow({ select: { comment: { select: { seq: true, parentId: true } } } });
  expect(row.comment!.seq).toBe(2);
  expect(row.comment!.parentId).not.toBeNull();
});

test("the script's upload address answers in JSON: a redirect with the flash cookie, or the refusal with the text kept", async () => {
  const { cookie } = await setup();
  const send = (files: Upload[], bodyMd: string) =>
    call(
      uploadRoute.action,
      multipart("/consultations/ksk-rollover/comment-upload", cookie, { intent: "post", bodyMd, idempotencyKey: `k-${bodyMd}` }, files),
      {
        slug: "ksk-rollover",
      },
    );
  const ok = await send([{ name: "a.txt", data: "annex" }], "Posted by script.");
  expect(ok.status).toBe(200);
  expect(ok.data).toEqual({ redirect: "/consultations/ksk-rollover/comments/4-1#c-4-1" });
  // The flash message travels in the session cookie, as after a browser's redirect.
  expect(ok.headers.getSetCookie()).toHaveLength(1);
  const refused = await send([{ name: "x.pdf", data: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1, 0]) }], "Kept by script.");
  expect(refused.status).toBe(400);
  expect(refused.data.values.bodyMd).toBe("Kept by script.");
  expect(refused.data.errors.attachments).toMatch(/not a file type we accept/);
});

test("an administrator sets the attachment limits; a size past 25 MB is refused with the input kept", async () => {
  const { loader, action } = await import("~/routes/admin.settings");
  const admin = await createUser({ roles: ["admin"] });
  const cookie = await sessionCookie(admin.id);
  const save = (values: Record<string, string>) =>
    call(
      action,
      new Request("http://localhost:3000/admin/settings", {
        method: "POST",
        body: new URLSearchParams({
          intent: "settings",
          minCommentDays: "30",
          dugQuorumPercent: "50",
          dugAgreePercent: "50",
          dugObjectionsTolerated: "0",
          ...values,
        }),
        headers: { Origin: "http://localhost:3000", Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" },
      }),
    );
  const refused = await save({ attachmentMaxMb: "26", attachmentsPerUserPerDay: "5", attachmentMbPerConsultation: "100" });
  expect(refused.status).toBe(400);
  expect(refused.data.errors.attachmentMaxMb).toBe("At most 25.");
  expect(refused.data.values.attachmentMaxMb).toBe("26");
  expect((await save({ attachmentMaxMb: "4", attachmentsPerUserPerDay: "5", attachmentMbPerConsultation: "100" })).status).toBe(302);
  const page = await call(loader, new Request("http://localhost:3000/admin/settings", { headers: { Cookie: cookie } }));
  expect(page.data.attachments).toEqual({ maxBytes: 4_000_000, perUserPerDay: 5, perConsultationBytes: 100_000_000 });
});

test("IFM staff reply with an attachment after the period has closed", async () => {
  const { postWith, consultation } = await setup();
  await postWith([]);
  await db().consultation.update({ where: { id: consultation.id }, data: { closesAt: new Date(Date.now() - 60_000) } });
  const ifm = await createUser({ roles: ["ifm"], displayName: "IFM Staff Member" });
  const res = await call(
    commentRoute.action,
    multipart(
      "/consultations/ksk-rollover/comments/4-1",
      await sessionCookie(ifm.id),
      { intent: "post", bodyMd: "Our answer is attached.", parentRef: "4-1", idempotencyKey: "ifm-reply-1" },
      [{ name: "answer.pdf", data: makePdf("The IFM's answer") }],
    ),
    { slug: "ksk-rollover", ref: "4-1" },
  );
  expect(res.status).toBe(302);
  const row = await db().attachment.findFirstOrThrow({ select: { fileName: true, comment: { select: { isIfmReply: true, seq: true } } } });
  expect(row).toEqual({ fileName: "answer.pdf", comment: { isIfmReply: true, seq: 2 } });
  expect((await getFile(1, "", "4-2")).status).toBe(200);
});
