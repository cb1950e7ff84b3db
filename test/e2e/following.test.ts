import type { Page } from "playwright-core";
import { db } from "~/services/db.server";
import { flash, rawMailHeader, readMails, waitForMail, waitForWorkerIdle, type ReceivedMail } from "./harness";
import { appFixtures, type Consultation } from "./fixtures";

// Following a consultation end to end, one step per test, each on a consultation and followers
// of its own made by fixtures: a visitor without an account follows by email and confirms from
// the mail; a comment reaches the followers as a threaded notification with unsubscribe headers;
// the unsubscribe link in that mail stops it; and a mail provider's RFC 8058 one-click POST
// stops it too.

const e2e = appFixtures();

const TITLE = "Retiring the legacy root zone glue policy";
const SUMMARY = "The IFM proposes to stop accepting out-of-bailiwick glue in root zone change requests.";
const PLAN = `## Background

Some root zone change requests still carry glue records for name servers outside the TLD.

## Proposed change

The root zone management system will refuse out-of-bailiwick glue in new change requests.
`;
const COMMENT_1 = "Please give TLD managers a six-month notice before the system starts refusing requests.";
const COMMENT_2 = "We checked our delegations: none of them carry out-of-bailiwick glue.";
const CHECK_INBOX = "Check your inbox: unless we already mailed this address in the last hour, a link to confirm is on its way.";

const consultation = () => e2e.consultation({ title: TITLE, summary: SUMMARY, plan: PLAN });
const host = () => new URL(e2e.app.url).hostname;

/** Whether `email` has a subscription to the consultation, and whether its address is confirmed. */
async function followerState(email: string, c: Consultation) {
  const follower = await db().follower.findUnique({
    where: { email },
    select: { confirmedAt: true, subscriptions: { where: { scope: "consultation", consultationId: c.id }, select: { id: true } } },
  });
  return { exists: !!follower, confirmed: !!follower?.confirmedAt, follows: follower?.subscriptions.length === 1 };
}

/** The notification mails (not sign-in or confirmation mails) `email` has received about the consultation so far. */
async function notificationsTo(email: string, c: Consultation) {
  return (await readMails(e2e.app.mailDir)).filter((m) => m.to.includes(email) && m.subject.includes(`[Consultation ${c.number}]`));
}

/** Which of `comments` each of those mails is about. */
async function aboutWhich(email: string, c: Consultation, comments: string[]) {
  return (await notificationsTo(email, c)).map((m) => comments.find((text) => m.text.includes(text)) ?? m.subject).sort();
}

/** The first notification about the consultation that reaches `email`. */
function notification(email: string, c: Consultation) {
  return waitForMail(e2e.app.mailDir, email, (m) => m.subject.includes(`[Consultation ${c.number}]`));
}

const permalink = (c: Consultation, ref: string) => `${e2e.app.url}/consultations/${c.slug}/comments/${ref}`;

const unsubscribeUrl = (mail: ReceivedMail) => /^<(.+)>$/.exec(rawMailHeader(e2e.app.mailDir, mail, "List-Unsubscribe")[0])![1];

/** Posts a comment from a signed-in page and returns its reference ("N-k"). */
async function postComment(page: Page, c: Consultation, text: string): Promise<string> {
  await page.goto(`${e2e.app.url}/consultations/${c.slug}`);
  await page.getByLabel("Your comment").fill(text);
  await page.getByRole("button", { name: "Post comment" }).click();
  await flash(page, /Your comment \d+-\d+ is posted\./);
  return /Your comment (\d+-\d+) is posted/.exec((await page.locator(".flash").textContent())!)![1];
}

/** Every header a notification about a comment on the consultation must carry. */
function expectNotificationHeaders(mail: ReceivedMail, to: string, c: Consultation) {
  const one = (name: string) => {
    const values = rawMailHeader(e2e.app.mailDir, mail, name);
    expect(values, name).toHaveLength(1);
    return values[0];
  };
  const root = `<consultation-${c.id}@${host()}>`;
  expect(one("References").split(/\s+/)).toContain(root);
  expect(one("In-Reply-To")).toBe(root);
  expect(one("List-Id")).toBe(`<consultation-${c.number}.${host()}>`);
  expect(one("List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
  expect(one("Auto-Submitted")).toBe("auto-generated");
  const unsubscribe = /^<(https?:\/\/[^>\s]+)>$/.exec(one("List-Unsubscribe"));
  expect(unsubscribe, "List-Unsubscribe is one <http(s) URL>").not.toBeNull();
  const url = unsubscribe![1];
  expect(url.startsWith(`${e2e.app.url}/unsubscribe/`)).toBe(true);
  // The footer's link is the same one: why the reader gets this, and how to stop it.
  expect(mail.text).toContain(`You follow consultation ${c.number}. This mail was sent to ${to}.`);
  expect(mail.text).toContain(`Stop following consultation ${c.number}: ${url}`);
  expect(mail.html).toContain(url.replace(/&/g, "&amp;"));
}

test("a visitor without an account follows by email, and only the Confirm button on the mailed link's page confirms", async () => {
  const c = await consultation();
  const email = e2e.address("fiona", "follower.example");
  // A browser that never signed in.
  const page = await e2e.page();

  await page.goto(`${e2e.app.url}/consultations/${c.slug}`);
  const box = page.getByRole("region", { name: "Follow this consultation" });
  await box.getByText("No account needed").waitFor();
  await box.getByLabel("Your email address").fill(email);
  await box.getByRole("button", { name: "Follow by email" }).click();
  await flash(page, CHECK_INBOX);
  expect(new URL(page.url()).pathname).toBe(`/consultations/${c.slug}`);
  // Asked, not yet following: nothing is sent until the address is confirmed.
  expect(await followerState(email, c)).toMatchObject({ exists: true, confirmed: false });

  const mail = await waitForMail(e2e.app.mailDir, email, (m) => m.subject.startsWith("Confirm"));
  expect(mail.subject).toBe(`Confirm: follow consultation ${c.number}`);
  expect(mail.text).toContain(`consultation ${c.number}: ${TITLE}`);
  const links = mail.text.match(/https?:\/\/\S+\/follow\/confirm\/[A-Za-z0-9_.-]+/g) ?? [];
  expect(links).toHaveLength(1);
  const link = links[0]!;
  expect(link.startsWith(`${e2e.app.url}/follow/confirm/`)).toBe(true);

  // Opening the link shows what will be followed and a Confirm button; the GET changes nothing.
  const response = await page.goto(link);
  expect(response?.status()).toBe(200);
  await page.getByRole("heading", { name: "Confirm your notifications", level: 1 }).waitFor();
  await page.getByText(`Send notifications to ${email} about:`).waitFor();
  await page
    .getByRole("listitem")
    .filter({ hasText: `Consultation ${c.number}: ${TITLE}` })
    .waitFor();
  expect((await followerState(email, c)).confirmed).toBe(false);
  await page.reload();
  await page.getByRole("button", { name: "Confirm" }).waitFor();
  expect((await followerState(email, c)).confirmed).toBe(false);

  await page.getByRole("button", { name: "Confirm" }).click();
  await flash(page, "Thank you: your address is confirmed.");
  await page.getByRole("heading", { name: "Your notifications", level: 1 }).waitFor();
  await page.getByText(`Consultation ${c.number}: ${TITLE}`).first().waitFor();
  expect(await followerState(email, c)).toEqual({ exists: true, confirmed: true, follows: true });
  expect(await page.context().cookies()).not.toContainEqual(expect.objectContaining({ name: "__session" }));
});

test("a comment reaches the followers as a threaded notification with unsubscribe headers; the commenter gets none", async () => {
  const c = await consultation();
  const [fiona, olga] = [e2e.address("fiona", "follower.example"), e2e.address("olga", "oneclick.example")];
  await e2e.emailFollower(fiona, c);
  await e2e.emailFollower(olga, c);
  const { person: carl, page } = await e2e.signedIn("Carl Commenter");

  const ref = await postComment(page, c, COMMENT_1);
  expect(ref).toBe(`${c.number}-1`);

  const fionaNotice = await notification(fiona, c);
  const olgaNotice = await notification(olga, c);
  for (const [mail, to] of [
    [fionaNotice, fiona],
    [olgaNotice, olga],
  ] as const) {
    expect(mail.subject).toBe(`Re: [Consultation ${c.number}] ${TITLE}`);
    expect(mail.text).toContain(`There is a new comment on consultation ${c.number}.`);
    expect(mail.text).toContain(`Comment ${ref} by ${carl.name}`);
    expect(mail.text).toContain(`> ${COMMENT_1}`);
    expect(mail.text).toContain(`Read it and reply: ${permalink(c, ref)}`);
    expect(mail.html).toContain(COMMENT_1);
    expect(mail.html).toContain(`href="${permalink(c, ref)}"`);
    expectNotificationHeaders(mail, to, c);
  }
  // Each recipient's mail is its own message, with its own unsubscribe link.
  expect(rawMailHeader(e2e.app.mailDir, fionaNotice, "Message-ID")[0]).not.toBe(rawMailHeader(e2e.app.mailDir, olgaNotice, "Message-ID")[0]);
  expect(unsubscribeUrl(fionaNotice)).not.toBe(unsubscribeUrl(olgaNotice));

  // Once the worker is done with the comment: one mail each, and none to the commenter (who now
  // follows the consultation, having commented on it).
  await waitForWorkerIdle(e2e.app);
  expect(await notificationsTo(fiona, c)).toHaveLength(1);
  expect(await notificationsTo(olga, c)).toHaveLength(1);
  expect(await notificationsTo(carl.email, c)).toEqual([]);
  expect(await followerState(carl.email, c)).toEqual({ exists: true, confirmed: true, follows: true });
});

test("the unsubscribe link of the mail opens a page whose button stops the notifications", async () => {
  const c = await consultation();
  const [fionaEmail, olga] = [e2e.address("fiona", "follower.example"), e2e.address("olga", "oneclick.example")];
  await e2e.emailFollower(fionaEmail, c);
  await e2e.emailFollower(olga, c);
  const [carl, dana] = [await e2e.person("Cleo Commenter"), await e2e.person("Dana Commenter")];
  // Carl's comment: the followers are mailed, and Carl follows from now on.
  await e2e.comment(c, { by: carl, body: COMMENT_1 });
  const url = unsubscribeUrl(await notification(fionaEmail, c));
  await waitForWorkerIdle(e2e.app);

  // Opening the link (as a mail scanner would) changes nothing.
  const fiona = await e2e.page();
  const response = await fiona.goto(url);
  expect(response?.status()).toBe(200);
  await fiona.getByRole("heading", { name: `Stop following ${TITLE}`, level: 1 }).waitFor();
  await fiona.getByText(`Stop sending mail to ${fionaEmail} about consultation ${c.number}: ${TITLE}.`).waitFor();
  expect((await followerState(fionaEmail, c)).follows).toBe(true);

  await fiona.getByRole("button", { name: "Stop following" }).click();
  await flash(fiona, "You no longer follow this consultation.");
  await fiona.getByRole("heading", { name: "You no longer follow this consultation", level: 1 }).waitFor();
  await fiona.getByText(`We send no more mail to ${fionaEmail} about consultation ${c.number}: ${TITLE}.`).waitFor();
  expect(await fiona.getByRole("button", { name: "Stop following" }).count()).toBe(0);
  expect(await followerState(fionaEmail, c)).toMatchObject({ confirmed: true, follows: false });

  // The next comment reaches those who still follow, and not Fiona.
  const { ref } = await e2e.comment(c, { by: dana, body: COMMENT_2 });
  const toOlga = await waitForMail(e2e.app.mailDir, olga, (m) => m.text.includes(COMMENT_2));
  expect(toOlga.text).toContain(`Read it and reply: ${permalink(c, ref)}`);
  await waitForMail(e2e.app.mailDir, carl.email, (m) => m.text.includes(COMMENT_2));
  await waitForWorkerIdle(e2e.app);
  expect(await aboutWhich(fionaEmail, c, [COMMENT_1, COMMENT_2])).toEqual([COMMENT_1]);
  expect(await notificationsTo(dana.email, c)).toEqual([]);
});

test("a mail provider's one-click POST to the List-Unsubscribe URL unsubscribes at once, without cookies", async () => {
  const c = await consultation();
  const olga = e2e.address("olga", "oneclick.example");
  await e2e.emailFollower(olga, c);
  const [carl, dana] = [await e2e.person("Colm Commenter"), await e2e.person("Dora Commenter")];
  // Dana's comment: Olga is mailed, and Dana follows from now on.
  await e2e.comment(c, { by: dana, body: COMMENT_1 });
  const url = unsubscribeUrl(await notification(olga, c));
  await waitForWorkerIdle(e2e.app);

  const oneClick = () =>
    fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://mail.example" },
      body: "List-Unsubscribe=One-Click",
      redirect: "manual",
    });
  const response = await oneClick();
  const body = await response.text();
  expect(response.status, `one-click POST answered: ${body.slice(0, 300) || "(empty body)"}`).toBe(200);
  expect(body).toContain("You no longer follow this consultation");
  expect(await followerState(olga, c)).toMatchObject({ confirmed: true, follows: false });
  // A provider that retries gets the same answer.
  expect((await oneClick()).status).toBe(200);

  // The next comment reaches Dana (she follows since she commented), and not Olga.
  const { ref } = await e2e.comment(c, { by: carl, body: COMMENT_2 });
  const toDana = await waitForMail(e2e.app.mailDir, dana.email, (m) => m.text.includes(COMMENT_2));
  expect(toDana.text).toContain(`Read it and reply: ${permalink(c, ref)}`);
  expect(toDana.subject).toBe(`Re: [Consultation ${c.number}] ${TITLE}`);
  await waitForWorkerIdle(e2e.app);
  expect(await aboutWhich(olga, c, [COMMENT_1, COMMENT_2])).toEqual([COMMENT_1]);
  expect(await aboutWhich(dana.email, c, [COMMENT_1, COMMENT_2])).toEqual([COMMENT_2]);
  expect(await notificationsTo(carl.email, c)).toEqual([]);
});
