import { expect, test } from "vitest";
import { translate } from "~/i18n/catalogue.server";
import { LOCALES } from "~/services/language";
import { ACTIONS, refusalId } from "./permissions";
import { pageRefusal } from "./page-refusals.server";

test("every refusal of the permission table is worded in each language, not left in English", () => {
  for (const action of ACTIONS) {
    const english = translate("en", refusalId(action));
    expect(pageRefusal(action, "en"), action).toBe(english);
    for (const locale of LOCALES.filter((l) => l !== "en")) expect(pageRefusal(action, locale), `${locale} ${action}`).not.toBe(english);
  }
  expect(pageRefusal("users.read", "fr")).toBe("Seuls les administrateurs peuvent consulter les comptes.");
  expect(pageRefusal("comment.hide", "es")).toBe("Solo el personal del IFM puede ocultar comentarios.");
});
