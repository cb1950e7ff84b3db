import { NOUNS, plural } from "./plural";

test("English takes the singular for exactly one and the plural for 0, 2 and fractions", () => {
  expect(plural(0, NOUNS.day)).toBe("0 days");
  expect(plural(1, NOUNS.day)).toBe("1 day");
  expect(plural(2, NOUNS.day)).toBe("2 days");
  expect(plural(1.5, NOUNS.day)).toBe("1.5 days");
  expect(plural(1, NOUNS.reply)).toBe("1 reply");
  expect(plural(3, NOUNS.reply)).toBe("3 replies");
});

test("the number is formatted for the language, and its category follows the number as shown", () => {
  expect(plural(1500, NOUNS.comment)).toBe("1,500 comments");
  expect(plural(1.004, NOUNS.hour)).toBe("1 hour");
  expect(plural(2.345, NOUNS.hour)).toBe("2.35 hours");
});

test("a form may put the number anywhere, agree a verb, or leave the number out", () => {
  const received = { one: "# comment was received", other: "# comments were received" };
  expect(plural(1, received)).toBe("1 comment was received");
  expect(plural(4, received)).toBe("4 comments were received");
  expect(plural(1, { one: "a minute", other: "# minutes" })).toBe("a minute");
  expect(plural(5, { one: "a minute", other: "# minutes" })).toBe("5 minutes");
  expect(plural(1, { one: "Your comment:", other: "Your comments:" })).toBe("Your comment:");
  expect(plural(2, { one: "Your comment:", other: "Your comments:" })).toBe("Your comments:");
});

test("a category without its own form falls back to `other`", () => {
  expect(plural(1, { other: "# sheep" })).toBe("1 sheep");
  expect(plural(0, { zero: "none", one: "# item", other: "# items" })).toBe("0 items"); // English has no "zero" category
});
