import { buttonHtml, escapeHtml } from "./layout";
import {
  consultationHeading,
  consultationSubject,
  P,
  renderNotification,
  textToHtml,
  type MailConsultation,
  type NotificationFooter,
  type RenderedMail,
} from "./notification";

export type DugOutcome = "agreed" | "not_agreed" | "lapsed";

export type DugRecordedInput = {
  consultation: MailConsultation;
  /** Unknown values are shown as a neutral "recorded". */
  outcome?: string | null;
  /** The review round, when there were several. */
  round?: number | null;
  /** The plan version reviewed. */
  planVersion?: number | null;
  /** Plain text written by the DUG or the IFM (conditions, a summary of the record). */
  summary?: string | null;
  /** Absolute URL of the agreement record. */
  url: string;
  footer: NotificationFooter;
};

const OUTCOME_TEXT: Record<DugOutcome, string> = {
  agreed: "the Direct User Group (DUG) agreed to the plan",
  not_agreed: "the Direct User Group (DUG) did not agree to the plan",
  lapsed: "the Direct User Group (DUG) review lapsed without a decision",
};

/** The DUG's decision on the plan was recorded (produced by the DUG review feature). */
export function dugRecordedEmail({ consultation: c, outcome, round, planVersion, summary, url, footer }: DugRecordedInput): RenderedMail {
  const subject = consultationSubject(c, { isFirst: false });
  const what = (outcome && OUTCOME_TEXT[outcome as DugOutcome]) || "the Direct User Group (DUG) review outcome was recorded";
  const on = [planVersion ? `plan version ${planVersion}` : "", round && round > 1 ? `review round ${round}` : ""].filter(Boolean).join(", ");
  const lead = `For consultation ${c.number}${on ? ` (${on})` : ""}, ${what}.`;
  const heading = consultationHeading(c);
  const body = summary?.trim() ?? "";
  const bodyText = [heading.text, "", lead, ...(body ? ["", body] : []), "", `Read the record: ${url}`].join("\n");
  const bodyHtml = [heading.html, P(escapeHtml(lead)), body ? textToHtml(body) : "", buttonHtml(url, "Read the record")].filter(Boolean).join("\n");
  return renderNotification({ subject, preheader: lead, bodyText, bodyHtml, footer });
}
