import { planTextLanguage } from "./languages";

test("the page's language is shown when the version is translated into it, else English", () => {
  expect(planTextLanguage({ requested: null, pageLocale: "fr", available: ["ar", "fr"] })).toBe("fr");
  expect(planTextLanguage({ requested: null, pageLocale: "ru", available: ["ar", "fr"] })).toBe("en");
  expect(planTextLanguage({ requested: null, pageLocale: "en", available: ["fr"] })).toBe("en");
});

test("?text= picks the English text or an available translation, and is ignored otherwise", () => {
  expect(planTextLanguage({ requested: "en", pageLocale: "fr", available: ["fr"] })).toBe("en");
  expect(planTextLanguage({ requested: "ar", pageLocale: "en", available: ["ar"] })).toBe("ar");
  expect(planTextLanguage({ requested: "zh", pageLocale: "fr", available: ["fr"] })).toBe("fr");
  expect(planTextLanguage({ requested: "<script>", pageLocale: "en", available: ["fr"] })).toBe("en");
});
