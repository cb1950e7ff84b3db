/**
 * The files of the final statement (docs/decisions/036): IFM staff add them to the draft with the
 * statement's texts and remove them again; publishing freezes the draft's files with the revision
 * (statement.server.ts). Their bytes, types, text and serving are the comments' attachments' own
 * (app/features/attachments/): only who owns the row and who may see it differ.
 */
import { db, type Db } from "~/services/db.server";
import { attachmentStore } from "~/services/attachment-store.server";
import { recordAudit } from "~/models/audit.server";
import type { Actor } from "~/models/permissions";
import { Refusal, denied, inTransaction, refused, type Refused } from "~/models/refusal.server";
import type { AttachmentLimits } from "~/features/attachments/rules";
import { commentQuotaRefusal, readServedFile, type AttachmentFacts, type NewAttachment } from "~/features/attachments/attachment.server";
import { translate } from "~/i18n/catalogue.server";
import type { MessageId } from "~/i18n/message-id";
import { DEFAULT_LOCALE, type Locale } from "~/services/language";
import { consultationStatus, STATUS_SELECT } from "~/features/consultations/status";
import { DRAFT_FILES, draftFilesRefusal, nextPositions, removal, statementFileServed } from "./statement-files";
import { builderRefusal } from "./statement.server";

/**
 * Records files on the statement's draft, in the transaction that saves its texts: all or none.
 * Their bytes are already in the store (withStoredAttachments). Throws a Refusal, in `locale`.
 */
export async function addDraftFiles(
  tx: Db,
  {
    statementId,
    consultationId,
    uploaderId,
    files,
    limits,
    now,
    locale = DEFAULT_LOCALE,
  }: {
    statementId: string;
    consultationId: string;
    uploaderId: string;
    files: readonly NewAttachment[];
    limits: AttachmentLimits;
    now: Date;
    locale?: Locale;
  },
): Promise<void> {
  if (!files.length) return;
  const say = (id: MessageId, values?: Record<string, string | number>) => translate(locale, id, values);
  const existing = await tx.attachment.findMany({ where: { statementId }, select: { position: true, detachedAt: true } });
  const tooMany = draftFilesRefusal(existing.filter((f) => !f.detachedAt).length, files.length, say);
  if (tooMany) throw new Refusal(refused(400, tooMany, "attachments"));
  // One after the other: a transaction is one connection, which runs one query at a time.
  const userToday = await tx.attachment.count({ where: { uploaderId, createdAt: { gt: new Date(now.getTime() - 86_400_000) } } });
  const total = await tx.attachment.aggregate({ where: { consultationId }, _sum: { size: true } });
  const over = commentQuotaRefusal(
    { userToday, consultationBytes: total._sum.size ?? 0 },
    { files: files.length, bytes: files.reduce((sum, f) => sum + f.size, 0) },
    limits,
    locale,
  );
  if (over) throw new Refusal(refused(429, over, "attachments"));
  const positions = nextPositions(
    existing.map((f) => f.position),
    files.length,
  );
  await tx.attachment.createMany({
    data: files.map((f, i) => ({
      id: f.id,
      statementId,
      consultationId,
      position: positions[i]!,
      fileName: f.fileName,
      mediaType: f.mediaType,
      size: f.size,
      sha256: f.sha256,
      storageKey: f.storageKey,
      activeContent: f.activeContent,
      uploaderId,
      createdAt: now,
    })),
  });
}

/** The draft's files for the builder, with the revisions each is already published with. */
export async function draftFiles(consultationId: string) {
  const rows = await db().attachment.findMany({
    where: { statement: { consultationId }, ...DRAFT_FILES },
    orderBy: { position: "asc" },
    select: {
      position: true,
      fileName: true,
      mediaType: true,
      size: true,
      sha256: true,
      textStatus: true,
      revisions: { select: { revision: { select: { number: true } } } },
    },
  });
  return rows.map(({ revisions, ...f }) => ({ ...f, revisions: revisions.map((r) => r.revision.number) }));
}

/**
 * Takes a file off the draft. One no published revision lists is deleted with its bytes; one a
 * revision lists stays with that revision (frozen, still public) and is only left out of the next.
 */
export async function removeDraftFile({
  actor,
  consultationId,
  position,
  now = new Date(),
  locale = DEFAULT_LOCALE,
}: {
  actor: Actor;
  consultationId: string;
  position: number;
  now?: Date;
  /** The builder's language: refusals are worded in it. */
  locale?: Locale;
}): Promise<{ ok: true; fileName: string; kept: boolean } | Refused> {
  const notAllowed = denied(actor, "statement.write");
  if (notAllowed) return notAllowed;
  const c = await db().consultation.findUnique({ where: { id: consultationId }, select: { ...STATUS_SELECT } });
  if (!c) return refused(404, translate(locale, "consultation.notFound"));
  const closedFirst = builderRefusal({ status: consultationStatus(c, now), closesAt: c.closesAt }, locale);
  if (closedFirst) return closedFirst;
  const result = await inTransaction(async (tx) => {
    const file = await tx.attachment.findFirst({
      where: { statement: { consultationId }, position },
      select: {
        id: true,
        statementId: true,
        fileName: true,
        storageKey: true,
        detachedAt: true,
        revisions: { select: { revision: { select: { number: true } } } },
      },
    });
    if (!file) throw new Refusal(refused(404, translate(locale, "statement.refusal.noFile", { position })));
    const revisions = file.revisions.map((r) => r.revision.number);
    const what = removal({ detachedAt: file.detachedAt, revisions });
    if (what === "not-on-draft") {
      throw new Refusal(refused(409, translate(locale, "statement.refusal.fileNotOnDraft", { fileName: file.fileName })));
    }
    if (what === "delete") await tx.attachment.delete({ where: { id: file.id } });
    else await tx.attachment.update({ where: { id: file.id }, data: { detachedAt: now } });
    await recordAudit(tx, {
      actorId: actor.id,
      action: "statement.file.remove",
      subjectType: "statement",
      subjectId: file.statementId!,
      consultationId,
      data: { position, fileName: file.fileName, keptForRevisions: revisions },
    });
    return { ok: true as const, fileName: file.fileName, kept: what === "detach", storageKey: file.storageKey };
  });
  if (!result.ok) return result;
  if (!result.kept) await attachmentStore().remove(result.storageKey);
  return { ok: true, fileName: result.fileName, kept: result.kept };
}

// ---------------------------------------------------------------------------------------------
// Reading: the permalink, the bytes, the archive

const fileSelect = {
  position: true,
  fileName: true,
  mediaType: true,
  size: true,
  sha256: true,
  activeContent: true,
  createdAt: true,
  textStatus: true,
  textNote: true,
  text: true,
  storageKey: true,
  detachedAt: true,
  revisions: { select: { revision: { select: { number: true } } } },
} as const;

async function findStatementFile({ slug, position }: { slug: string; position: string }) {
  const n = Number(position);
  if (!Number.isInteger(n) || n < 1 || n > 1_000_000) return null;
  const consultation = await db().consultation.findUnique({ where: { slug }, select: { id: true, slug: true, title: true, number: true, publishedAt: true } });
  if (!consultation?.publishedAt) return null;
  const found = await db().attachment.findFirst({ where: { statement: { consultationId: consultation.id }, position: n }, select: fileSelect });
  if (!found) return null;
  return { consultation, found, revisions: found.revisions.map((r) => r.revision.number).sort((a, b) => a - b) };
}

export type StatementFileDetails = {
  consultation: { slug: string; title: string; number: number };
  attachment: AttachmentFacts;
  /** The published revisions that list it (none: a draft's file, shown to IFM staff only). */
  revisions: number[];
  onDraft: boolean;
};

/** A statement file's page, or null: no such file, or a draft's file and the viewer is not IFM staff. */
export async function getStatementFileDetails(args: { slug: string; position: string; viewer: { isStaff: boolean } }): Promise<StatementFileDetails | null> {
  const hit = await findStatementFile(args);
  if (!hit || !statementFileServed(hit, args.viewer)) return null;
  const { storageKey: _key, detachedAt, revisions: _r, ...facts } = hit.found;
  return {
    consultation: { slug: hit.consultation.slug, title: hit.consultation.title, number: hit.consultation.number },
    attachment: facts,
    revisions: hit.revisions,
    onDraft: !detachedAt,
  };
}

/** The file's bytes for attachmentResponse, under the same rule as its page. */
export async function getStatementFile(args: { slug: string; position: string; viewer: { isStaff: boolean } }) {
  const hit = await findStatementFile(args);
  if (!hit || !statementFileServed(hit, args.viewer)) return null;
  return readServedFile(hit.found);
}

/** The files every published revision froze, for the archive. */
export async function publishedStatementFiles(consultationId: string) {
  return db().attachment.findMany({
    where: { statement: { consultationId }, revisions: { some: {} } },
    orderBy: { position: "asc" },
    select: { position: true, fileName: true, size: true, sha256: true, storageKey: true },
  });
}
