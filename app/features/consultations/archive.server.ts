/**
 * The whole public record of a consultation as one zip: every published plan version, the
 * comments (JSON and CSV, hidden and withdrawn ones without their text), the files attached to
 * the comments that are served, the latest published statement and the files its revisions
 * were published with, the DUG's certified agreement
 * records, and a manifest of SHA-256 sums (`manifest.json`, and `SHA256SUMS` for `sha256sum -c`).
 * Attachments are read one at a time while the zip streams out; their sums are the ones recorded
 * at upload, so the manifest also proves that the stored bytes did not change.
 */
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import yazl from "yazl";
import { db } from "~/services/db.server";
import { attachmentStore } from "~/services/attachment-store.server";
import { attachmentsOf, commentsToCsv, exportComments } from "~/features/comments/comment-export.server";
import { getPublishedStatement, statementJsonExport } from "~/features/statement/published.server";
import { publishedStatementFiles } from "~/features/statement/statement-files.server";
import { consultationTranslations } from "~/features/translations/plan-translation.server";

type ManifestEntry = { path: string; size: number; sha256: string };

const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");

/** A name safe inside a zip on every system: no folders, no characters Windows refuses. */
function zipName(name: string): string {
  return name.replace(/[\u0000-\u001f<>:"/\\|?*]/g, "_").slice(-150) || "file";
}

/** The archive of a published consultation as a stream, or null when there is none at `slug`. */
export async function consultationArchive({ slug, urlOf, now = new Date() }: { slug: string; urlOf: (path: string) => string; now?: Date }) {
  const c = await db().consultation.findUnique({
    where: { slug },
    select: {
      id: true,
      number: true,
      slug: true,
      title: true,
      publishedAt: true,
      versions: {
        where: { publishedAt: { not: null } },
        orderBy: { number: "asc" },
        select: { number: true, bodyMd: true, publishedAt: true, contentHash: true },
      },
      dugReviews: { where: { recordJson: { not: null } }, orderBy: { round: "asc" }, select: { round: true, recordJson: true } },
    },
  });
  if (!c || !c.publishedAt) return null;

  const zip = new yazl.ZipFile();
  const manifest: ManifestEntry[] = [];
  const mtime = now;
  const addText = (path: string, text: string) => {
    const bytes = Buffer.from(text);
    manifest.push({ path, size: bytes.length, sha256: sha256(bytes) });
    zip.addBuffer(bytes, path, { mtime });
  };

  for (const v of c.versions) addText(`plan/version-${v.number}.md`, v.bodyMd);
  // Translations (the newest revision in each language): their manifest sum is their published hash.
  for (const t of await consultationTranslations(c.id)) addText(`plan/version-${t.version}.${t.language}.md`, t.bodyMd);
  const comments = await exportComments({ consultationId: c.id, urlOf });
  addText("comments.json", `${JSON.stringify(comments, null, 2)}\n`);
  addText("comments.csv", commentsToCsv(comments));

  const files = await db().attachment.findMany({
    where: { consultationId: c.id, comment: { hiddenAt: null, withdrawnAt: null } },
    orderBy: [{ comment: { seq: "asc" } }, { position: "asc" }],
    select: { position: true, fileName: true, size: true, sha256: true, storageKey: true, comment: { select: { seq: true } } },
  });
  const store = attachmentStore();
  // A stored file, read only when the zip reaches it; its sum is the one recorded at upload.
  const addStored = (path: string, f: { size: number; sha256: string; storageKey: string }) => {
    manifest.push({ path, size: f.size, sha256: f.sha256 });
    zip.addReadStreamLazy(path, { mtime }, (done) => {
      store.read(f.storageKey).then(
        (bytes) => (bytes ? done(null, Readable.from([bytes])) : done(new Error(`attachment ${f.storageKey} is missing from the store`), Readable.from([]))),
        (error: Error) => done(error, Readable.from([])),
      );
    });
  };
  for (const f of files) addStored(`attachments/${c.number}-${f.comment!.seq}/${f.position}-${zipName(f.fileName)}`, f);

  const statement = await getPublishedStatement({ slug });
  if (!statement.missing) addText("statement.json", statementJsonExport(statement, attachmentsOf(comments)));
  for (const f of await publishedStatementFiles(c.id)) addStored(`statement/files/${f.position}-${zipName(f.fileName)}`, f);
  for (const r of c.dugReviews) addText(`dug/agreement-record-round-${r.round}.json`, r.recordJson!);

  const described = {
    consultation: { number: c.number, slug: c.slug, title: c.title, url: urlOf(`/consultations/${c.slug}`) },
    createdAt: now.toISOString(),
    algorithm: "sha256",
    files: manifest,
  };
  zip.addBuffer(Buffer.from(`${JSON.stringify(described, null, 2)}\n`), "manifest.json", { mtime });
  zip.addBuffer(Buffer.from(manifest.map((m) => `${m.sha256}  ${m.path}\n`).join("")), "SHA256SUMS", { mtime });
  zip.end();
  return { number: c.number, stream: Readable.toWeb(zip.outputStream as Readable) as ReadableStream<Uint8Array> };
}
