import { dailyDigestEmail, type DigestGroup } from "./daily-digest";
import { closingSoonEmail } from "./closing-soon";
import { followConfirmEmail } from "./follow-confirm";
import { durationIn } from "./i18n";
import type { MailComment, NotificationFooter } from "./notification";
import type { Locale } from "../app/services/language";

const comment: MailComment = {
  ref: "7-1",
  authorName: "Alice",
  createdAt: new Date("2026-12-14T09:30:00Z"),
  bodyMd: "Text",
  bodyHtml: "<p>Text</p>",
  url: "https://example.test/c/7-1",
};
const footer = (locale: Locale): NotificationFooter => ({
  reason: { kind: "digest" },
  email: "a@example.org",
  manageUrl: "https://example.test/m",
  unsubscribeUrl: "https://example.test/u",
  unsubscribe: { kind: "all" },
  locale,
});
/** A digest with `comments` comments on one consultation (the rest counted as "more"). */
function digest(locale: Locale, comments: number, consultations = 1) {
  const groups: DigestGroup[] = Array.from({ length: consultations }, (_, i) => ({
    consultation: { number: i + 1, title: "Title", url: `https://example.test/${i}` },
    comments: i === 0 ? [comment] : [],
    more: i === 0 ? comments - 1 : 0,
  }));
  return dailyDigestEmail({ day: "2026-12-14", groups, footer: footer(locale) });
}

test("a Russian digest counts its comments in Russian's four forms (1, 2, 3, 5, 11, 21, 100)", () => {
  const subjects = [1, 2, 3, 5, 11, 21, 100].map((n) => digest("ru", n).subject);
  expect(subjects).toEqual([
    "Ежедневная сводка за 2026-12-14: 1 новый комментарий, 1 консультация",
    "Ежедневная сводка за 2026-12-14: 2 новых комментария, 1 консультация",
    "Ежедневная сводка за 2026-12-14: 3 новых комментария, 1 консультация",
    "Ежедневная сводка за 2026-12-14: 5 новых комментариев, 1 консультация",
    "Ежедневная сводка за 2026-12-14: 11 новых комментариев, 1 консультация",
    "Ежедневная сводка за 2026-12-14: 21 новый комментарий, 1 консультация",
    "Ежедневная сводка за 2026-12-14: 100 новых комментариев, 1 консультация",
  ]);
  expect(digest("ru", 5, 2).subject).toContain("2 консультации");
  expect(digest("ru", 5).text).toContain("Ещё 4 комментария на странице консультации");
});

test("an Arabic digest counts in Arabic's six forms and reads right to left", () => {
  const counts = [1, 2, 3, 11, 100].map((n) => /: (.*) على/.exec(digest("ar", n).subject)?.[1]);
  expect(counts).toEqual(["تعليق جديد واحد", "تعليقان جديدان", "3 تعليقات جديدة", "11 تعليقًا جديدًا", "100 تعليق جديد"]);
  const mail = digest("ar", 2, 2);
  expect(mail.subject).toContain("مشاورتين");
  expect(mail.html).toContain('<html lang="ar" dir="rtl">');
  // The quotation bar is on the start side of a right-to-left line; the comment keeps its own direction.
  expect(mail.html).toContain('dir="auto" style="margin:0 0 12px;padding:4px 16px;border-right:4px solid #d1d5db;');
  expect(mail.html).not.toContain("border-left:4px");
});

test("dates in a mail are in its language and in UTC, saying so", () => {
  const closesAt = new Date("2026-12-15T14:00:00Z");
  const at = new Date("2026-12-14T14:00:00Z");
  const c = { number: 7, title: "T", url: "https://example.test/7" };
  const english = closingSoonEmail({ consultation: c, closesAt, at, next: null, footer: footer("en") });
  const french = closingSoonEmail({ consultation: c, closesAt, at, next: null, footer: footer("fr") });
  expect(english.text).toContain("closes in 24 hours, on 2026-12-15 14:00 UTC.");
  expect(french.text).toMatch(/se termine dans 24 heures, le 15 déc(\.|embre) 2026.*14:00.*UTC/);
  expect(french.text).toContain("Ceci est le dernier rappel.");
});

test("durations take each language's plural forms", () => {
  const HOUR = 3_600_000;
  expect(durationIn(3 * 24 * HOUR + 12 * HOUR, "en")).toBe("3 days and 12 hours");
  expect(durationIn(3 * 24 * HOUR + 12 * HOUR, "ru")).toBe("3 дня 12 часов");
  expect(durationIn(2 * 24 * HOUR, "ar")).toBe("يومين");
  expect(durationIn(11 * 24 * HOUR, "ar")).toBe("11 يومًا");
  expect(durationIn(20_000, "es")).toBe("menos de un minuto");
  expect(durationIn(90 * 60_000, "zh")).toBe("1 小时 30 分钟");
});

test("a mail built without a language is the English one, byte for byte", () => {
  const input = {
    email: "a@example.org",
    target: { kind: "consultation" as const, number: 7, title: "T" },
    confirmUrl: "https://example.test/c",
    expiresInDays: 7,
  };
  expect(followConfirmEmail(input)).toEqual(followConfirmEmail({ ...input, locale: "en" }));
  const spanish = followConfirmEmail({ ...input, locale: "es" });
  expect(spanish.subject).toBe("Confirmación: seguir la consulta 7");
  expect(spanish.html).toContain("<strong>la consulta 7: T</strong>");
});
