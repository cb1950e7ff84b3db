import { detectCommentLanguage, MIN_LETTERS_TO_DETECT } from "./comment-language";

describe("the language of a comment is detected among the six", () => {
  test.each([
    ["en", "We ask the IFM to postpone the key rollover until every resolver operator has been told about it."],
    ["fr", "Nous demandons que le changement de clé soit reporté jusqu’à ce que tous les opérateurs de résolveurs en soient informés."],
    ["es", "Pedimos que el cambio de clave se aplace hasta que todos los operadores de resolutores hayan sido informados."],
    ["ru", "Мы просим отложить смену ключа, пока все операторы резолверов не будут уведомлены."],
    ["zh", "我们请求推迟密钥更换,直到所有解析器运营者都得到通知。"],
    ["ar", "نطلب تأجيل تغيير المفتاح حتى يتم إبلاغ جميع مشغلي المحللات."],
  ])("%s", (expected, text) => {
    // The fallback is a language none of the texts is in, so a fallback cannot pass for detection.
    expect(detectCommentLanguage(text, expected === "es" ? "ru" : "es")).toBe(expected);
  });
});

test("a short Latin-script text is taken to be in the page's language", () => {
  expect("Merci beaucoup !".replace(/\P{L}/gu, "").length).toBeLessThan(MIN_LETTERS_TO_DETECT);
  expect(detectCommentLanguage("Merci beaucoup !", "es")).toBe("es");
  expect(detectCommentLanguage("Thanks a lot!", "fr")).toBe("fr");
  expect(detectCommentLanguage("+1", "en")).toBe("en");
  expect(detectCommentLanguage("", "zh")).toBe("zh");
});

test("a few letters of a script only one of the six uses are enough, however short", () => {
  expect(detectCommentLanguage("谢谢", "en")).toBe("zh");
  expect(detectCommentLanguage("Спасибо!", "fr")).toBe("ru");
  expect(detectCommentLanguage("شكرا", "en")).toBe("ar");
});

test("code, link targets and addresses do not count as the comment's language", () => {
  const french =
    "Voir `dig +dnssec example.org SOA` et https://www.example.org/very/long/english/path/about/the/key/rollover : nous sommes d’accord avec la proposition.";
  expect(detectCommentLanguage(french, "en")).toBe("fr");
  // Only an address and a command: nothing to tell the language by.
  expect(detectCommentLanguage("ops@example.org `rndc reload`", "ru")).toBe("ru");
});
