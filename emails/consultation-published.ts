import { buttonHtml, escapeHtml } from "./layout";
import {
  consultationHeading,
  consultationSubject,
  P,
  renderNotification,
  textToHtml,
  utc,
  type MailConsultation,
  type NotificationFooter,
  type RenderedMail,
} from "./notification";

export type ConsultationPublishedInput = {
  /** "published": the first mail of the thread; "opened": the comment period has begun. */
  kind: "published" | "opened";
  consultation: MailConsultation & { summary: string; categoryLabel: string; opensAt: Date; closesAt: Date };
  now: Date;
  footer: NotificationFooter;
};

/** A new consultation was published, or its comment period opened. */
export function consultationPublishedEmail({ kind, consultation: c, now, footer }: ConsultationPublishedInput): RenderedMail {
  const subject = consultationSubject(c, { isFirst: kind === "published" });
  const upcoming = c.opensAt.getTime() > now.getTime();
  const lead =
    kind === "opened"
      ? `The comment period of consultation ${c.number} is now open. Comments are welcome until ${utc(c.closesAt)}.`
      : upcoming
        ? `A new ${c.categoryLabel} consultation was published. Its comment period opens on ${utc(c.opensAt)} and closes on ${utc(c.closesAt)}.`
        : `A new ${c.categoryLabel} consultation was published and is open for comment until ${utc(c.closesAt)}.`;
  const action = kind === "opened" || !upcoming ? "Read the plan and comment" : "Read the plan";
  const heading = consultationHeading(c);

  const bodyText = [heading.text, "", lead, "", "Summary:", c.summary.trim(), "", `${action}: ${c.url}`].join("\n");
  const bodyHtml = [
    heading.html,
    P(escapeHtml(lead)),
    `<p style="margin:0 0 8px;font-weight:700;">Summary</p>`,
    textToHtml(c.summary),
    buttonHtml(c.url, action),
  ].join("\n");
  return renderNotification({ subject, preheader: lead, bodyText, bodyHtml, footer });
}
