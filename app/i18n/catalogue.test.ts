import fs from "node:fs";
import path from "node:path";
import { parse } from "@formatjs/icu-messageformat-parser";
import { createIntl } from "react-intl";
import { LOCALES } from "~/services/language";
import { flashText, messagesFor, translate } from "./catalogue.server";
import { CATALOGUES } from "./catalogues.server";

// The catalogues as files: every folder named "messages" under app/ holds one JSON file per language.
const APP = path.resolve("app");

function catalogueFolders(dir = APP): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === "generated") continue;
    const full = path.join(dir, entry.name);
    if (entry.name === "messages") found.push(path.relative(path.resolve("."), full));
    else found.push(...catalogueFolders(full));
  }
  return found.sort();
}

function read(folder: string, locale: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(folder, `${locale}.json`), "utf8")) as Record<string, unknown>;
}

const ids = (file: Record<string, unknown>) => Object.keys(file).filter((k) => k !== "@metadata");

function sourceFiles(dir = APP): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" ? [] : sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** The placeholders and tags a message uses ({name}, {count, plural…}, <link>). */
function argumentsOf(message: string): string[] {
  const names = new Set<string>();
  for (const m of message.matchAll(/\{\s*([A-Za-z_][\w]*)\s*[,}]/g)) names.add(m[1]);
  for (const m of message.matchAll(/<([a-z]+)>/g)) names.add(`<${m[1]}>`);
  return [...names].sort();
}

const folders = catalogueFolders();

test("every catalogue folder is registered, and every registered catalogue exists", () => {
  expect(folders.length).toBeGreaterThan(0);
  expect(Object.keys(CATALOGUES).sort()).toEqual(folders);
  const ids = fs.readFileSync(path.join(APP, "i18n/message-id.ts"), "utf8");
  for (const folder of folders) expect(ids).toContain(`~/${path.relative("app", folder)}/en.json`);
});

test.each(folders)("%s has the six languages, each with exactly the English catalogue's ids", (folder) => {
  const english = ids(read(folder, "en")).sort();
  expect(english.length).toBeGreaterThan(0);
  for (const locale of LOCALES) {
    expect(fs.existsSync(path.join(folder, `${locale}.json`)), `${folder}/${locale}.json`).toBe(true);
    const file = read(folder, locale);
    expect(ids(file).sort(), `${folder}/${locale}.json`).toEqual(english);
    for (const id of ids(file)) expect(typeof file[id] === "string" && (file[id] as string).trim() !== "", `${locale} ${id}`).toBe(true);
  }
});

test.each(folders)("%s says in each translation whether it was reviewed, and lists only its own ids as reviewed", (folder) => {
  for (const locale of LOCALES.filter((l) => l !== "en")) {
    const file = read(folder, locale);
    const meta = file["@metadata"] as { status?: unknown; reviewed?: unknown };
    expect(["unreviewed", "reviewed"], `${locale}`).toContain(meta?.status);
    expect(Array.isArray(meta.reviewed)).toBe(true);
    for (const id of meta.reviewed as string[]) expect(ids(file)).toContain(id);
  }
  expect((read(folder, "en")["@metadata"] as { status?: unknown }).status).toBe("authoritative");
});

test("no id is defined by two catalogues", () => {
  const all = folders.flatMap((f) => ids(read(f, "en")));
  expect(all.length).toBe(new Set(all).size);
});

test("no catalogue has an unused id: each appears in the source", () => {
  // The mails (emails/, outside app/) take their text from the catalogues too.
  const source = [...sourceFiles(), ...sourceFiles(path.join(APP, "..", "emails"))].map((f) => fs.readFileSync(f, "utf8")).join("\n");
  for (const folder of folders) {
    for (const id of ids(read(folder, "en"))) {
      // An id is used as a literal ("shell.nav.signIn"), or as a family built from a typed key
      // (`consultations.status.${status}`): then its stem must appear as such a template.
      const stem = id.slice(0, id.lastIndexOf(".") + 1);
      const used = source.includes(`"${id}"`) || source.includes("`" + stem + "${");
      expect(used, `${id} (${folder})`).toBe(true);
    }
  }
});

test("every message parses as ICU MessageFormat in its language and uses the English message's placeholders", () => {
  for (const folder of folders) {
    const english = read(folder, "en");
    for (const locale of LOCALES) {
      const file = read(folder, locale);
      for (const id of ids(file)) {
        const message = file[id] as string;
        expect(argumentsOf(message), `${locale} ${id}`).toEqual(argumentsOf(english[id] as string));
        const errors: string[] = [];
        let compiled: ReturnType<typeof parse> = [];
        try {
          compiled = parse(message, { locale: new Intl.Locale(locale) });
        } catch (error) {
          errors.push(`does not parse: ${(error as Error).message}`);
        }
        const intl = createIntl({ locale, messages: { [id]: compiled }, onError: (e) => errors.push(e.message) });
        const values = Object.fromEntries(argumentsOf(message).map((a) => (a.startsWith("<") ? [a.slice(1, -1), (c: string[]) => c.join("")] : [a, 3])));
        intl.formatMessage({ id }, values);
        expect(errors, `${locale} ${id}`).toEqual([]);
      }
    }
  }
});

test("a counted message takes Russian's four forms for 0, 1, 2, 3, 11 and 100", () => {
  const comments = (n: number) => translate("ru", "consultations.card.comments", { count: n });
  expect([0, 1, 2, 3, 11, 100].map(comments)).toEqual([
    "0 комментариев",
    "1 комментарий",
    "2 комментария",
    "3 комментария",
    "11 комментариев",
    "100 комментариев",
  ]);
  expect(translate("ru", "consultations.card.daysLeft", { count: 21 })).toBe("остался 21 день");
  expect(translate("ru", "consultations.card.daysLeft", { count: 22 })).toBe("осталось 22 дня");
});

test("a counted message takes Arabic's six forms for 0, 1, 2, 3, 11 and 100", () => {
  const comments = (n: number) => translate("ar", "consultations.card.comments", { count: n });
  expect([0, 1, 2, 3, 11, 100].map(comments)).toEqual(["لا تعليقات", "تعليق واحد", "تعليقان", "3 تعليقات", "11 تعليقًا", "100 تعليق"]);
  const days = (n: number) => translate("ar", "consultations.card.daysLeft", { count: n });
  expect([1, 2, 3, 11, 100].map(days)).toEqual(["بقي يوم واحد", "بقي يومان", "بقيت 3 أيام", "بقي 11 يومًا", "بقي 100 يوم"]);
});

test("English counted messages keep their singular and plural, with the number formatted", () => {
  expect(translate("en", "consultations.card.comments", { count: 1 })).toBe("1 comment");
  expect(translate("en", "consultations.card.comments", { count: 1500 })).toBe("1,500 comments");
  expect(translate("fr", "consultations.card.comments", { count: 1500 })).toBe("1\u202f500 commentaires");
});

test("each language's merged catalogue has every id of the English one", () => {
  const english = Object.keys(messagesFor("en")).sort();
  for (const locale of LOCALES) expect(Object.keys(messagesFor(locale)).sort()).toEqual(english);
  expect(messagesFor("fr")["shell.skipLink"]).toEqual([{ type: 0, value: "Aller au contenu" }]);
});

test("a flash that names a message is worded in the page's language; any other keeps its English text", () => {
  const posted = { message: "Your comment 4-1 is posted.", messageId: "comments.flash.posted", values: { ref: "4-1" } };
  expect(flashText("fr", posted)).toBe("Votre commentaire 4-1 est publié.");
  expect(flashText("en", posted)).toBe("Your comment 4-1 is posted.");
  expect(flashText("fr", { message: "Saved.", messageId: "no.such.message" })).toBe("Saved.");
  expect(flashText("fr", { message: "Saved." })).toBe("Saved.");
});
