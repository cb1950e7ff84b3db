import { buttonHtml, escapeHtml, PRODUCT_NAME, renderLayout } from "./layout";
import { NOUNS, plural } from "../app/models/plural";

/** What someone asked to follow; `categories` are labels, empty for every category. */
export type FollowTarget = { kind: "consultation"; number: number; title: string } | { kind: "all_new"; categories: string[] };

type Mail = { subject: string; text: string; html: string };

// Titles are staff input: keep them on one line in the text part (they never go into a header).
const oneLine = (value: string) =>
  String(value ?? "")
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();

function describe(target: FollowTarget): string {
  if (target.kind === "consultation") return `consultation ${target.number}: ${oneLine(target.title)}`;
  return target.categories.length ? `every new consultation in these categories: ${target.categories.map(oneLine).join(", ")}` : "every new consultation";
}

function subjectFor(target: FollowTarget): string {
  return target.kind === "consultation" ? `Confirm: follow consultation ${Math.trunc(target.number)}` : "Confirm: follow new consultations";
}

function linkBlock(href: string): string {
  return `<p style="margin:0 0 16px;font-size:14px;color:#374151;">If the button does not work, copy this address into your browser:<br><a href="${escapeHtml(href)}" style="color:#1d4ed8;word-break:break-all;">${escapeHtml(href)}</a></p>`;
}

const IGNORE = "If you did not ask for this, ignore this mail: nothing will be sent to you, and we will not write again about it.";

/** Double opt-in: the first mail to an address that asked to follow something. */
export function followConfirmEmail({
  email,
  target,
  confirmUrl,
  expiresInDays,
}: {
  email: string;
  target: FollowTarget;
  /** Absolute URL of the confirmation page. */
  confirmUrl: string;
  expiresInDays: number;
}): Mail {
  const what = describe(target);
  const days = plural(expiresInDays, NOUNS.day);
  const bodyText = [
    "Hello,",
    "",
    `Someone, probably you, asked to receive email notifications from ${PRODUCT_NAME} about ${what}.`,
    "",
    "To confirm, open this link and press Confirm:",
    "",
    confirmUrl,
    "",
    `The link works for ${days}. Every notification will have a link to change your settings or stop them at once.`,
    "",
    IGNORE,
  ].join("\n");
  const bodyHtml = [
    `<p style="margin:0 0 16px;">Hello,</p>`,
    `<p style="margin:0 0 16px;">Someone, probably you, asked to receive email notifications from ${escapeHtml(PRODUCT_NAME)} about <strong>${escapeHtml(what)}</strong>.</p>`,
    buttonHtml(confirmUrl, "Confirm"),
    linkBlock(confirmUrl),
    `<p style="margin:0 0 16px;">The link works for ${escapeHtml(days)}. Every notification will have a link to change your settings or stop them at once.</p>`,
    `<p style="margin:0;">${escapeHtml(IGNORE)}</p>`,
  ].join("\n");
  const { html, text } = renderLayout({
    preheader: `Confirm that you want notifications about ${what}.`,
    bodyHtml,
    bodyText,
    footerText: `This mail was sent to ${email} because someone entered this address on ${PRODUCT_NAME} to follow ${what}.`,
  });
  return { subject: subjectFor(target), text, html };
}

/**
 * For an address that is already confirmed: nothing was added; the link opens the follower's
 * settings page, which offers to add what was asked for.
 */
export function followAddEmail({ email, target, addUrl }: { email: string; target: FollowTarget; addUrl: string }): Mail {
  const what = describe(target);
  const bodyText = [
    "Hello,",
    "",
    `Someone, probably you, asked to follow ${what} with this address. You already receive notifications from ${PRODUCT_NAME}, so nothing was added yet.`,
    "",
    "To add it, open your notification settings and press Follow:",
    "",
    addUrl,
    "",
    IGNORE,
  ].join("\n");
  const bodyHtml = [
    `<p style="margin:0 0 16px;">Hello,</p>`,
    `<p style="margin:0 0 16px;">Someone, probably you, asked to follow <strong>${escapeHtml(what)}</strong> with this address. You already receive notifications from ${escapeHtml(PRODUCT_NAME)}, so nothing was added yet.</p>`,
    `<p style="margin:0 0 16px;">To add it, open your notification settings and press Follow:</p>`,
    buttonHtml(addUrl, "Open my notification settings"),
    linkBlock(addUrl),
    `<p style="margin:0;">${escapeHtml(IGNORE)}</p>`,
  ].join("\n");
  const { html, text } = renderLayout({
    preheader: `Add ${what} to what you follow.`,
    bodyHtml,
    bodyText,
    footerText: `This mail was sent to ${email} because someone entered this address on ${PRODUCT_NAME} to follow ${what}.`,
  });
  return { subject: subjectFor(target), text, html };
}
