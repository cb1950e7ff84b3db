import { buttonHtml, escapeHtml } from "./layout";
import { mailT } from "./i18n";
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
  /** Plain text written by the DUG or the IFM (a summary of the record). */
  summary?: string | null;
  /** The conditions of the agreement, as the members wrote them. */
  conditions?: readonly string[] | null;
  /** Absolute URL of the agreement record. */
  url: string;
  footer: NotificationFooter;
};

const OUTCOME_LEADS = {
  agreed: "mail.dugRecorded.agreed",
  not_agreed: "mail.dugRecorded.notAgreed",
  lapsed: "mail.dugRecorded.lapsed",
} as const satisfies Record<DugOutcome, string>;

/** The DUG's decision on the plan was recorded (produced by the DUG review feature). */
export function dugRecordedEmail({ consultation: c, outcome, round, planVersion, summary, conditions, url, footer }: DugRecordedInput): RenderedMail {
  const { locale } = footer;
  const t = mailT(locale);
  const subject = consultationSubject(c, { isFirst: false }, locale);
  const version = planVersion ? String(planVersion) : "";
  const several = !!round && round > 1;
  // Which of the plan version and the round the lead names: one message per case, so each
  // language words the parenthesis itself.
  const on = version && several ? "both" : version ? "version" : several ? "round" : "none";
  const lead = t((outcome && OUTCOME_LEADS[outcome as DugOutcome]) || "mail.dugRecorded.recorded", {
    number: String(c.number),
    on,
    version,
    round: String(round ?? ""),
  });
  const heading = consultationHeading(c, locale);
  const body = [summary?.trim() ?? "", ...(conditions ?? []).map((condition) => t("mail.dugRecorded.condition", { condition }))].filter(Boolean).join("\n\n");
  const bodyText = [heading.text, "", lead, ...(body ? ["", body] : []), "", t("mail.dugRecorded.readText", { url })].join("\n");
  const bodyHtml = [heading.html, P(escapeHtml(lead)), body ? textToHtml(body) : "", buttonHtml(url, t("mail.dugRecorded.read"))].filter(Boolean).join("\n");
  return renderNotification({ subject, preheader: lead, bodyText, bodyHtml, footer });
}
