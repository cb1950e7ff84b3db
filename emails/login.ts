import { buttonHtml, escapeHtml, PRODUCT_NAME, renderLayout } from "./layout";
import { NOUNS, plural } from "../app/models/plural";

export type LoginEmailInput = {
  /** The one-time sign-in URL (absolute). */
  link: string;
  /** The one-time code the user can type instead (6 characters). */
  code: string;
  expiresInMinutes: number;
  /** The address the mail goes to, shown so the reader knows which account it is for. */
  email: string;
};

export function loginEmail({ link, code, expiresInMinutes, email }: LoginEmailInput): {
  subject: string;
  text: string;
  html: string;
} {
  const subject = `Your sign-in link for ${PRODUCT_NAME}`;
  const minutes = plural(expiresInMinutes, NOUNS.minute);

  const bodyText = [
    "Hello,",
    "",
    `Use this link to sign in to ${PRODUCT_NAME}:`,
    "",
    link,
    "",
    "Or enter this code on the sign-in page:",
    "",
    `    ${code}`,
    "",
    `The link and the code expire in ${minutes} and work only once.`,
    "",
    `If you did not ask for this, ignore this mail. Nobody can sign in without the link or the code.`,
  ].join("\n");

  const bodyHtml = [
    `<p style="margin:0 0 16px;">Hello,</p>`,
    `<p style="margin:0 0 16px;">Use this button to sign in to ${escapeHtml(PRODUCT_NAME)}:</p>`,
    buttonHtml(link, "Sign in"),
    `<p style="margin:0 0 16px;font-size:14px;color:#374151;">If the button does not work, copy this address into your browser:<br><a href="${escapeHtml(link)}" style="color:#1d4ed8;word-break:break-all;">${escapeHtml(link)}</a></p>`,
    `<p style="margin:0 0 8px;">Or enter this code on the sign-in page:</p>`,
    `<p style="margin:0 0 16px;"><span style="display:inline-block;padding:10px 16px;background-color:#f3f4f6;border:1px solid #d1d5db;border-radius:4px;font-family:'SFMono-Regular',Consolas,'Liberation Mono',Menlo,monospace;font-size:28px;font-weight:700;letter-spacing:6px;color:#111827;" aria-label="Sign-in code ${escapeHtml(code.split("").join(" "))}">${escapeHtml(code)}</span></p>`,
    `<p style="margin:0 0 16px;">The link and the code expire in <strong>${escapeHtml(minutes)}</strong> and work only once.</p>`,
    `<p style="margin:0;">If you did not ask for this, ignore this mail. Nobody can sign in without the link or the code.</p>`,
  ].join("\n");

  const footerText = `This mail was sent to ${email} because someone asked to sign in to ${PRODUCT_NAME} with this address.`;

  const { html, text } = renderLayout({
    // The code is kept out of the preview line that lock screens and notifications show.
    preheader: `Sign in with the link or the code inside. They expire in ${minutes}.`,
    bodyHtml,
    bodyText,
    footerText,
  });
  return { subject, text, html };
}
