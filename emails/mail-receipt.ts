// The answers to a mail that tried to post a comment: a receipt (the comment's reference,
// permalink and edit link) or a refusal saying why nothing was posted. Both answer the sender's
// message in its own thread (the caller sets In-Reply-To and References), in the sender's
// language (the caller chooses it: app/features/email/answer-language.server.ts).
import { EDIT_WINDOW_MINUTES } from "../app/features/comments/reference";
import { buttonHtml, escapeHtml, renderLayout } from "./layout";
import { DEFAULT_LOCALE, mailHtml, mailT, withStrong, type Locale } from "./i18n";
import { link, oneLine, P, textToHtml, type RenderedMail } from "./notification";

/** "Re: <their subject>" (once); "Re:" is the same in every language, as mail programs expect it. */
export function answerSubject(subject: string | null, locale: Locale = DEFAULT_LOCALE): string {
  const line = oneLine(subject ?? "") || mailT(locale)("email.answer.subjectFallback");
  return /^re:/i.test(line) ? line : `Re: ${line}`;
}

export type ReceiptInput = {
  subject: string | null;
  ref: string;
  consultation: { number: number; title: string };
  permalink: string;
  /** Where the author edits it (signed in), within the edit window. */
  editUrl: string;
  isReply: boolean;
  /** Set when a web step is still needed, e.g. the representative's confirmation. */
  confirm?: { url: string; label: string; text: string } | null;
  locale?: Locale;
};

export function commentReceiptEmail(input: ReceiptInput): RenderedMail {
  const locale = input.locale ?? DEFAULT_LOCALE;
  const t = mailT(locale);
  const values = { ref: input.ref, number: String(input.consultation.number), title: oneLine(input.consultation.title) };
  const lead = t(input.isReply ? "email.receipt.leadReply" : "email.receipt.leadComment", values);
  const edit = t("email.receipt.editText", { minutes: EDIT_WINDOW_MINUTES, url: input.editUrl });
  const confirm = input.confirm;
  const bodyText = [
    lead,
    "",
    t("email.receipt.reference", { ref: input.ref }),
    t("email.receipt.permalink", { url: input.permalink }),
    "",
    edit,
    ...(confirm ? ["", confirm.text, confirm.url] : []),
  ].join("\n");
  const read = (label: string) => link(input.permalink, label);
  const bodyHtml = [
    P(escapeHtml(lead)),
    P(`${withStrong(t, "email.receipt.reference", { ref: input.ref }, "ref")} · ${mailHtml(locale, "email.receipt.readLink", {}, { link: read })}`),
    P(mailHtml(locale, "email.receipt.editHtml", { minutes: EDIT_WINDOW_MINUTES }, { link: (label) => link(input.editUrl, label) })),
    ...(confirm ? [P(escapeHtml(confirm.text)), buttonHtml(confirm.url, confirm.label)] : []),
  ].join("\n");
  const { html, text } = renderLayout({ preheader: lead, bodyText, bodyHtml, footerText: t("email.answer.footer"), locale });
  return { subject: answerSubject(input.subject, locale), text, html };
}

export function commentRefusalEmail({
  subject,
  reason,
  keptText,
  locale = DEFAULT_LOCALE,
}: {
  subject: string | null;
  reason: string;
  keptText: string;
  locale?: Locale;
}): RenderedMail {
  const t = mailT(locale);
  const lead = t("email.refusal.lead");
  const wrote = t("email.refusal.whatYouWrote");
  const kept = keptText.trim() ? ["", wrote, "", keptText.trim()] : [];
  const bodyText = [lead, "", t("email.refusal.why", { reason }), ...kept].join("\n");
  const bodyHtml = [
    P(escapeHtml(lead)),
    P(mailHtml(locale, "email.refusal.whyHtml", { reason }, { strong: (label) => `<strong>${escapeHtml(label)}</strong>` })),
    ...(keptText.trim() ? [P(escapeHtml(wrote)), textToHtml(keptText)] : []),
  ].join("\n");
  const { html, text } = renderLayout({ preheader: reason, bodyText, bodyHtml, footerText: t("email.answer.footer"), locale });
  return { subject: answerSubject(subject, locale), text, html };
}
