import { timeLeft } from "./card";

const closesAt = new Date("2026-05-01T00:00:00Z");
const before = (hours: number) => new Date(closesAt.getTime() - hours * 3_600_000);

test("the time left on a card is counted in the singular or plural as the number needs", () => {
  expect(timeLeft(closesAt, before(0.5))).toBe("less than an hour left");
  expect(timeLeft(closesAt, before(1.2))).toBe("1 hour left");
  expect(timeLeft(closesAt, before(47.9))).toBe("47 hours left");
  expect(timeLeft(closesAt, before(49))).toBe("2 days left");
  expect(timeLeft(closesAt, before(0))).toBe("closed");
});
