import { simpleParser } from "mailparser";
import { MAIL_CLIENTS, mailFixture } from "../../../test/mail-fixtures";
import { commentTextOf } from "./mail-text.server";

const BODY = "The 30-day window is too short for registries with a change freeze in March.";

for (const client of MAIL_CLIENTS) {
  test(`a ${client} reply keeps only what the sender wrote: quoted history, "wrote:" line and signature removed`, async () => {
    const mail = await simpleParser(mailFixture(client, { from: "ana@example.org", to: "reply@localhost", messageId: "<m1@example.org>", body: BODY }));
    const { bodyMd } = commentTextOf(mail);
    expect(bodyMd.startsWith(BODY)).toBe(true);
    expect(bodyMd).not.toMatch(/wrote:/);
    expect(bodyMd).not.toMatch(/There is a new comment/);
    expect(bodyMd).not.toMatch(/Registry Operations|Sent from my iPhone|From: IANA/);
  });
}

test("an inline image is dropped with a note saying so", async () => {
  const mail = await simpleParser(mailFixture("apple-mail", { from: "ana@example.org", to: "reply@localhost", messageId: "<m2@example.org>", body: BODY }));
  const { bodyMd, droppedImages } = commentTextOf(mail);
  expect(droppedImages).toBe(1);
  expect(bodyMd).toMatch(/1 inline image was left out: comments sent by email carry text only/);
});

test("an HTML-only mail becomes its text", async () => {
  const raw = [
    "From: ana@example.org",
    "To: reply@localhost",
    "Subject: Re: x",
    "MIME-Version: 1.0",
    "Content-Type: text/html; charset=utf-8",
    "",
    "<p>I <b>support</b> the plan.</p><blockquote>On Monday, someone wrote: old text</blockquote>",
  ].join("\r\n");
  const { bodyMd } = commentTextOf(await simpleParser(raw));
  expect(bodyMd).toMatch(/^I support the plan\./);
});

test("a mail with only quoted history has no comment text", async () => {
  const raw = ["From: ana@example.org", "To: reply@localhost", "Subject: Re: x", "", "On Mon, 1 Dec 2026, X wrote:", "> old text"].join("\r\n");
  expect(commentTextOf(await simpleParser(raw)).bodyMd).toBe("");
});
