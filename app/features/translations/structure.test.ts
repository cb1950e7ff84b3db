import { structureMismatch } from "./structure";

const english = [
  { level: 2, text: "Background" },
  { level: 3, text: "Today" },
  { level: 2, text: "Proposed change" },
];

test("the same headings at the same levels in the same order match", () => {
  expect(
    structureMismatch(english, [
      { level: 2, text: "Contexte" },
      { level: 3, text: "Aujourd’hui" },
      { level: 2, text: "Changement proposé" },
    ]),
  ).toBeNull();
});

test("a missing or extra heading is refused with both counts", () => {
  expect(structureMismatch(english, english.slice(0, 2))).toEqual({ id: "translations.structure.count", values: { english: 3, translation: 2 } });
  expect(structureMismatch(english, [...english, { level: 2, text: "Annexe" }])).toMatchObject({ values: { english: 3, translation: 4 } });
});

test("a heading at another level is refused, naming it and the English heading in its place", () => {
  expect(
    structureMismatch(english, [
      { level: 2, text: "Contexte" },
      { level: 2, text: "Aujourd’hui" },
      { level: 2, text: "Changement" },
    ]),
  ).toEqual({
    id: "translations.structure.level",
    values: { position: 2, heading: "Aujourd’hui", level: 2, englishLevel: 3, english: "Today" },
  });
});
