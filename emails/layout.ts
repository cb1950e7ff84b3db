// The frame shared by every email: a plain, accessible HTML part (inline styles, one 600px
// column, system fonts, high contrast) and a text part that reads well on its own.

import { escapeHtml } from "../app/services/html-escape";
import { directionOf, mailT, type Locale } from "./i18n";

/** The product's name in `locale` ("IANA Naming Functions Consultations" in English). */
export const productName = (locale?: Locale) => mailT(locale)("shell.siteName");

export { escapeHtml };

const FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

export type LayoutInput = {
  /** Short summary shown by mail clients beside the subject; plain text. */
  preheader?: string;
  /** Body markup, already built from escaped values. */
  bodyHtml: string;
  bodyText: string;
  /** Plain text; why the reader got this mail. */
  footerText: string;
  /** Markup for the footer (built from escaped values); defaults to the escaped footerText. */
  footerHtml?: string;
  /** The mail's language (English when left out): its `lang`, `dir` and the product's name. */
  locale?: Locale;
};

export function renderLayout({ preheader, bodyHtml, bodyText, footerText, footerHtml: footerMarkup, locale = "en" }: LayoutInput): {
  html: string;
  text: string;
} {
  const name = productName(locale);
  const pre = preheader ? `<div style="display:none;max-height:0;overflow:hidden;mso-hide:all;" aria-hidden="true">${escapeHtml(preheader)}</div>` : "";
  const footerHtml = footerMarkup ?? escapeHtml(footerText).replace(/\r?\n/g, "<br>");

  const html = `<!DOCTYPE html>
<html lang="${locale}" dir="${directionOf(locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${escapeHtml(name)}</title>
</head>
<body style="margin:0;padding:0;background-color:#f3f4f6;">
${pre}
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f3f4f6;">
<tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;background-color:#ffffff;border:1px solid #d1d5db;border-radius:6px;">
<tr><td style="padding:20px 28px;border-bottom:3px solid #1d4ed8;font-family:${FONT};font-size:16px;font-weight:700;color:#111827;">${escapeHtml(name)}</td></tr>
<tr><td style="padding:24px 28px;font-family:${FONT};font-size:16px;line-height:1.5;color:#111827;">
${bodyHtml}
</td></tr>
<tr><td style="padding:16px 28px;border-top:1px solid #e5e7eb;font-family:${FONT};font-size:13px;line-height:1.5;color:#374151;">${footerHtml}</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;

  const text = `${name}\n${"=".repeat(name.length)}\n\n${bodyText.trim()}\n\n-- \n${footerText.trim()}\n`;
  return { html, text };
}

/** A link styled as a button, with the address also shown as text for clients that hide buttons. */
export function buttonHtml(href: string, label: string): string {
  return `<p style="margin:24px 0;"><a href="${escapeHtml(href)}" style="display:inline-block;padding:12px 20px;background-color:#1d4ed8;color:#ffffff;font-weight:700;text-decoration:none;border-radius:4px;">${escapeHtml(label)}</a></p>`;
}
