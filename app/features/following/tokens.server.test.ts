import { confirmToken, manageToken, readConfirmToken, readManageToken, readUnsubscribeToken, unsubscribeToken } from "./tokens.server";

test("manage and unsubscribe tokens verify, and any change to them is refused", () => {
  expect(readManageToken(manageToken("abc123"))).toBe("abc123");
  expect(readManageToken(manageToken("abc123").replace("abc123", "abc124"))).toBeNull();
  expect(readUnsubscribeToken(unsubscribeToken("f1", "c9"))).toEqual({ followerId: "f1", list: "c9" });
  const forged = unsubscribeToken("f1", "c9").replace(".c9.", ".all.");
  expect(readUnsubscribeToken(forged)).toBeNull();
  expect(readUnsubscribeToken("garbage")).toBeNull();
  expect(readManageToken("a.b.c")).toBeNull();
});

test("a confirmation token expires after seven days", () => {
  const now = new Date("2026-01-01T00:00:00Z");
  const token = confirmToken("f1", now);
  expect(readConfirmToken(token, new Date("2026-01-07T23:00:00Z"))).toEqual({ ok: true, followerId: "f1" });
  expect(readConfirmToken(token, new Date("2026-01-08T00:00:01Z"))).toEqual({ ok: false, reason: "expired" });
  expect(readConfirmToken(token.slice(0, -2) + "xx", now)).toEqual({ ok: false, reason: "invalid" });
});
