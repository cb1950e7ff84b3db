import { createHash } from "node:crypto";
import fs from "node:fs";
import { db } from "~/services/db.server";
import { hideComment } from "~/features/comments/moderation.server";
import * as pageRoute from "~/routes/consultations.$slug._index";
import * as archiveRoute from "~/routes/consultations.$slug.archive[.]zip";
import * as jsonExport from "~/routes/consultations.$slug.comments[.]json";
import * as csvExport from "~/routes/consultations.$slug.comments[.]csv";
import { createConsultation } from "../comment-fixtures";
import { call, createUser, sessionCookie } from "../factories";
import { makeDocx, makePdf, unzip } from "../attachment-fixtures";

const sha256 = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");

async function setup() {
  await createConsultation({ number: 4, slug: "ksk-rollover" });
  const user = await createUser({ displayName: "Registry Counsel" });
  const cookie = await sessionCookie(user.id);
  let n = 0;
  const postWith = async (files: { name: string; data: Buffer | string }[], bodyMd = "Our formal response is attached.") => {
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
    expect((await call(pageRoute.action, request, { slug: "ksk-rollover" })).status).toBe(302);
  };
  return { postWith };
}

beforeEach(() => fs.rmSync(process.env.UPLOAD_DIR!, { recursive: true, force: true }));

test("comments.json and comments.csv list each comment's files with hash and address; a hidden comment's files without the address", async () => {
  const { postWith } = await setup();
  const pdf = makePdf("kept");
  await postWith([{ name: "letter.pdf", data: pdf }]);
  await postWith([{ name: "private.txt", data: "personal data" }], "To be hidden.");
  const ifm = await createUser({ roles: ["ifm"] });
  const hidden = await db().comment.findFirstOrThrow({ where: { seq: 2 }, select: { id: true } });
  await hideComment({ commentId: hidden.id, actor: { id: ifm.id, roles: ["ifm"] }, reason: "Personal data" });

  const json = await call(jsonExport.loader as never, new Request("http://localhost:3000/consultations/ksk-rollover/comments.json"), { slug: "ksk-rollover" });
  expect(json.data.comments.map((c: { attachments: unknown }) => c.attachments)).toEqual([
    [
      {
        position: 1,
        fileName: "letter.pdf",
        mediaType: "application/pdf",
        size: pdf.length,
        sha256: sha256(pdf),
        url: "http://localhost:3000/consultations/ksk-rollover/comments/4-1/a/1/file",
      },
    ],
    [{ position: 1, fileName: "private.txt", mediaType: "text/plain", size: 13, sha256: sha256("personal data"), url: null }],
  ]);
  const csv = await call(csvExport.loader as never, new Request("http://localhost:3000/consultations/ksk-rollover/comments.csv"), { slug: "ksk-rollover" });
  expect(csv.data).toContain(
    `"letter.pdf (application/pdf, ${pdf.length} bytes) sha256=${sha256(pdf)} http://localhost:3000/consultations/ksk-rollover/comments/4-1/a/1/file`,
  );
  expect(csv.data).toContain(`"private.txt (text/plain, 13 bytes) sha256=${sha256("personal data")}"\r\n`);
});

test("archive.zip holds the plan, the comments, the served attachments and a manifest whose every SHA-256 matches", async () => {
  const { postWith } = await setup();
  const pdf = makePdf("The formal letter");
  const docx = await makeDocx(["Annex A"]);
  await postWith([
    { name: "letter.pdf", data: pdf },
    { name: "annex/../A.docx", data: docx },
  ]);
  await postWith([{ name: "hidden.txt", data: "not in the archive" }], "Hidden later.");
  const ifm = await createUser({ roles: ["ifm"] });
  const hidden = await db().comment.findFirstOrThrow({ where: { seq: 2 }, select: { id: true } });
  await hideComment({ commentId: hidden.id, actor: { id: ifm.id, roles: ["ifm"] }, reason: "Off topic here" });

  const res = await archiveRoute.loader({
    request: new Request("http://localhost:3000/consultations/ksk-rollover/archive.zip"),
    params: { slug: "ksk-rollover" },
    context: {},
  });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toBe("application/zip");
  expect(res.headers.get("content-disposition")).toBe('attachment; filename="consultation-4-archive.zip"');
  const entries = await unzip(Buffer.from(await res.arrayBuffer()));

  const manifest = JSON.parse(entries.get("manifest.json")!.toString()) as { algorithm: string; files: { path: string; size: number; sha256: string }[] };
  expect(manifest.algorithm).toBe("sha256");
  expect(manifest.files.map((f) => f.path)).toEqual([
    "plan/version-1.md",
    "comments.json",
    "comments.csv",
    "attachments/4-1/1-letter.pdf",
    "attachments/4-1/2-A.docx",
  ]);
  // Every file but the manifest's own two is listed, and every listed hash and size matches the bytes.
  expect([...entries.keys()].filter((p) => p !== "manifest.json" && p !== "SHA256SUMS").sort()).toEqual(manifest.files.map((f) => f.path).sort());
  for (const f of manifest.files) {
    expect(sha256(entries.get(f.path)!), f.path).toBe(f.sha256);
    expect(entries.get(f.path)!.length, f.path).toBe(f.size);
  }
  expect(entries.get("attachments/4-1/1-letter.pdf")!.equals(pdf)).toBe(true);
  expect(manifest.files.find((f) => f.path.endsWith("letter.pdf"))!.sha256).toBe(sha256(pdf));
  expect(entries.get("SHA256SUMS")!.toString()).toBe(manifest.files.map((f) => `${f.sha256}  ${f.path}\n`).join(""));
  expect([...entries.keys()].some((p) => p.includes("hidden"))).toBe(false);

  const missing = await archiveRoute.loader({
    request: new Request("http://localhost:3000/consultations/nope/archive.zip"),
    params: { slug: "nope" },
    context: {},
  });
  expect(missing.status).toBe(404);
});
