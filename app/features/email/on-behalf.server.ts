// A verified representative's comment sent by mail is posted as their own; it is posted on behalf
// of their organisation only once they confirm on the web (the link in the receipt), signed in,
// within the edit window: a mail alone never speaks for an organisation.
import { recordAudit } from "~/models/audit.server";
import { denied, Refusal, refused, type Refused } from "~/models/refusal.server";
import type { Actor } from "~/models/permissions";
import { editRefusal, inTransaction } from "~/features/comments/comment.server";
import { formatCommentRef } from "~/features/comments/reference";
import { STATUS_SELECT } from "~/features/consultations/status";
import { translate } from "~/i18n/catalogue.server";
import { DEFAULT_LOCALE, type Locale } from "~/services/language";

export async function postMailCommentOnBehalf({
  commentId,
  organisationId,
  actor,
  now = new Date(),
  locale = DEFAULT_LOCALE,
}: {
  commentId: string;
  organisationId: string;
  actor: Actor;
  now?: Date;
  /** The language of its refusals. */
  locale?: Locale;
}): Promise<{ ok: true; ref: string; organisation: string } | Refused> {
  return inTransaction(async (tx) => {
    const c = await tx.comment.findUnique({
      where: { id: commentId },
      select: {
        id: true,
        seq: true,
        authorId: true,
        consultationId: true,
        organisationId: true,
        createdAt: true,
        hiddenAt: true,
        withdrawnAt: true,
        isIfmReply: true,
        consultation: { select: { number: true, ...STATUS_SELECT } },
      },
    });
    if (!c) throw new Refusal(refused(404, translate(locale, "email.onBehalf.commentNotFound")));
    const notNow = denied(actor, "comment.edit-own", { authorId: c.authorId }, locale) ?? editRefusal(c, c.consultation, now, locale);
    if (notNow) throw new Refusal(notNow);
    if (c.organisationId) throw new Refusal(refused(409, translate(locale, "email.onBehalf.alreadyOnBehalf")));
    if (!(await tx.commentByEmail.findUnique({ where: { commentId }, select: { commentId: true } }))) {
      throw new Refusal(refused(409, translate(locale, "email.onBehalf.notByMail")));
    }
    const membership = await tx.membership.findFirst({
      where: { userId: actor.id, organisationId, revokedAt: null },
      select: { organisation: { select: { name: true } } },
    });
    if (!membership) throw new Refusal(refused(403, translate(locale, "email.onBehalf.notRepresentative"), "organisationId"));
    await tx.comment.update({ where: { id: c.id }, data: { organisationId }, select: { id: true } });
    const ref = formatCommentRef(c.consultation.number, c.seq);
    await recordAudit(tx, {
      actorId: actor.id,
      action: "comment.on-behalf",
      subjectType: "comment",
      subjectId: c.id,
      consultationId: c.consultationId,
      isPublic: true,
      data: { ref, organisationId },
    });
    return { ok: true as const, ref, organisation: membership.organisation.name };
  });
}
