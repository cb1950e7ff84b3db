import type { ClosingChangeKind } from "../app/features/consultations/closing-change";
import { buttonHtml, escapeHtml } from "./layout";
import { durationIn, mailT, type Locale } from "./i18n";
import {
  consultationHeading,
  consultationSubject,
  P,
  quotedBlockHtml,
  renderNotification,
  textToHtml,
  utc,
  type MailConsultation,
  type NotificationFooter,
  type RenderedMail,
} from "./notification";

export type ClosingChangedInput = {
  consultation: MailConsultation;
  kind: ClosingChangeKind;
  previousClosesAt?: Date | null;
  closesAt: Date;
  reason: string;
  /**
   * The first reminder planned for the new closing and how many are planned, or null when none
   * will come. Left out when the closing has changed again since (that change's mail says it).
   */
  reminders?: { at: Date; count: number } | null;
  footer: NotificationFooter;
};

function leadOf({ consultation: c, kind, previousClosesAt, closesAt, footer: { locale } }: ClosingChangedInput): string {
  const t = mailT(locale);
  const values = { number: String(c.number), closes: utc(closesAt, locale), previous: previousClosesAt ? utc(previousClosesAt, locale) : "" };
  if (kind === "extended") return previousClosesAt ? t("mail.closingChanged.extendedFrom", values) : t("mail.closingChanged.extended", values);
  return previousClosesAt ? t("mail.closingChanged.shortenedFrom", values) : t("mail.closingChanged.shortened", values);
}

function remindersText(closesAt: Date, reminders: { at: Date; count: number } | null, locale?: Locale): string {
  const t = mailT(locale);
  if (!reminders) return t("mail.closingChanged.noReminder");
  return t("mail.closingChanged.reminders", {
    count: reminders.count,
    at: utc(reminders.at, locale),
    before: durationIn(closesAt.getTime() - reminders.at.getTime(), locale),
  });
}

/** The closing time was moved later or earlier, with the IFM's reason and what comes next. */
export function closingChangedEmail(input: ClosingChangedInput): RenderedMail {
  const { consultation: c, closesAt, reason, reminders, footer } = input;
  const { locale } = footer;
  const t = mailT(locale);
  const subject = consultationSubject(c, { isFirst: false }, locale);
  const lead = leadOf(input);
  const why = reason.trim() || t("mail.noReason");
  const next = reminders === undefined ? null : remindersText(closesAt, reminders, locale);
  const heading = consultationHeading(c, locale);
  const bodyText = [
    heading.text,
    "",
    lead,
    "",
    t("mail.reasonLabelText"),
    why,
    ...(next ? ["", next] : []),
    "",
    t("mail.readAndCommentText", { url: c.url }),
  ].join("\n");
  const bodyHtml = [
    heading.html,
    P(escapeHtml(lead)),
    quotedBlockHtml(t("mail.reasonLabel"), textToHtml(why), locale),
    ...(next ? [P(escapeHtml(next))] : []),
    buttonHtml(c.url, t("mail.readAndComment")),
  ].join("\n");
  return renderNotification({ subject, preheader: lead, bodyText, bodyHtml, footer });
}
