import { flash } from "./harness";
import { appFixtures, DEFAULT_PLAN } from "./fixtures";

// The comment period end to end, one step per test, each on people and a consultation of its own
// made by fixtures: an administrator makes IFM staff and verifies a registry's representative;
// the IFM drafts, previews and publishes a plan; a TLD representative comments on a section on
// behalf of their registry; a member of the public replies; the IFM hides a reply and revises the
// plan, and the diff shows the change; the IFM shortens the period; after the closing time a
// comment is refused and its text is kept.

const e2e = appFixtures();

const PLAN_V1 = DEFAULT_PLAN;
const PLAN_V2 = PLAN_V1.replace("over six months", "over nine months");
const TITLE = "Root zone KSK algorithm rollover to ECDSA";
const COMMENT = "We support the rollover on behalf of the .nz registry, but six months is too short for our resolver operators.";
const REPLY = "As a resolver operator I think six months is plenty.";

const local = (d: Date) => d.toISOString().slice(0, 16);

test("an administrator makes an IFM staff member and verifies a registry's representative through the admin pages", async () => {
  const { page: admin } = await e2e.signedIn("Ada Admin", { roles: ["admin"] });
  const staff = await e2e.person("Iona Newstaff");
  const representative = await e2e.person("Rita Registry");
  const ORG = "Aotearoa Domain Registry";

  // IFM staff role.
  await admin.goto(`${e2e.app.url}/admin/users`);
  await admin.getByRole("link", { name: staff.name }).click();
  await admin.getByRole("heading", { name: staff.name, level: 1 }).waitFor();
  await admin.getByRole("button", { name: "Grant IFM staff" }).click();
  await flash(admin, "Role IFM staff granted.");
  await admin.getByRole("button", { name: "Revoke IFM staff" }).waitFor();

  // The registry and its representative.
  await admin.goto(`${e2e.app.url}/admin/organisations`);
  await admin.getByLabel("Name", { exact: true }).fill(ORG);
  await admin.getByLabel("Kind of operator").selectOption({ label: "ccTLD manager (country code)" });
  await admin.getByLabel("TLDs it runs").fill(".nz");
  await admin.getByRole("button", { name: "Add organisation" }).click();
  await flash(admin, `${ORG} added.`);

  await admin.goto(`${e2e.app.url}/admin/users`);
  await admin.getByRole("link", { name: representative.name }).click();
  await admin.getByRole("heading", { name: representative.name, level: 1 }).waitFor();
  await admin.getByLabel("Organisation").selectOption({ label: ORG });
  await admin.getByLabel("Title (optional)").fill("Technical manager");
  await admin.getByRole("button", { name: "Verify representative" }).click();
  await flash(admin, "Representation verified.");
  await admin.getByRole("link", { name: ORG }).waitFor();
});

test("IFM staff draft a plan with a live preview, and nobody outside the IFM can see the draft", async () => {
  const { person: staff, page: ifm } = await e2e.signedIn("Ivy IFM", { roles: ["ifm"] });
  const { page: pub } = await e2e.signedIn("Paul Public");
  const anon = await e2e.page();

  await ifm.goto(`${e2e.app.url}/consultations/new`);
  await ifm.getByRole("heading", { name: "New implementation plan" }).waitFor();
  await ifm.getByLabel("Title", { exact: true }).fill(TITLE);
  await ifm.getByLabel("Short summary").fill("The IFM proposes to change the root zone KSK algorithm from RSA/SHA-256 to ECDSA P-256.");
  await ifm.getByLabel("Implementation plan").fill(PLAN_V1);
  // The live preview (JavaScript) renders the markdown as it will be published.
  const preview = ifm.getByRole("region", { name: "Preview" });
  await preview.getByRole("heading", { name: "Proposed change", level: 2 }).waitFor();
  await preview.getByRole("heading", { name: "Impact on TLD operators", level: 2 }).waitFor();
  await ifm.getByLabel("Category").selectOption({ label: "DNSSEC" });
  await ifm.getByLabel("Who is affected").selectOption({ label: "ccTLD and gTLD operators" });
  await ifm.getByLabel("Proposed implementation timeline").fill("2027-03-01 Standby key published\n2027-09-01 Rollover complete");
  expect(await ifm.getByLabel("Contact name").inputValue()).toBe(staff.name);
  await ifm.getByLabel("Contact email").fill("ksk-rollover@ifm.example");

  // Without JavaScript the Preview button renders the same on the server, keeping the form.
  const noJs = await e2e.page({ as: staff, javaScript: false });
  await noJs.goto(`${e2e.app.url}/consultations/new`);
  await noJs.getByLabel("Title", { exact: true }).fill(TITLE);
  await noJs.getByLabel("Implementation plan").fill(PLAN_V1);
  await noJs.getByRole("button", { name: "Preview" }).click();
  await noJs.getByRole("region", { name: "Preview" }).getByRole("heading", { name: "Proposed change", level: 2 }).waitFor();
  expect(await noJs.getByLabel("Title", { exact: true }).inputValue()).toBe(TITLE);
  expect(await noJs.getByLabel("Implementation plan").inputValue()).toBe(PLAN_V1);

  await ifm.getByRole("button", { name: "Save draft" }).click();
  await flash(ifm, "Draft saved. Only IFM staff can see it until you publish it.");
  await ifm.getByRole("heading", { name: "Publish with a comment period" }).waitFor();
  const slug = /\/consultations\/([^/]+)\/manage$/.exec(new URL(ifm.url()).pathname)![1];
  expect(slug).toMatch(/^[a-z0-9-]+$/);

  // The draft is visible to IFM staff only.
  for (const outsider of [anon, pub]) {
    const response = await outsider.goto(`${e2e.app.url}/consultations/${slug}`);
    expect(response?.status()).toBe(404);
    expect(await outsider.content()).not.toContain(TITLE);
  }
  await anon.goto(`${e2e.app.url}/consultations/${slug}/manage`);
  expect(new URL(anon.url()).pathname).toBe("/login");
});

test("publishing with a comment period shorter than 30 days is refused next to the field, keeping the dates typed", async () => {
  const draft = await e2e.consultation({ state: "draft", title: "KSK rollover: a draft to publish" });
  const { page: ifm } = await e2e.signedIn("Ines IFM", { roles: ["ifm"] });
  await ifm.goto(`${e2e.app.url}/consultations/${draft.slug}/manage`);

  const minute = 60_000;
  const opens = new Date(Math.floor(Date.now() / minute) * minute);
  const tooSoon = local(new Date(opens.getTime() + 10 * 86_400_000));
  await ifm.getByLabel("Opens (UTC)").fill(local(opens));
  await ifm.getByLabel("Closes (UTC)").fill(tooSoon);
  await ifm.getByRole("button", { name: "Publish", exact: true }).click();
  const error = ifm.locator("#closesAt-error");
  await error.waitFor();
  expect(await error.textContent()).toContain("The comment period must last at least 30 days");
  expect(await ifm.getByLabel("Closes (UTC)").getAttribute("aria-describedby")).toContain("closesAt-error");
  expect(await ifm.getByLabel("Opens (UTC)").inputValue()).toBe(local(opens));
  expect(await ifm.getByLabel("Closes (UTC)").inputValue()).toBe(tooSoon);

  await ifm.getByLabel("Closes (UTC)").fill(local(new Date(opens.getTime() + 31 * 86_400_000)));
  await ifm.getByRole("button", { name: "Publish", exact: true }).click();
  await flash(ifm, "Published. The consultation is public now.");
  await ifm.getByText("Open for comment", { exact: true }).waitFor();
  expect(new URL(ifm.url()).pathname).toBe(`/consultations/${draft.slug}`);

  const anon = await e2e.page();
  const response = await anon.goto(`${e2e.app.url}/consultations/${draft.slug}`);
  expect(response?.status()).toBe(200);
  await anon.getByRole("heading", { name: draft.title, level: 1 }).waitFor();
  await anon.getByText(/30 days left/).waitFor();
});

test("a TLD representative comments on a section of the plan on behalf of their registry", async () => {
  const consultation = await e2e.consultation({ title: "KSK rollover: comments by section" });
  const { person: rita, page: rep } = await e2e.signedIn("Rhea Registry");
  const org = await e2e.organisation({ name: "Kiwi Domain Registry", tlds: ["kiwi"] });
  await e2e.representative(rita, org, "Technical manager");

  await rep.goto(`${e2e.app.url}/consultations/${consultation.slug}`);
  const heading = rep.locator(".plan h2", { hasText: "Proposed change" });
  await heading.locator("xpath=following-sibling::p[1]").getByRole("link", { name: "Comment on this section" }).click();
  await rep.waitForURL(/\?section=/);
  const section = rep.getByLabel("Section of the plan (optional)");
  expect(await section.evaluate((s: HTMLSelectElement) => s.selectedOptions[0].text)).toBe("Proposed change");
  await rep.getByLabel("Post as").selectOption({ label: `On behalf of ${org.name} (.kiwi)` });
  await rep.getByLabel("Your comment").fill(COMMENT);
  await rep.getByRole("button", { name: "Post comment" }).click();
  await flash(rep, /Your comment \d+-1 is posted\./);
  const commentRef = /Your comment (\d+-1) is posted/.exec((await rep.locator(".flash").textContent())!)![1];
  expect(commentRef).toBe(`${consultation.number}-1`);

  await rep.goto(`${e2e.app.url}/consultations/${consultation.slug}`);
  const comment = rep.locator(`li#c-${commentRef}`);
  await comment.getByText(COMMENT).waitFor();
  await comment.getByText(rita.name).waitFor();
  await comment.locator(".comment-section", { hasText: "On section Proposed change" }).waitFor();
  await comment.getByText(`on behalf of ${org.name} (.kiwi)`).waitFor();
  expect(await comment.locator(".comment-ref").first().textContent()).toBe(`#${commentRef}`);
  await rep.getByRole("heading", { name: "Comments (1)" }).waitFor();
});

test("a member of the public replies and the reply appears indented under the comment", async () => {
  const author = await e2e.person("Rowan Registry");
  const consultation = await e2e.consultation({ title: "KSK rollover: replies", comments: [{ by: author, body: COMMENT }] });
  const commentRef = consultation.comments[0].ref;
  const { person: pat, page: pub } = await e2e.signedIn("Pat Public");

  await pub.goto(`${e2e.app.url}/consultations/${consultation.slug}`);
  await pub.locator(`li#c-${commentRef} > article`).getByRole("link", { name: "Reply" }).click();
  await pub.getByRole("heading", { name: `Reply to ${commentRef}` }).waitFor();
  expect(await pub.getByLabel("Post as").count()).toBe(0); // not a representative
  await pub.getByLabel("Your reply").fill(REPLY);
  await pub.getByRole("button", { name: "Post reply" }).click();
  await flash(pub, /Your comment \d+-2 is posted\./);
  const replyRef = /Your comment (\d+-2) is posted/.exec((await pub.locator(".flash").textContent())!)![1];

  await pub.goto(`${e2e.app.url}/consultations/${consultation.slug}`);
  const reply = pub.locator(`li#c-${commentRef} > ol.replies > li#c-${replyRef}`);
  await reply.getByText(REPLY).waitFor();
  await reply.getByText(pat.name).waitFor();
  const indent = await reply.evaluate((li) => li.getBoundingClientRect().left);
  const parentIndent = await pub.locator(`li#c-${commentRef}`).evaluate((li) => li.getBoundingClientRect().left);
  expect(indent).toBeGreaterThan(parentIndent);
});

test("the plan's and the comments' HTML are sent once: not in the hydration data, still on the page after hydration and after a client-side change of order", async () => {
  const [author, replier] = [await e2e.person("Hana Hydrate"), await e2e.person("Omar Once")];
  const consultation = await e2e.consultation({ title: "KSK rollover: bytes once", comments: [{ by: author, body: COMMENT }] });
  const [comment] = consultation.comments;
  const reply = await e2e.comment(consultation, { by: replier, body: REPLY, replyTo: comment });
  const address = `${e2e.app.url}/consultations/${consultation.slug}`;

  const html = await (await fetch(address)).text();
  const hydrationData = [...html.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).filter((s) => s.includes("__remixContext"));
  expect(hydrationData.length).toBeGreaterThan(0);
  for (const text of ["roll the key signing key to ECDSA P-256", COMMENT, REPLY]) {
    expect(html).toContain(text);
    expect(hydrationData.join("")).not.toContain(text);
  }
  // A data request (what client-side navigations and revalidations fetch) carries the HTML.
  const data = await (await fetch(`${address}.data`)).text();
  expect(data).toContain(COMMENT);
  expect(data).toContain("roll the key signing key to ECDSA P-256");

  const { page: reader } = await e2e.signedIn("Rhea Reader");
  await reader.goto(address);
  // Hydrated: React has taken over the plan's element (and kept its content, checked below).
  await reader.waitForFunction(() => Object.keys(document.getElementById("plan-text") ?? {}).some((key) => key.startsWith("__reactFiber")));
  await reader.locator(".plan").getByText("roll the key signing key to ECDSA P-256").waitFor();
  await reader.locator(".plan").getByRole("link", { name: "Comment on this section" }).first().waitFor();
  await reader.locator(`li#c-${comment.ref} .comment-body`).first().getByText(COMMENT).waitFor();
  await reader.getByRole("link", { name: "Newest first" }).click();
  await reader.waitForURL(/sort=newest/);
  await reader.locator(`li#c-${reply.ref} .comment-body`).getByText(REPLY).waitFor();
  await reader.locator(".plan").getByText("roll the key signing key to ECDSA P-256").waitFor();
});

test("the IFM hides the reply with a reason: the public sees the reason instead of the text, the IFM still sees the text", async () => {
  const HIDE_REASON = "Off topic for this section";
  const [author, replier] = [await e2e.person("Remy Registry"), await e2e.person("Petra Public")];
  const consultation = await e2e.consultation({ title: "KSK rollover: moderation", comments: [{ by: author, body: COMMENT }] });
  const [comment] = consultation.comments;
  const reply = await e2e.comment(consultation, { by: replier, body: REPLY, replyTo: comment });
  const { page: ifm } = await e2e.signedIn("Imke IFM", { roles: ["ifm"] });

  await ifm.goto(`${e2e.app.url}/consultations/${consultation.slug}/comments/${reply.ref}`);
  await ifm.getByLabel("Reason for hiding (shown publicly)").fill(HIDE_REASON);
  await ifm.getByRole("button", { name: "Hide comment" }).click();
  await flash(ifm, `Comment ${reply.ref} is hidden.`);

  const anon = await e2e.page();
  await anon.goto(`${e2e.app.url}/consultations/${consultation.slug}`);
  const hidden = anon.locator(`li#c-${reply.ref}`);
  await hidden.getByText(`Hidden by the IFM: ${HIDE_REASON}`).waitFor();
  expect(await hidden.textContent()).not.toContain(REPLY);
  expect(await anon.content()).not.toContain(REPLY);
  await anon.locator(`li#c-${comment.ref}`).getByText(COMMENT).first().waitFor();

  await ifm.goto(`${e2e.app.url}/consultations/${consultation.slug}`);
  const staffView = ifm.locator(`li#c-${reply.ref}`);
  await staffView.getByText(`Hidden by the IFM: ${HIDE_REASON} (you see the text as IFM staff)`).waitFor();
  await staffView.getByText(REPLY).waitFor();
});

test("the IFM revises the plan: version 2 is shown with a version picker, and the diff marks the removed and added words", async () => {
  const author = await e2e.person("Reza Registry");
  const consultation = await e2e.consultation({ title: "KSK rollover: revisions", plan: PLAN_V1, comments: [{ by: author, body: COMMENT }] });
  const [comment] = consultation.comments;
  const { page: ifm } = await e2e.signedIn("Isla IFM", { roles: ["ifm"] });

  await ifm.goto(`${e2e.app.url}/consultations/${consultation.slug}/manage`);
  await ifm.getByRole("heading", { name: "Revise the plan (new version 2)" }).waitFor();
  await ifm.getByLabel("Implementation plan").fill(PLAN_V2);
  await ifm.getByLabel("What changed, and why").fill("Longer rollover, after comments from registries.");
  await ifm.getByRole("button", { name: "Publish version 2" }).click();
  await flash(ifm, "Version 2 of the plan is published.");
  expect(new URL(ifm.url()).pathname).toBe(`/consultations/${consultation.slug}`);

  const anon = await e2e.page();
  await anon.goto(`${e2e.app.url}/consultations/${consultation.slug}`);
  await anon.getByText("Plan version 2 (current)").waitFor();
  await anon.getByText("Longer rollover, after comments from registries.").first().waitFor();
  await anon.locator(".plan").getByText("over nine months").waitFor();
  const picker = anon.getByLabel("Version", { exact: true });
  expect((await picker.locator("option").allTextContents()).sort()).toEqual(["1", "2 (current)"]);
  // The comment keeps the version it was made on.
  await anon.locator(`li#c-${comment.ref} > article`).getByText("on version 1").waitFor();

  // Version 1 stays readable.
  await picker.selectOption("1");
  await anon.getByRole("button", { name: "Show" }).click();
  await anon.getByText("Plan version 1 — an earlier version; the current one is 2").waitFor();
  await anon.locator(".plan").getByText("over six months").waitFor();

  await anon.goto(`${e2e.app.url}/consultations/${consultation.slug}`);
  await anon.getByRole("link", { name: "What changed since version 1" }).click();
  await anon.getByRole("heading", { name: "Changes from version 1 to version 2" }).waitFor();
  const diff = anon.locator(".diff");
  await diff.locator("del", { hasText: "six" }).waitFor();
  await diff.locator("ins", { hasText: "nine" }).waitFor();
  expect(await diff.locator("del").allTextContents()).toEqual(["[removed: six]"]);
  expect(await diff.locator("ins").allTextContents()).toEqual(["[added: nine]"]);
});

test("the IFM shortens the period: a closing in the past is refused with the input kept, then the page shows the change and its reason", async () => {
  const SHORTEN_REASON = "The period was opened with the wrong closing month.";
  const consultation = await e2e.consultation({ title: "KSK rollover: a shorter period" });
  const { page: ifm } = await e2e.signedIn("Iris IFM", { roles: ["ifm"] });

  await ifm.goto(`${e2e.app.url}/consultations/${consultation.slug}/manage`);
  const panel = ifm.getByRole("region", { name: "Shorten the comment period" });
  await panel.getByLabel("New closing (UTC)").fill(local(new Date(Date.now() - 3_600_000)));
  await panel.getByLabel("Reason").fill(SHORTEN_REASON);
  await panel.getByRole("button", { name: "Shorten" }).click();
  const error = ifm.locator("#shorten-closesAt-error");
  await error.waitFor();
  expect(await error.textContent()).toMatch(/The new closing cannot be in the past\. .*at least 24 hours ahead/);
  expect(await panel.getByLabel("Reason").inputValue()).toBe(SHORTEN_REASON);

  const newClose = local(new Date(Date.now() + 3 * 86_400_000));
  await panel.getByLabel("New closing (UTC)").fill(newClose);
  await panel.getByRole("button", { name: "Shorten" }).click();
  await flash(ifm, "The comment period is shortened.");

  const anon = await e2e.page();
  await anon.goto(`${e2e.app.url}/consultations/${consultation.slug}`);
  await anon.getByText(`Comment period shortened: the closing moved from`).waitFor();
  await anon.getByText(SHORTEN_REASON).first().waitFor();
  await anon.getByText("Shortened", { exact: true }).waitFor();
  await anon.getByText(/2 days left/).waitFor();
});

test("a comment that arrives after the closing time is refused with a clear message and the text is kept", async () => {
  const LATE_COMMENT = "A late thought: please publish the standby key earlier.";
  const consultation = await e2e.consultation({ title: "KSK rollover: the closing time" });
  const { page: pub } = await e2e.signedIn("Piet Public");

  await pub.goto(`${e2e.app.url}/consultations/${consultation.slug}`);
  const textarea = pub.getByLabel("Your comment");
  await textarea.fill(LATE_COMMENT);
  // Let the live preview (a request that also refreshes the page's data) finish while still open.
  await pub.getByRole("region", { name: "Preview" }).getByText(LATE_COMMENT).waitFor();

  // The period closes a moment from now, while the page (rendered while open) shows the form.
  const closesAt = new Date(Date.now() + 2_000);
  await e2e.setClosingTime(consultation, closesAt);
  await new Promise((r) => setTimeout(r, Math.max(0, closesAt.getTime() - Date.now()) + 250)); // the closing time passes

  await pub.getByRole("button", { name: "Post comment" }).click();
  const alert = pub.locator("#new-comment").getByRole("alert");
  await alert.waitFor();
  expect(await alert.locator("li").textContent()).toMatch(/^The comment period closed on \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC\. Your text has not been lost/);
  expect(await textarea.inputValue()).toBe(LATE_COMMENT);

  // Nothing was posted, and the page now says the period has closed.
  const anon = await e2e.page();
  await anon.goto(`${e2e.app.url}/consultations/${consultation.slug}`);
  await anon.getByText("Comment period closed", { exact: true }).waitFor();
  await anon.getByText(/^The comment period closed on /).waitFor();
  expect(await anon.content()).not.toContain(LATE_COMMENT);
});
