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

export type DugReviewOpenedInput = {
  consultation: MailConsultation;
  round: number;
  planVersion: number;
  deadline: Date;
  /** The round this one replaces (closed as superseded), if any. */
  superseded?: number | null;
  /** Voting members record a position; liaisons post advice. */
  role: "voting member" | "liaison";
  /** Absolute URL of the review page. */
  url: string;
  footer: NotificationFooter;
};

/** The IFM opened a DUG review round: to the voting members and liaisons. */
export function dugReviewOpenedEmail({ consultation: c, round, planVersion, deadline, superseded, role, url, footer }: DugReviewOpenedInput): RenderedMail {
  const subject = consultationSubject(c, { isFirst: false });
  const lead = `The IFM opened DUG review round ${round} of consultation ${c.number}, on plan version ${planVersion}. The deadline is ${utc(deadline)}.`;
  const ask =
    role === "voting member"
      ? "Please record your position (agree, agree with conditions, object, abstain or recuse) with a public rationale before the deadline."
      : "As a liaison you do not vote; your advice is welcome and shown beside the members' positions.";
  const replaced = superseded ? `Round ${superseded}, on an earlier plan version, is closed as superseded.` : "";
  const heading = consultationHeading(c);
  const bodyText = [heading.text, "", lead, ...(replaced ? [replaced] : []), "", ask, "", `Open the review: ${url}`].join("\n");
  const bodyHtml = [heading.html, P(escapeHtml(lead)), replaced ? P(escapeHtml(replaced)) : "", P(escapeHtml(ask)), buttonHtml(url, "Open the review")]
    .filter(Boolean)
    .join("\n");
  return renderNotification({ subject, preheader: lead, bodyText, bodyHtml, footer });
}
