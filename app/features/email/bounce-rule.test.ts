import { bounceKind, readDeliveryStatus, shouldSuppress } from "./bounce-rule";

const dsn = (action: string, status: string, diagnostic = "smtp; 550 5.1.1 <x@example.org>: Recipient address rejected: User unknown") =>
  [
    "Reporting-MTA: dns; mx.example.org",
    "",
    "Final-Recipient: rfc822; x@example.org",
    `Action: ${action}`,
    `Status: ${status}`,
    `Diagnostic-Code: ${diagnostic}`,
  ].join("\r\n");

test("a 5.1.1 failure is a no-such-user bounce and stops notifications at once", () => {
  const report = readDeliveryStatus(dsn("failed", "5.1.1"))!;
  expect(report).toMatchObject({ action: "failed", status: "5.1.1" });
  expect(report.diagnostic).toMatch(/User unknown/);
  expect(bounceKind(report)).toBe("no-such-user");
  expect(shouldSuppress("no-such-user", 1)).toBe(true);
});

test("other permanent failures stop notifications on the third", () => {
  const kind = bounceKind(readDeliveryStatus(dsn("failed", "5.2.2", "smtp; 552 mailbox full"))!);
  expect(kind).toBe("hard");
  expect(shouldSuppress(kind, 1)).toBe(false);
  expect(shouldSuppress(kind, 2)).toBe(false);
  expect(shouldSuppress(kind, 3)).toBe(true);
});

test("a delay counts for nothing", () => {
  const kind = bounceKind(readDeliveryStatus(dsn("delayed", "4.4.7", "smtp; 451 try later"))!);
  expect(kind).toBe("soft");
  expect(shouldSuppress(kind, 10)).toBe(false);
});

test("a part without Status or Action is not a report", () => {
  expect(readDeliveryStatus("hello")).toBeNull();
});
