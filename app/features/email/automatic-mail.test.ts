import { automaticReason } from "./automatic-mail";

const headers = (values: Record<string, string>) => (name: string) => values[name];

test("a person's mail with a return path is not automatic", () => {
  expect(automaticReason(headers({ "content-type": "text/plain" }), "ana@example.org")).toBeNull();
  expect(automaticReason(headers({ "auto-submitted": "no" }), "ana@example.org")).toBeNull();
});

test("an empty return path (a bounce) is automatic", () => {
  expect(automaticReason(headers({}), "")).toMatch(/empty return path/);
  expect(automaticReason(headers({}), "<>")).toMatch(/empty return path/);
});

test("Auto-Submitted auto-replied and auto-generated are automatic", () => {
  expect(automaticReason(headers({ "auto-submitted": "auto-replied" }), "a@example.org")).toMatch(/auto-replied/);
  expect(automaticReason(headers({ "auto-submitted": "Auto-Generated" }), "a@example.org")).toMatch(/auto-generated/);
});

test("Precedence bulk, junk and list are automatic", () => {
  for (const value of ["bulk", "junk", "list"]) expect(automaticReason(headers({ precedence: value }), "a@example.org")).toMatch(value);
});

test("list traffic, out-of-office markers and reports are automatic", () => {
  expect(automaticReason(headers({ "list-id": "<dns.lists.example>" }), "a@example.org")).toMatch(/mailing list/);
  expect(automaticReason(headers({ "x-autoreply": "yes" }), "a@example.org")).toMatch(/automatic reply/);
  expect(automaticReason(headers({ "content-type": "multipart/report; report-type=delivery-status" }), "a@example.org")).toMatch(/report/);
});
