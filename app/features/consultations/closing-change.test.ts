import { CLOSING_CHANGE_LABELS, closingChangeKind } from "./closing-change";

test("a change of the closing is an extension when it moves later and a shortening when it moves earlier", () => {
  expect(closingChangeKind({ previousClosesAt: new Date("2026-05-01T00:00:00Z"), newClosesAt: new Date("2026-05-08T00:00:00Z") })).toBe("extended");
  expect(closingChangeKind({ previousClosesAt: "2026-05-01T00:00:00.000Z", newClosesAt: "2026-04-20T12:00:00.000Z" })).toBe("shortened");
  expect(CLOSING_CHANGE_LABELS.shortened).toBe("Shortened");
});
