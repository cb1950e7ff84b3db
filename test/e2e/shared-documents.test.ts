import { expect, test } from "vitest";
import { sessionCookie } from "../factories";
import { appFixtures } from "./fixtures";

// A rendered document is shared by every request whose data is the same once the per-response
// values are set aside (app/services/rendered-documents.server.ts). Through the real server: each
// signed-in reader gets their own name, form key, nonce and Edit links, and nobody else's.

const e2e = appFixtures();

type Page = { body: string; nonce: string; key: string; name: string };

async function read(path: string, cookie?: string): Promise<Page> {
  const res = await fetch(`${e2e.app.url}${path}`, { headers: cookie ? { cookie } : {} });
  expect(res.status).toBe(200);
  const body = await res.text();
  const nonce = /'nonce-([^']+)'/.exec(res.headers.get("content-security-policy") ?? "")?.[1] ?? "";
  const key = /name="idempotencyKey" value="([^"]*)"/.exec(body)?.[1] ?? "";
  const name = /<span id="account-name" class="account-name">(.*?)<\/span>/.exec(body)?.[1] ?? "";
  return { body, nonce, key, name };
}

test("signed-in readers of one page each get their own name, form key, nonce and Edit links, and nobody else's", async () => {
  const author = await e2e.person("Ada Author");
  const reader = await e2e.person("Bea O'Neil & Co");
  const staff = await e2e.person("Ivy Staff", { roles: ["ifm"] });
  const consultation = await e2e.consultation({ title: "Shared documents: signed-in readers" });
  const own = await e2e.comment(consultation, { by: author, body: "The author's own note on the plan." });
  const path = `/consultations/${consultation.slug}`;
  const cookies = { author: await sessionCookie(author.id), reader: await sessionCookie(reader.id), staff: await sessionCookie(staff.id) };

  // Alternating, so that each request could be answered from what the one before left.
  const pages = [
    { who: "author", page: await read(path, cookies.author) },
    { who: "reader", page: await read(path, cookies.reader) },
    { who: "reader", page: await read(path, cookies.reader) },
    { who: "author", page: await read(path, cookies.author) },
    { who: "staff", page: await read(path, cookies.staff) },
    { who: "reader", page: await read(path, cookies.reader) },
  ] as const;

  const names = { author: "Ada Author", reader: "Bea O&#39;Neil &amp; Co", staff: "Ivy Staff" };
  const edit = `href="/consultations/${consultation.slug}/comments/${own.ref}#edit"`;
  for (const { who, page } of pages) {
    expect(page.name).toBe(names[who]);
    // The key is in the form and in the hydration data, and in no other response.
    expect(page.key).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(page.body.split(page.key).length - 1).toBeGreaterThanOrEqual(2);
    for (const other of pages) if (other.page !== page) expect(page.body).not.toContain(other.page.key);
    // Every inline script carries this response's nonce, the one its policy names.
    const nonces = [...page.body.matchAll(/nonce="([^"]+)"/g)].map((m) => m[1]);
    expect(nonces.length).toBeGreaterThan(0);
    expect(new Set(nonces)).toEqual(new Set([page.nonce]));
    expect(page.body.includes(edit)).toBe(who === "author");
    expect(page.body.includes("Manage this consultation")).toBe(who === "staff");
    expect(page.body).not.toContain("stored-html-");
  }
  expect(new Set(pages.map((p) => p.page.nonce)).size).toBe(pages.length);

  // A write shows on the next request of a reader whose document was shared before.
  await e2e.comment(consultation, { by: reader, body: "A second opinion, posted just now." });
  expect((await read(path, cookies.author)).body).toContain("A second opinion, posted just now.");
});

test("a page read signed out and signed in shares nothing personal with the signed-in one", async () => {
  const person = await e2e.person("Cy Commenter");
  const consultation = await e2e.consultation({ title: "Shared documents: signed out and in" });
  const path = `/consultations/${consultation.slug}`;
  const signedIn = await read(path, await sessionCookie(person.id));
  const signedOut = await read(path);
  expect(signedIn.name).toBe("Cy Commenter");
  expect(signedOut.name).toBe("");
  expect(signedOut.key).toBe("");
  expect(signedOut.body).not.toContain("Cy Commenter");
  expect(signedOut.body).toContain("to comment. Anyone with an email address may comment.");
});
