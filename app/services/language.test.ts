import { acceptedLocale, cookieLocale, directionOf, localisedPath, negotiateLocale, prefixLocale, withoutPrefix } from "./language";

test("the URL prefix wins over the cookie, the saved setting and Accept-Language", () => {
  expect(negotiateLocale({ pathname: "/fr/consultations", cookie: "lang=zh", saved: "ru", acceptLanguage: "es" })).toBe("fr");
});

test("without a prefix the cookie wins over the saved setting and Accept-Language", () => {
  expect(negotiateLocale({ pathname: "/consultations", cookie: "a=1; lang=zh; b=2", saved: "ru", acceptLanguage: "es" })).toBe("zh");
});

test("without a prefix or cookie a signed-in reader's saved setting wins over Accept-Language", () => {
  expect(negotiateLocale({ pathname: "/consultations", cookie: "other=1", saved: "ru", acceptLanguage: "es" })).toBe("ru");
});

test("with nothing chosen Accept-Language decides, and English is the last resort", () => {
  expect(negotiateLocale({ pathname: "/", acceptLanguage: "ar-EG,ar;q=0.9" })).toBe("ar");
  expect(negotiateLocale({ pathname: "/", acceptLanguage: "de-DE,de;q=0.9" })).toBe("en");
  expect(negotiateLocale({ pathname: "/" })).toBe("en");
});

test("an invalid cookie or saved value is ignored, not trusted", () => {
  expect(negotiateLocale({ pathname: "/", cookie: "lang=../../etc", saved: "klingon", acceptLanguage: "es" })).toBe("es");
  expect(cookieLocale("lang=FR")).toBeNull();
  expect(cookieLocale("xlang=fr")).toBeNull();
});

test("Accept-Language is read by weight, with regional and script subtags reduced to the language", () => {
  expect(acceptedLocale("de;q=1, fr-CA;q=0.8, es;q=0.9")).toBe("es");
  expect(acceptedLocale("zh-Hant-TW, en;q=0.5")).toBe("zh");
  expect(acceptedLocale("ru;q=0, fr;q=0.2")).toBe("fr");
  expect(acceptedLocale("*")).toBeNull();
  expect(acceptedLocale("fr;q=abc")).toBeNull();
  expect(acceptedLocale(undefined)).toBeNull();
});

test("only the five other languages are prefixes: English is unprefixed and /en or /xx are ordinary paths", () => {
  expect(prefixLocale("/ar")).toBe("ar");
  expect(prefixLocale("/ru/consultations/x")).toBe("ru");
  expect(prefixLocale("/zh?q=1")).toBe("zh");
  expect(prefixLocale("/en/consultations")).toBeNull();
  expect(prefixLocale("/xx/consultations")).toBeNull();
  expect(prefixLocale("/french")).toBeNull();
  expect(prefixLocale("/frx/y")).toBeNull();
});

test("a path moves between languages with its query kept", () => {
  expect(withoutPrefix("/fr/consultations?q=dns")).toBe("/consultations?q=dns");
  expect(withoutPrefix("/fr")).toBe("/");
  expect(withoutPrefix("/fr?q=1")).toBe("/?q=1");
  expect(withoutPrefix("/about")).toBe("/about");
  expect(localisedPath("/fr/consultations?q=dns", "es")).toBe("/es/consultations?q=dns");
  expect(localisedPath("/ru/about", "en")).toBe("/about");
  expect(localisedPath("/", "ar")).toBe("/ar");
  expect(localisedPath("/?q=1", "zh")).toBe("/zh?q=1");
});

test("Arabic is written right to left, the others left to right", () => {
  expect(directionOf("ar")).toBe("rtl");
  for (const l of ["en", "es", "fr", "ru", "zh"] as const) expect(directionOf(l)).toBe("ltr");
});
