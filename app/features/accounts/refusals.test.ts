import { expect, test } from "vitest";
import { retryAfterMessage } from "~/services/rate-limit.server";
import { accountSchemas } from "./sign-in-validation";

// The accounts forms' refusals are worded in the page's language, with each language's plurals.

test("the rate limit's wait is in whole minutes, at least one, with each language's plural forms", () => {
  expect(retryAfterMessage(30)).toBe("Too many attempts. Try again in a minute.");
  expect(retryAfterMessage(61)).toBe("Too many attempts. Try again in 2 minutes.");
  expect(retryAfterMessage(900, "fr")).toBe("Trop de tentatives. Réessayez dans 15 minutes.");
  expect(retryAfterMessage(60, "fr")).toBe("Trop de tentatives. Réessayez dans une minute.");
  expect(retryAfterMessage(60, "es")).toBe("Demasiados intentos. Vuelva a intentarlo dentro de un minuto.");
  // Russian: 1 and 21 take one form, 2–4 another, 5–20 a third.
  expect([1, 2, 5, 21].map((m) => retryAfterMessage(m * 60, "ru").replace("Слишком много попыток. Повторите через ", ""))).toEqual([
    "1 минуту.",
    "2 минуты.",
    "5 минут.",
    "21 минуту.",
  ]);
  // Arabic: one, two, few (3–10), many (11–99), other (100+).
  expect([1, 2, 3, 11, 100].map((m) => retryAfterMessage(m * 60, "ar").replace("محاولات كثيرة جدًا. أعد المحاولة بعد ", ""))).toEqual([
    "دقيقة واحدة.",
    "دقيقتين.",
    "3 دقائق.",
    "11 دقيقة.",
    "100 دقيقة.",
  ]);
  expect(retryAfterMessage(120, "zh")).toBe("尝试次数过多。请在 2 分钟后重试。");
});

test("the sign-in and name forms refuse in the language asked for, and the English schemas stay English", () => {
  const firstError = (result: { success: boolean; error?: { issues: { message: string }[] } }) => result.error?.issues[0]?.message;
  expect(firstError(accountSchemas("fr").signInRequest.safeParse({ email: "pas-une-adresse" }))).toBe(
    "Saisissez une adresse électronique valide, comme nom@example.org.",
  );
  expect(firstError(accountSchemas("en").signInRequest.safeParse({ email: "" }))).toBe("Enter your email address.");
  expect(firstError(accountSchemas("ru").rename.safeParse({ displayName: "x" }))).toBe("Введите не менее 2 символов.");
  expect(firstError(accountSchemas("ar").rename.safeParse({ displayName: "x" }))).toBe("أدخل حرفين على الأقل.");
  expect(firstError(accountSchemas("es").signInCode.safeParse({ login: "abc", code: "12" }))).toBe("Introduzca el código de 6 cifras del mensaje.");
  expect(firstError(accountSchemas("zh").language.safeParse({ lang: "de" }))).toBe("请从六种语言中选择一种。");
  // A valid address is trimmed and lower-cased in every language.
  expect(accountSchemas("ar").signInRequest.parse({ email: "  Ana@Example.ORG " }).email).toBe("ana@example.org");
});
