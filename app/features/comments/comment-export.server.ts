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
  /** The markdown source; "" for hidden and withdrawn comments. */
  text: string;
};

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
  "text",
] as const satisfies readonly (keyof CommentExportRow)[];

/** Every comment of a consultation in reference order, for the JSON and CSV exports. */
export async function exportComments({ consultationId }: { consultationId: string }): Promise<CommentExportRow[]> {
  const c = await db().consultation.findUnique({
    where: { id: consultationId },
    select: { number: true, versions: { select: { id: true, number: true } } },
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
      author: { select: { displayName: true } },
      organisation: { select: { name: true, kind: true } },
    },
  });
  const seqById = new Map(rows.map((r) => [r.id, r.seq]));
  return rows.map((r) => {
    const state = stateOf(r);
    const parentSeq = r.parentId ? seqById.get(r.parentId) : undefined;
    return {
      ref: formatCommentRef(c.number, r.seq),
      author: authorName(r.author),
      organisation: r.organisation?.name ?? "",
      organisationKind: r.organisation?.kind ?? "",
      section: r.sectionTitle ?? "",
      planVersion: versionNumbers.get(r.planVersionId) ?? 0,
      createdAt: r.createdAt.toISOString(),
      editedAt: r.editedAt?.toISOString() ?? "",
      parentRef: parentSeq ? formatCommentRef(c.number, parentSeq) : "",
      state,
      text: state === "visible" ? r.bodyMd : "",
    };
  });
}

/**
 * RFC 4180 CSV with a header row and CRLF line ends. Fields containing a comma, quote, CR or LF
 * are quoted (quotes doubled); fields a spreadsheet would read as a formula (starting with =, +,
 * -, @, tab or CR) get a leading apostrophe.
 */
export function commentsToCsv(rows: CommentExportRow[]): string {
  const lines = [EXPORT_COLUMNS.map(csvField).join(",")];
  for (const row of rows) lines.push(EXPORT_COLUMNS.map((column) => csvField(row[column])).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

function csvField(value: string | number): string {
  let text = typeof value === "number" ? String(value) : value;
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
