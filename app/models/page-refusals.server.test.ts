import { expect, test } from "vitest";
import { LOCALES } from "~/services/language";
import { ACTIONS, refusalMessage } from "./permissions";
import { PAGE_REFUSALS, pageRefusal } from "./page-refusals.server";

test("a staff page's refusal says in English what the permission table says, and differs in the other languages", () => {
  const pages = ACTIONS.filter((action) => PAGE_REFUSALS[action]);
  expect(pages.length).toBe(14);
  for (const action of pages) {
    expect(pageRefusal(action, "en"), action).toBe(refusalMessage(action));
    for (const locale of LOCALES.filter((l) => l !== "en")) expect(pageRefusal(action, locale), `${locale} ${action}`).not.toBe(refusalMessage(action));
  }
  expect(pageRefusal("users.read", "fr")).toBe("Seuls les administrateurs peuvent consulter les comptes.");
  // An action without a page keeps the table's English.
  expect(pageRefusal("comment.hide", "fr")).toBe(refusalMessage("comment.hide"));
});

test("every page-level permission check names an action with a translated refusal", async () => {
  const fs = await import("node:fs");
  const path = await import("node:path");
  const routes = fs.readdirSync("app/routes", { recursive: true, withFileTypes: true }).filter((f) => f.isFile() && /\.tsx?$/.test(f.name));
  const checked = new Set<string>();
  for (const file of routes) {
    const source = fs.readFileSync(path.join(file.parentPath, file.name), "utf8");
    for (const match of source.matchAll(/requirePermission\(request, "([a-z.-]+)"\)/g)) checked.add(match[1]!);
  }
  expect(checked.size).toBeGreaterThan(5);
  for (const action of checked) expect(Object.keys(PAGE_REFUSALS), action).toContain(action);
});
