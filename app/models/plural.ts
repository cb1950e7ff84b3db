// Counted wording ("1 day", "2 days", "1 comment was", "3 comments were") through the language's
// own plural rules (Intl.PluralRules), so no text builds a plural by hand. Each wording is a map
// of plural categories to forms: English needs `one` and `other`; a language added later gives
// the categories it has (Polish: one, few, many, other; Arabic all six) without changing callers.

/** The languages wording is written in. */
export type Locale = "en";

/** The forms of one counted wording; `#` stands for the number. `other` is the form every language has. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

// Numbers are shown with at most two decimals, and their category is chosen from the number as
// shown (1.004 shows as "1" and takes the singular).
const NUMBER_OPTIONS = { maximumFractionDigits: 2 } as const;
const rulesByLocale = new Map<Locale, { rules: Intl.PluralRules; format: Intl.NumberFormat }>();

function rulesOf(locale: Locale) {
  let found = rulesByLocale.get(locale);
  if (!found) {
    found = { rules: new Intl.PluralRules(locale, NUMBER_OPTIONS), format: new Intl.NumberFormat(locale, NUMBER_OPTIONS) };
    rulesByLocale.set(locale, found);
  }
  return found;
}

/**
 * The form of `forms` that `count` takes, with `#` replaced by the number formatted for the
 * language: plural(2, NOUNS.day) is "2 days", plural(1_500, NOUNS.comment) "1,500 comments". A form
 * without `#` is returned as it is (plural(n, { one: "Your comment:", other: "Your comments:" })).
 */
export function plural(count: number, forms: PluralForms, locale: Locale = "en"): string {
  const { rules, format } = rulesOf(locale);
  const form = forms[rules.select(count)] ?? forms.other;
  return form.includes("#") ? form.replaceAll("#", format.format(count)) : form;
}

/** The counted nouns several texts share (English). */
export const NOUNS = {
  day: { one: "# day", other: "# days" },
  hour: { one: "# hour", other: "# hours" },
  minute: { one: "# minute", other: "# minutes" },
  comment: { one: "# comment", other: "# comments" },
  reply: { one: "# reply", other: "# replies" },
  character: { one: "# character", other: "# characters" },
  consultation: { one: "# consultation", other: "# consultations" },
  reminder: { one: "# reminder", other: "# reminders" },
  word: { one: "# word", other: "# words" },
  commenter: { one: "# commenter", other: "# commenters" },
  user: { one: "# user", other: "# users" },
  file: { one: "# file", other: "# files" },
  byte: { one: "# byte", other: "# bytes" },
} as const satisfies Record<string, PluralForms>;
