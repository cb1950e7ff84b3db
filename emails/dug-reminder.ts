import { buttonHtml, escapeHtml } from "./layout";
import {
  consultationHeading,
  consultationSubject,
  P,
  renderNotification,
  utc,
  type MailConsultation,
  type NotificationFooter,
  type RenderedMail,
} from "./notification";

export type DugReminderInput = {
  consultation: MailConsultation;
  round: number;
  deadline: Date;
  role: "voting member" | "liaison";
  url: string;
  footer: NotificationFooter;
};

/** 48 hours before a DUG review's deadline, to members without a position (liaisons without advice). */
export function dugReminderEmail({ consultation: c, round, deadline, role, url, footer }: DugReminderInput): RenderedMail {
  const subject = consultationSubject(c, { isFirst: false });
  const missing = role === "voting member" ? "You have not recorded a position yet." : "You have not posted advice yet.";
  const lead = `DUG review round ${round} of consultation ${c.number} closes on ${utc(deadline)}, in less than 48 hours. ${missing}`;
  const after = "If the rule is not met by the deadline, the round lapses and the record says so.";
  const heading = consultationHeading(c);
  const bodyText = [heading.text, "", lead, after, "", `Open the review: ${url}`].join("\n");
  const bodyHtml = [heading.html, P(escapeHtml(lead)), P(escapeHtml(after)), buttonHtml(url, "Open the review")].join("\n");
  return renderNotification({ subject, preheader: lead, bodyText, bodyHtml, footer });
}
