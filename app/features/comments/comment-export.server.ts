// The comments of a consultation as rows for the CSV and JSON downloads.
import { db } from "~/services/db.server";
import { formatCommentRef } from "./reference";
import { authorName, stateOf, type CommentState } from "./comment.server";

export type CommentExportRow = {
  ref: string;
  author: string;
  organisation: string;
  organisationKind: string;
  section: string;
  planVersion: number;
  createdAt: string;
  editedAt: string;
  parentRef: string;
  state: CommentState;
  /** The language it is written in (ar, en, es, fr, ru, zh); "" for comments from before it was recorded. */
  language: string;
  /** The markdown source; "" for hidden and withdrawn comments. */
  text: string;
  /** Its files: always name, type, size and hash; the address of the file only while it is served. */
  attachments: ExportedAttachment[];
};

export type ExportedAttachment = { position: number; fileName: string; mediaType: string; size: number; sha256: string; url: string | null };

export const EXPORT_COLUMNS = [
  "ref",
  "author",
  "organisation",
  "organisationKind",
  "section",
  "planVersion",
  "createdAt",
  "editedAt",
  "parentRef",
  "state",
  "language",
  "text",
  "attachments",
] as const satisfies readonly (keyof CommentExportRow)[];

/**
 * Every comment of a consultation in reference order, for the JSON and CSV exports (and the
 * archive). `urlOf` turns the site's paths into the addresses to list (absolute ones for downloads).
 */
export async function exportComments({
  consultationId,
  urlOf = (path) => path,
}: {
  consultationId: string;
  urlOf?: (path: string) => string;
}): Promise<CommentExportRow[]> {
  const c = await db().consultation.findUnique({
    where: { id: consultationId },
    select: { number: true, slug: true, versions: { select: { id: true, number: true } } },
  });
  if (!c) return [];
  const versionNumbers = new Map(c.versions.map((v) => [v.id, v.number]));
  const rows = await db().comment.findMany({
    where: { consultationId },
    orderBy: { seq: "asc" },
    select: {
      id: true,
      seq: true,
      parentId: true,
      planVersionId: true,
      sectionTitle: true,
      createdAt: true,
      editedAt: true,
      hiddenAt: true,
      withdrawnAt: true,
      bodyMd: true,
      language: true,
      author: { select: { displayName: true } },
      organisation: { select: { name: true, kind: true } },
      attachments: { orderBy: { position: "asc" }, select: { position: true, fileName: true, mediaType: true, size: true, sha256: true } },
    },
  });
  const seqById = new Map(rows.map((r) => [r.id, r.seq]));
  return rows.map((r) => {
    const state = stateOf(r);
    const parentSeq = r.parentId ? seqById.get(r.parentId) : undefined;
    const ref = formatCommentRef(c.number, r.seq);
    return {
      ref,
      author: authorName(r.author),
      organisation: r.organisation?.name ?? "",
      organisationKind: r.organisation?.kind ?? "",
      section: r.sectionTitle ?? "",
      planVersion: versionNumbers.get(r.planVersionId) ?? 0,
      createdAt: r.createdAt.toISOString(),
      editedAt: r.editedAt?.toISOString() ?? "",
      parentRef: parentSeq ? formatCommentRef(c.number, parentSeq) : "",
      state,
      language: r.language ?? "",
      text: state === "visible" ? r.bodyMd : "",
      attachments: r.attachments.map((a) => ({
        ...a,
        url: state === "visible" ? urlOf(`/consultations/${c.slug}/comments/${ref}/a/${a.position}/file`) : null,
      })),
    };
  });
}

/** The CSV cell of a comment's files: one line per file, "name (type, bytes) sha256=… address". */
function attachmentsCell(files: ExportedAttachment[]): string {
  return files.map((f) => `${f.fileName} (${f.mediaType}, ${f.size} bytes) sha256=${f.sha256}${f.url ? ` ${f.url}` : ""}`).join("\n");
}

/**
 * RFC 4180 CSV with a header row and CRLF line ends. Fields containing a comma, quote, CR or LF
 * are quoted (quotes doubled); fields a spreadsheet would read as a formula (starting with =, +,
 * -, @, tab or CR) get a leading apostrophe.
 */
export function commentsToCsv(rows: CommentExportRow[]): string {
  const lines = [EXPORT_COLUMNS.map(csvField).join(",")];
  for (const row of rows)
    lines.push(EXPORT_COLUMNS.map((column) => csvField(column === "attachments" ? attachmentsCell(row.attachments) : row[column])).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

function csvField(value: string | number): string {
  let text = typeof value === "number" ? String(value) : value;
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The files of exported comments in one list, each with the comment it belongs to (statement archive). */
export function attachmentsOf(rows: CommentExportRow[]) {
  return rows.flatMap((c) => c.attachments.map((a) => ({ commentRef: c.ref, ...a })));
}
