import { flash, waitForMail } from "./harness";
import { appFixtures, type Consultation } from "./fixtures";

// DUG agreement end to end, one step per test, each on a DUG and a consultation of its own made
// by fixtures: the roster page seats the voting members and the chair; the IFM opens a review
// and the members are mailed; a member agrees without JavaScript and an objection needs its
// rationale; the chair's certification waits for the rule while an objection stands, and the
// objection withdrawn keeps its history; the chair certifies, and the public page shows the
// agreement record with its hash.

const e2e = appFixtures();

const PLAN = `## Background

Glue records are checked by hand today.

## Proposed change

Root zone change requests must supply glue for in-bailiwick name servers, checked automatically.
`;
const SIBLING_OBJECTION = "Sibling glue is not covered; registries with shared name servers would be rejected.";
const SIBLING_CONDITION = "The final plan states that sibling glue is accepted.";

/** A published plan that needs the DUG's agreement, with round 1 of its review open. */
async function planUnderReview(title: string): Promise<Consultation & { reviewId: string }> {
  const consultation = await e2e.consultation({ title, dugRequired: true });
  return { ...consultation, reviewId: await e2e.openDugReview(consultation) };
}

test("an administrator seats three voting members and makes one the chair through the roster page", async () => {
  await e2e.emptyDugRoster();
  const { page: admin } = await e2e.signedIn("Ada Admin", { roles: ["admin"] });
  const organisation = await e2e.organisation({ name: "Kestrel Bay Network Information Centre", tlds: ["kb"] });
  const people = [await e2e.person("Nora Chair"), await e2e.person("Mo Member"), await e2e.person("Olga Objector")];
  const [chair] = people;

  await admin.goto(`${e2e.app.url}/admin/dug`);
  await admin.getByRole("heading", { name: "DUG roster", level: 1 }).waitFor();
  // A voting member without a registry is refused next to the field, keeping what was typed.
  await admin.getByLabel("Email address").fill(chair.email);
  await admin.getByRole("button", { name: "Seat", exact: true }).click();
  await admin.locator("#organisationId-error", { hasText: "A voting member comes from a TLD registry operator" }).waitFor();
  expect(await admin.getByLabel("Email address").inputValue()).toBe(chair.email);

  for (const who of people) {
    await admin.getByLabel("Email address").fill(who.email);
    await admin.getByLabel("Seat", { exact: true }).selectOption("voting");
    await admin.getByLabel("Registry (voting members)").selectOption({ label: `${organisation.name} (ccTLD)` });
    await admin.getByRole("button", { name: "Seat", exact: true }).click();
    await flash(admin, "Voting member seated.");
    await admin.getByRole("rowheader", { name: new RegExp(who.name) }).waitFor();
  }
  await admin.getByRole("button", { name: `Make chair (${chair.name})` }).click();
  await flash(admin, "The chair is changed.");

  const anon = await e2e.page();
  await anon.goto(`${e2e.app.url}/dug`);
  await anon.getByRole("cell", { name: `${chair.name} Chair` }).waitFor();
  expect(await anon.getByText("3 of at most 8 seats filled.").count()).toBe(1);
});

test("the IFM publishes a plan and opens a DUG review; the voting members are mailed", async () => {
  const { members } = await e2e.dugRoster({ chair: "Nadia Chair", members: ["Milo Member", "Oskar Objector"] });
  const { page: ifm } = await e2e.signedIn("Ivy IFM", { roles: ["ifm"] });
  const title = "Glue record requirements for TLD name servers";

  await ifm.goto(`${e2e.app.url}/consultations/new`);
  await ifm.getByLabel("Title", { exact: true }).fill(title);
  await ifm.getByLabel("Short summary").fill("In-bailiwick name servers will need glue, checked automatically.");
  await ifm.getByLabel("Implementation plan").fill(PLAN);
  await ifm.getByLabel("Category").selectOption({ label: "DNSSEC" });
  await ifm.getByLabel("Who is affected").selectOption({ label: "ccTLD and gTLD operators" });
  await ifm.getByLabel("Proposed implementation timeline").fill("2027-03-01 Automated glue checks start");
  await ifm.getByLabel("Contact email").fill("glue@ifm.example");
  expect(await ifm.getByLabel("The DUG must agree this plan on behalf of the TLD registry operators").isChecked()).toBe(true);
  await ifm.getByRole("button", { name: "Save draft" }).click();
  await ifm.getByRole("heading", { name: "Publish with a comment period" }).waitFor();
  const slug = /\/consultations\/([^/]+)\/manage$/.exec(new URL(ifm.url()).pathname)![1];
  const minute = 60_000;
  const opens = new Date(Math.floor(Date.now() / minute) * minute);
  await ifm.getByLabel("Opens (UTC)").fill(opens.toISOString().slice(0, 16));
  await ifm.getByLabel("Closes (UTC)").fill(new Date(opens.getTime() + 31 * 86_400_000).toISOString().slice(0, 16));
  await ifm.getByRole("button", { name: "Publish", exact: true }).click();
  await flash(ifm, "Published. The consultation is public now.");

  await ifm.getByRole("link", { name: "DUG agreement page" }).click();
  await ifm.getByRole("heading", { name: `DUG agreement: ${title}`, level: 1 }).waitFor();
  await ifm.getByRole("button", { name: "Open review round 1" }).click();
  await flash(ifm, "DUG review round 1 is open.");
  await ifm.getByRole("heading", { name: /Round 1 · plan version 1/ }).waitFor();
  await ifm.getByText("needs 2 more positions").waitFor();

  const mail = await waitForMail(e2e.app.mailDir, members[0].email, (m) => m.text.includes("opened DUG review round 1"));
  expect(mail.text).toContain(`/consultations/${slug}/dug`);
  expect(mail.text).toContain("Please record your position");
});

test("a member agrees without JavaScript; another member's objection without a rationale is refused, then recorded", async () => {
  const {
    members: [agreeing, objecting],
  } = await e2e.dugRoster({ chair: "Nell Chair", members: ["Max Member", "Odile Objector"] });
  const plan = await planUnderReview("Automated glue checks for in-bailiwick name servers");

  // One member uses the site without JavaScript: every DUG form must work without it.
  const member = await e2e.page({ as: agreeing, javaScript: false });
  await member.goto(`${e2e.app.url}/dug/reviews`);
  await member.getByRole("heading", { name: "Waiting for your position" }).waitFor();
  await member.getByRole("link", { name: new RegExp(plan.title) }).click();
  await member.getByRole("heading", { name: "Record your position" }).waitFor();
  await member.getByLabel(/^Agree\s+You agree the plan as written/).check();
  await member.getByLabel("Rationale (public)").fill("Automated glue checks remove a manual step we often get wrong.");
  await member.getByRole("button", { name: "Record my position" }).click();
  await flash(member, "Your position is recorded.");
  await member.getByRole("heading", { name: "Change your position" }).waitFor();

  const objector = await e2e.page({ as: objecting });
  await objector.goto(`${e2e.app.url}/consultations/${plan.slug}/dug`);
  await objector.getByLabel(/^Object\s+Blocking/).check();
  await objector.getByLabel("Conditions (for “Agree with conditions”)").fill("kept text");
  await objector.getByRole("button", { name: "Record my position" }).click();
  await objector.locator("#rationale-1-error", { hasText: "An objection blocks agreement: explain it in the rationale." }).waitFor();
  expect(await objector.getByLabel("Conditions (for “Agree with conditions”)").inputValue()).toBe("kept text");
  expect(await objector.getByLabel(/^Object\s+Blocking/).isChecked()).toBe(true);

  await objector.getByLabel("Rationale (public)").fill(SIBLING_OBJECTION);
  await objector.getByLabel("Conditions (for “Agree with conditions”)").fill("");
  await objector.getByRole("button", { name: "Record my position" }).click();
  await flash(objector, "Your position is recorded.");
  await objector.locator(".dug-status", { hasText: "blocked by 1 objection" }).waitFor();
});

test("the chair cannot certify while the objection stands; the objection is withdrawn and its history kept", async () => {
  const {
    chair: chairPerson,
    members: [agreeing, objecting],
  } = await e2e.dugRoster({ chair: "Nina Chair", members: ["Mia Member", "Otto Objector"] });
  const plan = await planUnderReview("Glue checks for shared name servers");
  await e2e.dugPosition(plan.reviewId, agreeing, { position: "agree", rationale: "Automated glue checks remove a manual step." });
  await e2e.dugPosition(plan.reviewId, objecting, { position: "object", rationale: SIBLING_OBJECTION });

  const chair = await e2e.page({ as: chairPerson });
  await chair.goto(`${e2e.app.url}/consultations/${plan.slug}/dug`);
  await chair.getByRole("button", { name: "Certify: agreed" }).click();
  await chair.getByRole("alert").filter({ hasText: "The rule is not met yet, so the agreement cannot be certified: blocked by 1 objection" }).waitFor();
  expect(await chair.locator(".dug-record").count()).toBe(0);

  const objector = await e2e.page({ as: objecting });
  await objector.goto(`${e2e.app.url}/consultations/${plan.slug}/dug`);
  await objector.getByLabel(/^Agree with conditions/).check();
  await objector.getByLabel("Rationale (public)").fill("The IFM confirmed sibling glue is accepted.");
  await objector.getByLabel("Conditions (for “Agree with conditions”)").fill(SIBLING_CONDITION);
  await objector.getByRole("button", { name: "Change my position" }).click();
  await flash(objector, "Your position is recorded.");
  await objector.locator(".dug-status", { hasText: "Rule met" }).waitFor();
  const row = objector.getByRole("row", { name: new RegExp(objecting.name) });
  await row.getByText("1 earlier position").click();
  await row.getByText(/Object — Sibling glue is not covered/).waitFor();

  // The chair is told that the rule is met.
  await waitForMail(e2e.app.mailDir, chairPerson.email, (m) => m.text.includes("is now met"));
});

test("the chair certifies; the public page shows the agreement record with its hash, and the consultation page links to it", async () => {
  const {
    chair: chairPerson,
    members: [agreeing, conditional],
  } = await e2e.dugRoster({ chair: "Noor Chair", members: ["Mika Member", "Oona Objector"] });
  const plan = await planUnderReview("Glue checks before root zone changes");
  await e2e.dugPosition(plan.reviewId, agreeing, { position: "agree", rationale: "Automated glue checks remove a manual step." });
  await e2e.dugPosition(plan.reviewId, conditional, {
    position: "agree_with_conditions",
    rationale: "The IFM confirmed sibling glue is accepted.",
    conditions: SIBLING_CONDITION,
  });

  const chair = await e2e.page({ as: chairPerson });
  await chair.goto(`${e2e.app.url}/consultations/${plan.slug}/dug`);
  await chair.getByRole("button", { name: "Certify: agreed" }).click();
  await flash(chair, "The agreement is certified and recorded.");

  const today = new Date().toISOString().slice(0, 10);
  const anon = await e2e.page();
  await anon.goto(`${e2e.app.url}/consultations/${plan.slug}/dug`);
  const record = anon.locator(".dug-record");
  await record.locator(".dug-record-statement", { hasText: `Agreed by the DUG on behalf of the TLD registry operators on ${today}.` }).waitFor();
  await record.getByText(`Certified by ${chairPerson.name}, DUG chair.`).waitFor();
  await record.getByRole("listitem").filter({ hasText: SIBLING_CONDITION }).waitFor();
  expect(await record.locator("code.hash").textContent()).toMatch(/^[0-9a-f]{64}$/);
  await record.getByText("matches the record").waitFor();
  expect(await anon.getByRole("button", { name: "Certify: agreed" }).count()).toBe(0);
  await anon.getByText(/Round 1 certified by the chair: agreed/).waitFor();

  await anon.goto(`${e2e.app.url}/consultations/${plan.slug}`);
  await anon.getByText(`Agreed by the DUG on behalf of the TLD registry operators on ${today}`, { exact: false }).waitFor();
  await anon.getByRole("link", { name: "Read the agreement record" }).click();
  await anon.waitForURL(`**/consultations/${plan.slug}/dug`);

  // A decided round takes no more positions: the form is gone.
  const member = await e2e.page({ as: conditional });
  await member.goto(`${e2e.app.url}/consultations/${plan.slug}/dug`);
  await member.getByRole("heading", { name: /Round 1 · plan version 1/ }).waitFor();
  expect(await member.getByRole("button", { name: "Change my position" }).count()).toBe(0);
});
