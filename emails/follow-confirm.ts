import { buttonHtml, escapeHtml, productName, renderLayout } from "./layout";
import { mailT, withStrong, type Locale, type MailT } from "./i18n";

/** What someone asked to follow; `categories` are labels, empty for every category. */
export type FollowTarget = { kind: "consultation"; number: number; title: string } | { kind: "all_new"; categories: string[] };

type Mail = { subject: string; text: string; html: string };

// Titles are staff input: keep them on one line in the text part (they never go into a header).
const oneLine = (value: string) =>
  String(value ?? "")
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();

/** What is followed, as the catalogue words it; each language places it in its sentences. */
function describe(target: FollowTarget, t: MailT): string {
  if (target.kind === "consultation") return t("mail.follow.target.consultation", { number: String(target.number), title: oneLine(target.title) });
  return target.categories.length ? t("mail.follow.target.categories", { categories: target.categories.map(oneLine).join(", ") }) : t("mail.follow.target.all");
}

function subjectFor(target: FollowTarget, t: MailT): string {
  return target.kind === "consultation" ? t("mail.follow.subject.consultation", { number: String(Math.trunc(target.number)) }) : t("mail.follow.subject.new");
}

function linkBlock(href: string, t: MailT): string {
  return `<p style="margin:0 0 16px;font-size:14px;color:#374151;">${escapeHtml(t("mail.copyLink"))}<br><a href="${escapeHtml(href)}" style="color:#1d4ed8;word-break:break-all;">${escapeHtml(href)}</a></p>`;
}

/** Double opt-in: the first mail to an address that asked to follow something. */
export function followConfirmEmail({
  email,
  target,
  confirmUrl,
  expiresInDays,
  locale,
}: {
  email: string;
  target: FollowTarget;
  /** Absolute URL of the confirmation page. */
  confirmUrl: string;
  expiresInDays: number;
  /** The language the follower asked in (English when left out). */
  locale?: Locale;
}): Mail {
  const t = mailT(locale);
  const product = productName(locale);
  const what = describe(target, t);
  const ignore = t("mail.follow.ignore");
  const bodyText = [
    t("mail.hello"),
    "",
    t("mail.follow.asked", { product, what }),
    "",
    t("mail.follow.toConfirm"),
    "",
    confirmUrl,
    "",
    t("mail.follow.expires", { days: expiresInDays }),
    "",
    ignore,
  ].join("\n");
  const bodyHtml = [
    `<p style="margin:0 0 16px;">${escapeHtml(t("mail.hello"))}</p>`,
    `<p style="margin:0 0 16px;">${withStrong(t, "mail.follow.asked", { product, what }, "what")}</p>`,
    buttonHtml(confirmUrl, t("mail.follow.confirm")),
    linkBlock(confirmUrl, t),
    `<p style="margin:0 0 16px;">${escapeHtml(t("mail.follow.expires", { days: expiresInDays }))}</p>`,
    `<p style="margin:0;">${escapeHtml(ignore)}</p>`,
  ].join("\n");
  const { html, text } = renderLayout({
    preheader: t("mail.follow.confirmPreheader", { what }),
    bodyHtml,
    bodyText,
    footerText: t("mail.follow.footer", { email, product, what }),
    locale,
  });
  return { subject: subjectFor(target, t), text, html };
}

/**
 * For an address that is already confirmed: nothing was added; the link opens the follower's
 * settings page, which offers to add what was asked for.
 */
export function followAddEmail({ email, target, addUrl, locale }: { email: string; target: FollowTarget; addUrl: string; locale?: Locale }): Mail {
  const t = mailT(locale);
  const product = productName(locale);
  const what = describe(target, t);
  const ignore = t("mail.follow.ignore");
  const bodyText = [t("mail.hello"), "", t("mail.follow.already", { product, what }), "", t("mail.follow.toAdd"), "", addUrl, "", ignore].join("\n");
  const bodyHtml = [
    `<p style="margin:0 0 16px;">${escapeHtml(t("mail.hello"))}</p>`,
    `<p style="margin:0 0 16px;">${withStrong(t, "mail.follow.already", { product, what }, "what")}</p>`,
    `<p style="margin:0 0 16px;">${escapeHtml(t("mail.follow.toAdd"))}</p>`,
    buttonHtml(addUrl, t("mail.follow.openSettings")),
    linkBlock(addUrl, t),
    `<p style="margin:0;">${escapeHtml(ignore)}</p>`,
  ].join("\n");
  const { html, text } = renderLayout({
    preheader: t("mail.follow.addPreheader", { what }),
    bodyHtml,
    bodyText,
    footerText: t("mail.follow.footer", { email, product, what }),
    locale,
  });
  return { subject: subjectFor(target, t), text, html };
}
