import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { randomUUID } from "node:crypto";
import nodemailer from "nodemailer";
import { E2E_SESSION_SECRET, freePort, rawMailHeader, waitForMail } from "./harness";
import { appFixtures } from "./fixtures";
import { seriousAxeViolations } from "./page-checks";
import { mailFixture } from "../mail-fixtures";

// Taking part by email, end to end: the built app with its worker, `npm run inbound` (the SMTP
// receiver) as its own process on the app's database, a reply sent into it with nodemailer, and
// Chromium reading the result — the follower's reply on the consultation page, marked as sent by
// email, and the staff's inbound log.

const MAIL_DOMAIN = "mail.e2e.test";
const dnsFile = path.join(fs.mkdtempSync(path.join(process.env.TEST_RUN_DIR ?? "/tmp", "dns-")), "dns.json");
fs.writeFileSync(dnsFile, JSON.stringify({ TXT: {} }));
const e2e = appFixtures({ env: { MAIL_DOMAIN, MAIL_DNS_FIXTURES: dnsFile } });
const REPLY = "We can live with the March window if the IFM publishes the new key a month ahead.";

let receiver: ChildProcess;
let receiverPort = 0;

beforeAll(async () => {
  receiverPort = await freePort();
  receiver = spawn(process.execPath, ["--import", "tsx", "scripts/inbound.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: e2e.app.dbUrl,
      APP_URL: e2e.app.url,
      MAIL_DIR: e2e.app.mailDir,
      SESSION_SECRET: E2E_SESSION_SECRET,
      MAIL_DOMAIN,
      INBOUND_SMTP_PORT: String(receiverPort),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  receiver.stdout!.on("data", (d) => (output += d));
  receiver.stderr!.on("data", (d) => (output += d));
  const deadline = Date.now() + 30_000;
  while (!output.includes("Receiving mail for")) {
    if (receiver.exitCode !== null || Date.now() > deadline) throw new Error(`npm run inbound did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
});

afterAll(async () => {
  receiver?.kill("SIGTERM");
  if (receiver && receiver.exitCode === null) await new Promise((r) => receiver.once("exit", r));
});

test("a follower replies to a notification by mail and the reply shows on the page, marked as sent by email; staff see it in the inbound log", async () => {
  const author = await e2e.person("Hanna Commenter");
  const c = await e2e.consultation({ title: "Moving the root zone KSK rollover to March" });
  const follower = e2e.address("fiona", "follower.example");
  await e2e.emailFollower(follower, c);
  const parent = await e2e.comment(c, { by: author, body: "The rollover window opens on 1 March." });

  const notice = await waitForMail(e2e.app.mailDir, follower, (m) => m.subject.includes(`[Consultation ${c.number}]`), 20_000);
  const [replyTo] = rawMailHeader(e2e.app.mailDir, notice, "Reply-To");
  expect(replyTo).toMatch(new RegExp(`^reply\\+[a-z0-9-]+@${MAIL_DOMAIN.replace(/\./g, "\\.")}$`));

  const transport = nodemailer.createTransport({ host: "127.0.0.1", port: receiverPort, secure: false, ignoreTLS: true });
  await transport.sendMail({
    envelope: { from: follower, to: [replyTo] },
    raw: mailFixture("gmail", { from: follower, to: replyTo, messageId: `<${randomUUID()}@follower.example>`, body: REPLY }),
  });
  transport.close();

  const receipt = await waitForMail(e2e.app.mailDir, follower, (m) => /is posted as comment/.test(m.text), 20_000);
  const ref = /posted as comment (\d+-\d+)/.exec(receipt.text)![1];

  const page = await e2e.page();
  await page.goto(`${e2e.app.url}/consultations/${c.slug}`);
  const reply = page.locator(`#c-${ref}`);
  await reply.getByText(REPLY).waitFor();
  await reply.getByText("sent by email").waitFor();
  expect(await page.locator(`#c-${parent.ref} .replies`).getByText(REPLY).count()).toBe(1);

  const staff = await e2e.signedIn("Ivy Inbound", { roles: ["ifm"] });
  await staff.page.goto(`${e2e.app.url}/admin/inbound`);
  await staff.page.getByRole("heading", { name: "Inbound mail", level: 1 }).waitFor();
  const row = staff.page.getByRole("row").filter({ hasText: replyTo });
  await row.getByText("Posted", { exact: true }).waitFor();
  await row.getByText("publishes no DMARC policy").waitFor();
  await row.getByRole("link", { name: `Comment ${ref}` }).click();
  await staff.page.waitForURL(new RegExp(`/comments/${ref}`));
  await staff.page.goto(`${e2e.app.url}/admin/inbound`);
  expect(await seriousAxeViolations(staff.page)).toEqual([]);
});
