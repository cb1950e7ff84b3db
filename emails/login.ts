import { buttonHtml, escapeHtml, productName, renderLayout } from "./layout";
import { mailT, withStrong, type Locale } from "./i18n";

export type LoginEmailInput = {
  /** The one-time sign-in URL (absolute). */
  link: string;
  /** The one-time code the user can type instead (6 characters). */
  code: string;
  expiresInMinutes: number;
  /** The address the mail goes to, shown so the reader knows which account it is for. */
  email: string;
  /** The language of the page the sign-in was asked from (English when left out). */
  locale?: Locale;
};

export function loginEmail({ link, code, expiresInMinutes, email, locale }: LoginEmailInput): {
  subject: string;
  text: string;
  html: string;
} {
  const t = mailT(locale);
  const product = productName(locale);
  const subject = t("mail.login.subject", { product });
  const minutes = expiresInMinutes;

  const bodyText = [
    t("mail.hello"),
    "",
    t("mail.login.useLink", { product }),
    "",
    link,
    "",
    t("mail.login.orCode"),
    "",
    `    ${code}`,
    "",
    t("mail.login.expires", { minutes }),
    "",
    t("mail.login.ignore"),
  ].join("\n");

  const bodyHtml = [
    `<p style="margin:0 0 16px;">${escapeHtml(t("mail.hello"))}</p>`,
    `<p style="margin:0 0 16px;">${escapeHtml(t("mail.login.useButton", { product }))}</p>`,
    buttonHtml(link, t("mail.login.button")),
    `<p style="margin:0 0 16px;font-size:14px;color:#374151;">${escapeHtml(t("mail.copyLink"))}<br><a href="${escapeHtml(link)}" style="color:#1d4ed8;word-break:break-all;">${escapeHtml(link)}</a></p>`,
    `<p style="margin:0 0 8px;">${escapeHtml(t("mail.login.orCode"))}</p>`,
    `<p style="margin:0 0 16px;"><span style="display:inline-block;padding:10px 16px;background-color:#f3f4f6;border:1px solid #d1d5db;border-radius:4px;font-family:'SFMono-Regular',Consolas,'Liberation Mono',Menlo,monospace;font-size:28px;font-weight:700;letter-spacing:6px;color:#111827;" aria-label="${escapeHtml(t("mail.login.codeLabel", { code: code.split("").join(" ") }))}">${escapeHtml(code)}</span></p>`,
    `<p style="margin:0 0 16px;">${withStrong(t, "mail.login.expiresHtml", { minutes: t("mail.login.minutes", { minutes }) }, "minutes")}</p>`,
    `<p style="margin:0;">${escapeHtml(t("mail.login.ignore"))}</p>`,
  ].join("\n");

  const footerText = t("mail.login.footer", { email, product });

  const { html, text } = renderLayout({
    // The code is kept out of the preview line that lock screens and notifications show.
    preheader: t("mail.login.preheader", { minutes }),
    bodyHtml,
    bodyText,
    footerText,
    locale,
  });
  return { subject, text, html };
}
