import { durationText } from "./time";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

test("a duration reads in days and hours from two days, in hours from two hours, in minutes below", () => {
  expect(durationText(7 * DAY)).toBe("7 days");
  expect(durationText(7 * DAY - MINUTE)).toBe("7 days");
  expect(durationText(3.5 * DAY)).toBe("3 days and 12 hours");
  expect(durationText(2 * DAY + HOUR)).toBe("2 days and 1 hour");
  expect(durationText(36 * HOUR)).toBe("36 hours");
  expect(durationText(DAY - MINUTE)).toBe("24 hours");
  expect(durationText(2 * HOUR)).toBe("2 hours");
  expect(durationText(HOUR + 20 * MINUTE)).toBe("1 hour and 20 minutes");
  expect(durationText(HOUR)).toBe("1 hour");
  expect(durationText(HOUR + MINUTE)).toBe("1 hour and 1 minute");
  expect(durationText(45 * MINUTE)).toBe("45 minutes");
  expect(durationText(20_000)).toBe("less than a minute");
});
