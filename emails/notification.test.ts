import { closingChangedEmail } from "./closing-changed";
import { closingSoonEmail, nextReminderText } from "./closing-soon";
import { dailyDigestEmail } from "./daily-digest";
import { dugRecordedEmail } from "./dug-recorded";
import { newCommentEmail } from "./new-comment";
import { markdownToText, reasonText, type NotificationFooter } from "./notification";
import { planRevisedEmail } from "./plan-revised";

const footer: NotificationFooter = {
  reason: { kind: "follows-consultation", consultationNumber: 4 },
  email: "reader@example.org",
  manageUrl: "https://consult.example.org/follow/manage/f1.sig",
  unsubscribeUrl: "https://consult.example.org/unsubscribe/f1.c1.sig",
  unsubscribe: { kind: "consultation", consultationNumber: 4 },
};
const consultation = { number: 4, title: `KSK <script>alert("x")</script> & more`, url: "https://consult.example.org/consultations/ksk" };
const comment = {
  ref: "4-17",
  authorName: "<b>Mallory</b>",
  organisationName: "Registry & Co",
  createdAt: new Date("2026-03-02T10:00:00Z"),
  bodyMd: "See [the draft](https://example.org/d) and **this**.",
  bodyHtml: '<p>See <a href="https://example.org/d" rel="nofollow ugc noopener">the draft</a> and <strong>this</strong>.</p>',
  url: "https://consult.example.org/consultations/ksk/comments/4-17",
};

test("staff and user text is escaped in the HTML part and kept readable in the text part", () => {
  const { subject, text, html } = newCommentEmail({ consultation, comment, footer });
  expect(subject).toBe(`Re: [Consultation 4] KSK <script>alert("x")</script> & more`);
  expect(html).not.toContain("<script>");
  expect(html).not.toContain("<b>Mallory</b>");
  expect(html).toContain("&lt;b&gt;Mallory&lt;/b&gt;");
  expect(html).toContain("Registry &amp; Co");
  expect(html).toContain("<strong>this</strong>"); // the stored, sanitised comment HTML
  expect(text).toContain("> See the draft (https://example.org/d) and this.");
  expect(text).not.toMatch(/<p>|<a /);
});

test("every notification's footer says why and links to manage and unsubscribe, in both parts", () => {
  const { text, html } = planRevisedEmail({
    consultation,
    version: 3,
    changeSummary: "Dates <moved>.",
    diffUrl: "https://consult.example.org/consultations/ksk/diff?from=2&to=3",
    footer,
  });
  expect(text).toContain("You follow consultation 4. This mail was sent to reader@example.org.");
  expect(text).toContain("Manage your notifications: https://consult.example.org/follow/manage/f1.sig");
  expect(text).toContain("Stop following consultation 4: https://consult.example.org/unsubscribe/f1.c1.sig");
  expect(html).toContain('href="https://consult.example.org/follow/manage/f1.sig"');
  expect(html).toContain('href="https://consult.example.org/unsubscribe/f1.c1.sig"');
  expect(html).toContain("Dates &lt;moved&gt;.");
  expect(html).toContain('href="https://consult.example.org/consultations/ksk/diff?from=2&amp;to=3"');
  expect(text).toContain("See every change: https://consult.example.org/consultations/ksk/diff?from=2&to=3");
});

test("the reasons read as the issue asks", () => {
  expect(reasonText({ kind: "follows-consultation", consultationNumber: 9 })).toBe("You follow consultation 9.");
  expect(reasonText({ kind: "follows-new", categories: [] })).toBe("You follow every new consultation.");
  expect(reasonText({ kind: "follows-new", categories: ["DNSSEC", "RDAP"] })).toBe("You follow new consultations (DNSSEC, RDAP).");
  expect(reasonText({ kind: "commented", consultationNumber: 9 })).toBe("You commented on consultation 9.");
});

test("markdown becomes plain text: links, images, headings and emphasis", () => {
  expect(markdownToText("# Title #\n\nA *b* __c__ ![logo](https://x/l.png) <https://x/y> [https://x/z](https://x/z)")).toBe(
    "Title\n\nA b c logo (https://x/l.png) https://x/y https://x/z",
  );
});

test("a closing reminder says the real time left, even when sent late, and what comes next", () => {
  const closesAt = new Date("2026-05-01T00:00:00Z");
  const late = closingSoonEmail({
    consultation,
    closesAt,
    at: new Date("2026-04-27T00:00:00Z"),
    next: { at: new Date("2026-04-30T00:00:00Z"), count: 1 },
    footer,
  });
  expect(late.text).toContain("closes in 4 days, on 2026-05-01 00:00 UTC");
  expect(late.text).toContain("You will get one more reminder on 2026-04-30 00:00 UTC, 24 hours before the closing.");
  expect(late.html).toContain("You will get one more reminder on 2026-04-30 00:00 UTC, 24 hours before the closing.");
  const last = closingSoonEmail({ consultation, closesAt, at: new Date("2026-04-30T12:00:00Z"), next: null, footer });
  expect(last.text).toContain("closes in 12 hours, on 2026-05-01 00:00 UTC");
  expect(last.text).toContain("This is the last reminder.");
  expect(last.text).not.toContain("one more reminder");
  const manyLeft = nextReminderText(closesAt, { at: new Date("2026-04-24T00:00:00Z"), count: 2 });
  expect(manyLeft).toBe("You will get 2 more reminders, the next on 2026-04-24 00:00 UTC, 7 days before the closing.");
});

test("a change of the closing says which way it moved, why, and which reminder follows", () => {
  const base = { consultation, previousClosesAt: new Date("2026-05-01T00:00:00Z"), reason: "Dates were wrong.", footer };
  const shortened = closingChangedEmail({
    ...base,
    kind: "shortened",
    closesAt: new Date("2026-04-10T00:00:00Z"),
    reminders: { at: new Date("2026-04-09T00:00:00Z"), count: 1 },
  });
  expect(shortened.text).toContain("was shortened: it now closes on 2026-04-10 00:00 UTC instead of 2026-05-01 00:00 UTC.");
  expect(shortened.text).toContain("Dates were wrong.");
  expect(shortened.text).toContain("You will get a reminder on 2026-04-09 00:00 UTC, 24 hours before the closing.");
  const extended = closingChangedEmail({ ...base, kind: "extended", closesAt: new Date("2026-05-02T00:00:00Z"), reminders: null });
  expect(extended.text).toContain("was extended from 2026-05-01 00:00 UTC to 2026-05-02 00:00 UTC.");
  expect(extended.text).toContain("You will not get a reminder before the new closing.");
  const superseded = closingChangedEmail({ ...base, kind: "extended", closesAt: new Date("2026-05-02T00:00:00Z") });
  expect(superseded.text).not.toContain("reminder");
});

test("a DUG record of an unknown outcome still reads well, and the digest counts left-out comments", () => {
  expect(dugRecordedEmail({ consultation, outcome: "something-new", url: consultation.url, footer }).text).toContain(
    "For consultation 4, the Direct User Group (DUG) review outcome was recorded.",
  );
  const digest = dailyDigestEmail({
    day: "2026-03-02",
    groups: [{ consultation, comments: [comment], more: 4 }],
    footer: { ...footer, reason: { kind: "digest" } },
  });
  expect(digest.subject).toBe("Daily digest 2026-03-02: 5 new comments on 1 consultation");
  expect(digest.text).toContain("4 more comments on the consultation page: https://consult.example.org/consultations/ksk");
});
