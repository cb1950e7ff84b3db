import Database from "better-sqlite3";
import type { Browser, BrowserContext, Page } from "playwright-core";
import {
  grantAdmin,
  launchBrowser,
  rawMailHeader,
  readMails,
  signInThroughEmail,
  startApp,
  waitForMail,
  waitForWorkerIdle,
  type App,
  type ReceivedMail,
  flash,
  trackedPage,
} from "./harness";

// Following a consultation end to end, as people live it: a visitor without an account follows
// by email and confirms from the mail; a comment reaches them as a threaded notification with
// unsubscribe headers; the unsubscribe link in that mail stops it; and a mail provider's RFC 8058
// one-click POST stops it for a second follower. Each step builds on the previous one.

const TITLE = "Retiring the legacy root zone glue policy";
const SUMMARY = "The IFM proposes to stop accepting out-of-bailiwick glue in root zone change requests.";
const PLAN = `## Background

Some root zone change requests still carry glue records for name servers outside the TLD.

## Proposed change

The root zone management system will refuse out-of-bailiwick glue in new change requests.
`;
const COMMENT_1 = "Please give TLD managers a six-month notice before the system starts refusing requests.";
const COMMENT_2 = "We checked our delegations: none of them carry out-of-bailiwick glue.";
const COMMENT_3 = "A list of the TLDs still affected would help everyone plan.";

// Addresses that are not substrings of one another (the harness matches recipients by substring).
const FIONA = "fiona@follower.example"; // follows by email, unsubscribes with the link in a mail
const OLGA = "olga@oneclick.example"; // follows by email, unsubscribed by her mail provider (one click)
const CARL = "carl@commenter.example"; // comments, and so follows automatically
const DANA = "dana@commenter.example"; // comments too
const CHECK_INBOX = "Check your inbox: unless we already mailed this address in the last hour, a link to confirm is on its way.";

let app: App;
let browser: Browser;
const contexts: BrowserContext[] = [];
/** Script errors in any page (a route module that fails to load, a hydration crash): each test asserts there were none. */
const scriptErrors: string[] = [];
let admin: Page, ifm: Page, carl: Page, dana: Page, fiona: Page, olga: Page;
let slug = "";
let consultation: { id: string; number: number };
let host = "";
/** Fiona's and Olga's mails about the first comment. */
let fionaNotice: ReceivedMail;
let olgaNotice: ReceivedMail;

function newPage() {
  return trackedPage(browser, contexts, scriptErrors);
}

function openDb() {
  return new Database(app.dbUrl.replace(/^file:/, ""), { fileMustExist: true, readonly: true, timeout: 10_000 });
}

function query<T>(sql: string, ...params: unknown[]): T | undefined {
  const db = openDb();
  try {
    return db.prepare(sql).get(...params) as T | undefined;
  } finally {
    db.close();
  }
}

/** Whether `email` has a subscription to the consultation, and whether its address is confirmed. */
function followerState(email: string) {
  const follower = query<{ id: string; confirmedAt: string | null; unsubscribedAllAt: string | null }>(
    "SELECT id, confirmedAt, unsubscribedAllAt FROM Follower WHERE email = ?",
    email,
  );
  const subscription = follower
    ? query<{ n: number }>(
        "SELECT COUNT(*) AS n FROM Subscription WHERE followerId = ? AND scope = 'consultation' AND consultationId = ?",
        follower.id,
        consultation.id,
      )!
    : { n: 0 };
  return { exists: !!follower, confirmed: !!follower?.confirmedAt, follows: subscription.n === 1 };
}

/** The notification mails (not sign-in or confirmation mails) `email` has received so far. */
async function notificationsTo(email: string) {
  return (await readMails(app.mailDir)).filter((m) => m.to.includes(email) && m.subject.includes(`[Consultation ${consultation.number}]`));
}

function permalink(ref: string) {
  return `${app.url}/consultations/${slug}/comments/${ref}`;
}

/** Posts a comment from a signed-in page and returns its reference ("N-k"). */
async function postComment(page: Page, text: string): Promise<string> {
  await page.goto(`${app.url}/consultations/${slug}`);
  await page.getByLabel("Your comment").fill(text);
  await page.getByRole("button", { name: "Post comment" }).click();
  await flash(page, /Your comment \d+-\d+ is posted\./);
  return /Your comment (\d+-\d+) is posted/.exec((await page.locator(".flash").textContent())!)![1];
}

/** A visitor without an account follows the consultation by email and confirms from the mail. */
async function followByEmailAndConfirm(page: Page, email: string) {
  await page.goto(`${app.url}/consultations/${slug}`);
  const box = page.getByRole("region", { name: "Follow this consultation" });
  await box.getByText("No account needed").waitFor();
  await box.getByLabel("Your email address").fill(email);
  await box.getByRole("button", { name: "Follow by email" }).click();
  await flash(page, CHECK_INBOX);
  expect(new URL(page.url()).pathname).toBe(`/consultations/${slug}`);
  // Asked, not yet following: nothing is sent until the address is confirmed.
  expect(followerState(email)).toMatchObject({ exists: true, confirmed: false });

  const mail = await waitForMail(app.mailDir, email, (m) => m.subject.startsWith("Confirm"));
  expect(mail.subject).toBe(`Confirm: follow consultation ${consultation.number}`);
  expect(mail.text).toContain(`consultation ${consultation.number}: ${TITLE}`);
  const links = mail.text.match(/https?:\/\/\S+\/follow\/confirm\/[A-Za-z0-9_.-]+/g) ?? [];
  expect(links).toHaveLength(1);
  const link = links[0]!;
  expect(link.startsWith(`${app.url}/follow/confirm/`)).toBe(true);

  // Opening the link shows what will be followed and a Confirm button; the GET changes nothing.
  const response = await page.goto(link);
  expect(response?.status()).toBe(200);
  await page.getByRole("heading", { name: "Confirm your notifications", level: 1 }).waitFor();
  await page.getByText(`Send notifications to ${email} about:`).waitFor();
  await page
    .getByRole("listitem")
    .filter({ hasText: `Consultation ${consultation.number}: ${TITLE}` })
    .waitFor();
  expect(followerState(email).confirmed).toBe(false);
  await page.reload();
  await page.getByRole("button", { name: "Confirm" }).waitFor();
  expect(followerState(email).confirmed).toBe(false);

  await page.getByRole("button", { name: "Confirm" }).click();
  await flash(page, "Thank you: your address is confirmed.");
  await page.getByRole("heading", { name: "Your notifications", level: 1 }).waitFor();
  await page.getByText(`Consultation ${consultation.number}: ${TITLE}`).first().waitFor();
  expect(followerState(email)).toEqual({ exists: true, confirmed: true, follows: true });
}

/** Every header a notification about a comment on the consultation must carry. */
function expectNotificationHeaders(mail: ReceivedMail, to: string) {
  const one = (name: string) => {
    const values = rawMailHeader(app.mailDir, mail, name);
    expect(values, name).toHaveLength(1);
    return values[0];
  };
  const root = `<consultation-${consultation.id}@${host}>`;
  expect(one("References").split(/\s+/)).toContain(root);
  expect(one("In-Reply-To")).toBe(root);
  expect(one("List-Id")).toBe(`<consultation-${consultation.number}.${host}>`);
  expect(one("List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click");
  expect(one("Auto-Submitted")).toBe("auto-generated");
  const unsubscribe = /^<(https?:\/\/[^>\s]+)>$/.exec(one("List-Unsubscribe"));
  expect(unsubscribe, "List-Unsubscribe is one <http(s) URL>").not.toBeNull();
  const url = unsubscribe![1];
  expect(url.startsWith(`${app.url}/unsubscribe/`)).toBe(true);
  // The footer's link is the same one: why the reader gets this, and how to stop it.
  expect(mail.text).toContain(`You follow consultation ${consultation.number}. This mail was sent to ${to}.`);
  expect(mail.text).toContain(`Stop following consultation ${consultation.number}: ${url}`);
  expect(mail.html).toContain(url.replace(/&/g, "&amp;"));
  return url;
}

beforeAll(async () => {
  app = await startApp({ demoData: false });
  host = new URL(app.url).hostname;
  browser = await launchBrowser();
  [admin, ifm, carl, dana, fiona, olga] = await Promise.all([newPage(), newPage(), newPage(), newPage(), newPage(), newPage()]);
});

afterEach(() => {
  expect(scriptErrors.splice(0)).toEqual([]);
});

afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => {});
  await browser?.close();
  await app?.stop();
});

test("IFM staff publish a consultation that is open for comment", async () => {
  await Promise.all([
    signInThroughEmail(admin, app, "ada.admin@example.org", "Ada Admin"),
    signInThroughEmail(ifm, app, "ivy.ifm@example.org", "Ivy IFM"),
    signInThroughEmail(carl, app, CARL, "Carl Commenter"),
    signInThroughEmail(dana, app, DANA, "Dana Commenter"),
  ]);
  await admin.getByText("Welcome, Ada Admin.").waitFor();
  grantAdmin(app, "ada.admin@example.org");
  await admin.goto(`${app.url}/admin/users`);
  await admin.getByRole("link", { name: "Ivy IFM" }).click();
  await admin.getByRole("heading", { name: "Ivy IFM", level: 1 }).waitFor();
  await admin.getByRole("button", { name: "Grant IFM staff" }).click();
  await flash(admin, "Role IFM staff granted.");

  await ifm.goto(`${app.url}/consultations/new`);
  await ifm.getByLabel("Title", { exact: true }).fill(TITLE);
  await ifm.getByLabel("Short summary").fill(SUMMARY);
  await ifm.getByLabel("Implementation plan").fill(PLAN);
  await ifm.getByLabel("Category").selectOption({ index: 1 });
  await ifm.getByLabel("Who is affected").selectOption({ index: 1 });
  await ifm.getByLabel("Contact email").fill("glue-policy@ifm.example");
  await ifm.getByRole("button", { name: "Save draft" }).click();
  await flash(ifm, "Draft saved.");
  slug = /\/consultations\/([^/]+)\/manage$/.exec(new URL(ifm.url()).pathname)![1];

  const minute = 60_000;
  const opens = new Date(Math.floor(Date.now() / minute) * minute);
  const local = (d: Date) => d.toISOString().slice(0, 16);
  await ifm.getByLabel("Opens (UTC)").fill(local(opens));
  await ifm.getByLabel("Closes (UTC)").fill(local(new Date(opens.getTime() + 31 * 86_400_000)));
  await ifm.getByRole("button", { name: "Publish", exact: true }).click();
  await flash(ifm, "Published. The consultation is public now.");
  await ifm.getByText("Open for comment", { exact: true }).waitFor();

  consultation = query<{ id: string; number: number }>("SELECT id, number FROM Consultation WHERE slug = ?", slug)!;
  expect(consultation.number).toBeGreaterThan(0);
});

test("a visitor without an account follows by email, and only the Confirm button on the mailed link's page confirms", async () => {
  // Fiona, then Olga (who will be unsubscribed by her mail provider later), each in a browser
  // that never signed in.
  await followByEmailAndConfirm(fiona, FIONA);
  await followByEmailAndConfirm(olga, OLGA);
  expect(await fiona.context().cookies()).not.toContainEqual(expect.objectContaining({ name: "__session" }));
});

test("a comment reaches the followers as a threaded notification with unsubscribe headers; the commenter gets none", async () => {
  const ref = await postComment(carl, COMMENT_1);
  expect(ref).toBe(`${consultation.number}-1`);

  fionaNotice = await waitForMail(app.mailDir, FIONA, (m) => m.subject.includes("[Consultation"));
  olgaNotice = await waitForMail(app.mailDir, OLGA, (m) => m.subject.includes("[Consultation"));
  for (const [mail, to] of [
    [fionaNotice, FIONA],
    [olgaNotice, OLGA],
  ] as const) {
    expect(mail.subject).toBe(`Re: [Consultation ${consultation.number}] ${TITLE}`);
    expect(mail.text).toContain(`There is a new comment on consultation ${consultation.number}.`);
    expect(mail.text).toContain(`Comment ${ref} by Carl Commenter`);
    expect(mail.text).toContain(`> ${COMMENT_1}`);
    expect(mail.text).toContain(`Read it and reply: ${permalink(ref)}`);
    expect(mail.html).toContain(COMMENT_1);
    expect(mail.html).toContain(`href="${permalink(ref)}"`);
    expectNotificationHeaders(mail, to);
  }
  // Each recipient's mail is its own message, with its own unsubscribe link.
  expect(rawMailHeader(app.mailDir, fionaNotice, "Message-ID")[0]).not.toBe(rawMailHeader(app.mailDir, olgaNotice, "Message-ID")[0]);
  expect(rawMailHeader(app.mailDir, fionaNotice, "List-Unsubscribe")[0]).not.toBe(rawMailHeader(app.mailDir, olgaNotice, "List-Unsubscribe")[0]);

  // Once the worker is done with the comment: one mail each, and none to the commenter (who now
  // follows the consultation, having commented on it).
  await waitForWorkerIdle(app);
  expect(await notificationsTo(FIONA)).toHaveLength(1);
  expect(await notificationsTo(OLGA)).toHaveLength(1);
  expect(await notificationsTo(CARL)).toEqual([]);
  expect(followerState(CARL)).toEqual({ exists: true, confirmed: true, follows: true });
});

test("the unsubscribe link of the mail opens a page whose button stops the notifications", async () => {
  const url = /^<(.+)>$/.exec(rawMailHeader(app.mailDir, fionaNotice, "List-Unsubscribe")[0])![1];

  // Opening the link (as a mail scanner would) changes nothing.
  const response = await fiona.goto(url);
  expect(response?.status()).toBe(200);
  await fiona.getByRole("heading", { name: `Stop following ${TITLE}`, level: 1 }).waitFor();
  await fiona.getByText(`Stop sending mail to ${FIONA} about consultation ${consultation.number}: ${TITLE}.`).waitFor();
  expect(followerState(FIONA).follows).toBe(true);

  await fiona.getByRole("button", { name: "Stop following" }).click();
  await flash(fiona, "You no longer follow this consultation.");
  await fiona.getByRole("heading", { name: "You no longer follow this consultation", level: 1 }).waitFor();
  await fiona.getByText(`We send no more mail to ${FIONA} about consultation ${consultation.number}: ${TITLE}.`).waitFor();
  expect(await fiona.getByRole("button", { name: "Stop following" }).count()).toBe(0);
  expect(followerState(FIONA)).toMatchObject({ confirmed: true, follows: false });

  // The next comment reaches those who still follow, and not Fiona.
  const ref = await postComment(dana, COMMENT_2);
  const toOlga = await waitForMail(app.mailDir, OLGA, (m) => m.text.includes(COMMENT_2));
  expect(toOlga.text).toContain(`Read it and reply: ${permalink(ref)}`);
  await waitForMail(app.mailDir, CARL, (m) => m.text.includes(COMMENT_2));
  await waitForWorkerIdle(app);
  expect(await notificationsTo(FIONA)).toHaveLength(1);
  expect(await notificationsTo(DANA)).toEqual([]);
});

test("a mail provider's one-click POST to the List-Unsubscribe URL unsubscribes at once, without cookies", async () => {
  const url = /^<(.+)>$/.exec(rawMailHeader(app.mailDir, olgaNotice, "List-Unsubscribe")[0])![1];
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
  expect(followerState(OLGA)).toMatchObject({ confirmed: true, follows: false });
  // A provider that retries gets the same answer.
  expect((await oneClick()).status).toBe(200);

  // The next comment reaches Dana (she follows since she commented), and neither Olga nor Fiona.
  const ref = await postComment(carl, COMMENT_3);
  const toDana = await waitForMail(app.mailDir, DANA, (m) => m.text.includes(COMMENT_3));
  expect(toDana.text).toContain(`Read it and reply: ${permalink(ref)}`);
  expect(toDana.subject).toBe(`Re: [Consultation ${consultation.number}] ${TITLE}`);
  await waitForWorkerIdle(app);
  const about = async (email: string) =>
    (await notificationsTo(email)).map((m) => [COMMENT_1, COMMENT_2, COMMENT_3].find((c) => m.text.includes(c)) ?? m.subject).sort();
  expect(await about(OLGA)).toEqual([COMMENT_1, COMMENT_2].sort());
  expect(await about(FIONA)).toEqual([COMMENT_1]);
  expect(await about(DANA)).toEqual([COMMENT_3]);
  expect(await about(CARL)).toEqual([COMMENT_2]);
});
