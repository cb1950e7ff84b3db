import { consultationStatus } from "./status";

const opensAt = new Date("2026-03-01T00:00:00Z");
const closesAt = new Date("2026-04-01T00:00:00Z");
const published = { publishedAt: new Date("2026-02-20T00:00:00Z"), opensAt, closesAt, withdrawnAt: null, concludedAt: null };

test("a consultation without publication dates is a draft", () => {
  expect(consultationStatus({ publishedAt: null, opensAt: null, closesAt: null, withdrawnAt: null, concludedAt: null })).toBe("draft");
});

test("before the opening instant it is upcoming, at the exact opening instant it is open", () => {
  expect(consultationStatus(published, new Date(opensAt.getTime() - 1))).toBe("upcoming");
  expect(consultationStatus(published, opensAt)).toBe("open");
});

test("one millisecond before closing it is open, at the exact closing instant it is closed", () => {
  expect(consultationStatus(published, new Date(closesAt.getTime() - 1))).toBe("open");
  expect(consultationStatus(published, closesAt)).toBe("closed");
});

test("a published statement concludes it and a withdrawal overrides everything", () => {
  expect(consultationStatus({ ...published, concludedAt: new Date("2026-05-01T00:00:00Z") }, new Date("2026-06-01T00:00:00Z"))).toBe("concluded");
  expect(consultationStatus({ ...published, withdrawnAt: new Date("2026-03-10T00:00:00Z") }, new Date("2026-03-05T00:00:00Z"))).toBe("withdrawn");
});
