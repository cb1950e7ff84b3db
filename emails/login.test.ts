import { escapeHtml, renderLayout } from "./layout";
import { loginEmail } from "./login";

const input = {
  link: "https://consult.example.org/auth/verify?token=abc123&u=1",
  code: "K7P2QX",
  expiresInMinutes: 15,
  email: "alice@example.org",
};

test("the sign-in mail has the agreed subject and carries the link, code and expiry in both parts", () => {
  const { subject, text, html } = loginEmail(input);
  expect(subject).toBe("Your sign-in link for IANA Naming Functions Consultations");

  expect(text).toContain(input.link);
  expect(text).toContain("K7P2QX");
  expect(text).toContain("expire in 15 minutes and work only once");
  expect(text).toContain("If you did not ask for this, ignore this mail");
  expect(text).not.toMatch(/<[a-z]/i);

  expect(html).toContain(escapeHtml(input.link));
  expect(html).toContain('href="https://consult.example.org/auth/verify?token=abc123&amp;u=1"');
  expect(html).toContain(">K7P2QX</span>");
  expect(html).toContain("15 minutes");
  expect(html).toContain("If you did not ask for this, ignore this mail");
  expect(html).toContain('<html lang="en"');
});

test("the sign-in code is kept out of the preview line", () => {
  const { html } = loginEmail(input);
  const preheader = html.match(/<div style="display:none[^>]*>([^<]*)<\/div>/)?.[1] ?? "";
  expect(preheader).toContain("15 minutes");
  expect(preheader).not.toContain("K7P2QX");
});

test("the html part escapes the email address", () => {
  const { html, text } = loginEmail({ ...input, email: "<script>alert(1)</script>@example.org" });
  expect(html).not.toContain("<script>");
  expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;@example.org");
  expect(text).toContain("<script>alert(1)</script>@example.org");
});

test("one minute is singular", () => {
  expect(loginEmail({ ...input, expiresInMinutes: 1 }).text).toContain("expire in 1 minute and");
});

test("escapeHtml escapes markup and quotes, and the layout escapes its footer", () => {
  expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  const { html, text } = renderLayout({ bodyHtml: "<p>Body</p>", bodyText: "Body", footerText: "Sent to <b>you</b>" });
  expect(html).toContain("Sent to &lt;b&gt;you&lt;/b&gt;");
  expect(html).toContain("max-width:600px");
  expect(text).toContain("IANA Naming Functions Consultations");
  expect(text).toContain("Sent to <b>you</b>");
});
