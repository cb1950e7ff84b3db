import { flash, waitForMail } from "./harness";
import { appFixtures, type Person } from "./fixtures";

// The final response statement end to end, one step per test, each on a closed consultation of
// its own made by fixtures (the comment period over, seven comments, nothing answered yet): the
// IFM answers one comment on its own and the rest in one bulk action, and is refused while
// comments are unanswered; publishing freezes the statement and makes it public; a commenter
// sees the disposition on their comment and in the mail.

const e2e = appFixtures();

const OWN_RESPONSE = "The scanner queries every listed address over IPv4 and IPv6; an unreachable address fails the consistency check.";
const BULK_RESPONSE = "Thank you: this is covered by the plan as revised, and needs no further change.";
const FIRST_COMMENT = "Kestrel Bay NIC welcomes this, provided the scanner checks every listed name server address.";
const OTHER_COMMENTS = [
  "Please publish the scanner's source addresses so operators can allow them.",
  "How often will the scanner look at each delegation?",
  "A CDS record removing DNSSEC should need a second confirmation.",
  "We support this; our registry has used CDS scanning for two years.",
  "Will the IFM publish a log of the changes the scanner makes?",
  "Operators with many TLDs would like a bulk report of the scanner's findings.",
];
const COMMENTS = 1 + OTHER_COMMENTS.length;

/**
 * A closed consultation on CDS scanning: `commenter` wrote the first comment, six others wrote one
 * each.
 */
async function closedConsultation(title: string, commenter: Person) {
  const others: Person[] = [];
  for (const [i] of OTHER_COMMENTS.entries()) others.push(await e2e.person(`${title.split(":")[0]} commenter ${i + 1}`));
  return e2e.consultation({
    state: "closed",
    title,
    comments: [{ by: commenter, body: FIRST_COMMENT }, ...OTHER_COMMENTS.map((body, i) => ({ by: others[i], body }))],
  });
}

test("before publication there is no statement page, and only IFM staff may open the builder", async () => {
  const { person: commenterPerson, page: commenter } = await e2e.signedIn("Owen Ebanks");
  const closed = await closedConsultation("Before: DS record updates by CDS scanning", commenterPerson);
  const open = await e2e.consultation({ title: "An open consultation has no statement yet" });
  const builder = `${e2e.app.url}/consultations/${closed.slug}/statement/edit`;

  const anon = await e2e.page();
  const response = await anon.goto(`${e2e.app.url}/consultations/${closed.slug}/statement`);
  expect(response?.status()).toBe(404);
  await anon.getByText("has not been published yet").waitFor();
  await anon.goto(builder);
  expect(new URL(anon.url()).pathname).toBe("/login");

  const refused = await commenter.goto(builder);
  expect(refused?.status()).toBe(403);
  // An open consultation has no statement to write yet.
  const { page: ifm } = await e2e.signedIn("Hanna Lindqvist", { roles: ["ifm"] });
  const stillOpen = await ifm.goto(`${e2e.app.url}/consultations/${open.slug}/statement/edit`);
  expect(stillOpen?.status()).toBe(409);
  await ifm.getByText(/The comment period is still open/).waitFor();
});

test("the IFM answers one comment, then all the others in one bulk action; publishing waits until every comment is answered", async () => {
  const c = await closedConsultation("Answers: DS record updates by CDS scanning", await e2e.person("Orla Ebanks"));
  const [first, second] = c.comments;
  const { page: ifm } = await e2e.signedIn("Hedda Lindqvist", { roles: ["ifm"] });
  const builder = `${e2e.app.url}/consultations/${c.slug}/statement/edit`;

  await ifm.goto(builder);
  await ifm.getByRole("heading", { name: "Final response statement" }).waitFor();
  const total = Number(/0 of (\d+) answered/.exec((await ifm.locator(".progress-box").textContent())!)![1]);
  expect(total).toBe(COMMENTS);

  // Publishing now is refused, naming the unanswered comments.
  await ifm.getByRole("link", { name: "Publish" }).click();
  await ifm.getByRole("button", { name: "Publish the statement" }).click();
  await ifm.getByRole("alert").getByText(`${total} comments have no disposition yet (${first.ref}, ${second.ref}`).waitFor();

  // One comment on its own, with a theme.
  await ifm.goto(builder);
  const item = ifm.locator(`li#w-${first.ref}`);
  await item.getByText(FIRST_COMMENT).waitFor();
  await item.getByLabel("Accepted", { exact: true }).check();
  await item.getByLabel("Response (markdown)").fill(OWN_RESPONSE);
  await item.getByLabel("New themes (comma-separated)").fill("Scanning coverage");
  await item.getByRole("button", { name: `Save answer to ${first.ref}` }).click();
  await flash(ifm, `Comment ${first.ref}: Accepted. Saved.`);
  await ifm.locator(".progress-box").getByText(`1 of ${total} answered`).waitFor();

  // Everything still unanswered, in one bulk action.
  await ifm.getByRole("link", { name: "Show only these" }).click();
  await ifm.waitForURL(/unanswered=1/);
  await ifm.getByRole("button", { name: "Tick all on this page" }).click();
  const ticked = await ifm.locator('input[form="bulk"]:checked').count();
  expect(ticked).toBe(total - 1);
  const bulk = ifm.locator("#bulk");
  await bulk.getByLabel("Noted (no change needed)").check();
  await bulk.getByLabel("Response (markdown)").fill(BULK_RESPONSE);
  await bulk.getByRole("button", { name: "Apply to the selected comments" }).click();
  await flash(ifm, new RegExp(`^${total - 1} comments \\(${second.ref}, .*\\): Noted\\. Saved\\.$`));
  await ifm.locator(".progress-box").getByText(`${total} of ${total} answered`).waitFor();

  // The live preview shows the whole statement before publication.
  await ifm.goto(`${e2e.app.url}/consultations/${c.slug}/statement/preview`);
  await ifm.getByText("Preview — not published.").waitFor();
  await ifm.locator(`#response-${first.ref}`).getByText(OWN_RESPONSE).waitFor();
});

test("publishing freezes the statement, concludes the consultation and makes it public with its exports", async () => {
  const c = await closedConsultation("Publishing: DS record updates by CDS scanning", await e2e.person("Oskar Ebanks"));
  const [first, ...rest] = c.comments;
  await e2e.disposition(c, [first], "accepted", OWN_RESPONSE);
  await e2e.disposition(c, rest, "noted", BULK_RESPONSE);
  const { page: ifm } = await e2e.signedIn("Henrik Lindqvist", { roles: ["ifm"] });

  await ifm.goto(`${e2e.app.url}/consultations/${c.slug}/statement/edit?view=publish`);
  await ifm.getByRole("button", { name: "Publish the statement" }).click();
  await flash(ifm, "The final response statement is published. The consultation is concluded.");
  expect(new URL(ifm.url()).pathname).toBe(`/consultations/${c.slug}/statement`);

  const anon = await e2e.page();
  const response = await anon.goto(`${e2e.app.url}/consultations/${c.slug}/statement`);
  expect(response?.status()).toBe(200);
  await anon.getByRole("heading", { name: "Our response to every comment" }).waitFor();
  const row = anon.locator(`#response-${first.ref}`);
  await row.getByText("Accepted").waitFor();
  await row.getByText(OWN_RESPONSE).waitFor();
  const hash = (await anon.locator(".revision-facts code.hash").textContent())!;
  expect(hash).toMatch(/^[0-9a-f]{64}$/);
  await anon.locator("svg.chart title", { hasText: "Comments per day across the comment period" }).waitFor({ state: "attached" });

  const json = await (await fetch(`${e2e.app.url}/consultations/${c.slug}/statement.json`)).json();
  expect(json).toMatchObject({ revision: 1, contentHash: hash });
  const md = await (await fetch(`${e2e.app.url}/consultations/${c.slug}/statement.md`)).text();
  expect(md).toContain(OWN_RESPONSE);

  await anon.goto(`${e2e.app.url}/consultations/${c.slug}`);
  await anon.getByText("Concluded", { exact: true }).first().waitFor();
  await anon.getByText("Final response statement published.").waitFor();
});

test("the commenter sees the disposition on their comment and in the mail, with a link to the response", async () => {
  const { person: commenterPerson, page: commenter } = await e2e.signedIn("Olive Ebanks");
  const c = await closedConsultation("Disposition: DS record updates by CDS scanning", commenterPerson);
  const [first, ...rest] = c.comments;
  await e2e.disposition(c, [first], "accepted", OWN_RESPONSE);
  await e2e.disposition(c, rest, "noted", BULK_RESPONSE);
  await e2e.publishStatement(c);

  await commenter.goto(`${e2e.app.url}/consultations/${c.slug}`);
  const comment = commenter.locator(`li#c-${first.ref} > article`);
  await comment.getByText("IFM’s disposition: Accepted").waitFor();
  await comment.getByRole("link", { name: "Read the response in the statement" }).click();
  await commenter.waitForURL(new RegExp(`/statement#response-${first.ref}$`));
  await commenter.locator(`#response-${first.ref}`).getByText(OWN_RESPONSE).waitFor();

  const mail = await waitForMail(e2e.app.mailDir, commenterPerson.email, (m) => m.text.includes("final statement"), 20_000);
  expect(mail.text).toContain(`${first.ref}: Accepted — ${e2e.app.url}/consultations/${c.slug}/statement#response-${first.ref}`);
  expect(mail.text).toContain(`Read the statement: ${e2e.app.url}/consultations/${c.slug}/statement`);
});
