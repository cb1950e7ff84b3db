import fs from "node:fs";
import path from "node:path";
import { scanSource, type RouteMessagesFile } from "../../scripts/route-messages";
import { messagesFor } from "./catalogue.server";
import { routeIdsFor, routeMessages } from "./route-messages.server";

// A page carries the messages of its own routes (the build's build/route-messages.json), not the
// whole catalogue: the same text, fewer bytes, and every navigation brings its page's messages.

const built = JSON.parse(fs.readFileSync(path.resolve("build/route-messages.json"), "utf8")) as RouteMessagesFile;

test("the build lists, for every route, the message ids its browser code uses", () => {
  expect(built.routes.map((r) => r.id)).toContain("routes/consultations._index");
  expect(built.used["root"].ids).toContain("shell.skipLink");
  expect(built.used["routes/consultations._index"].stems).toContain("consultations.status.");
  // Server-only code is not browser code: the root loader's own messages are not there for it.
  expect(built.used["routes/about"].ids).not.toContain("consultations.list.inStatementFile");
});

test("the source scan finds quoted ids, and the stems of ids built from a key or checked by prefix, nothing else", () => {
  const found = scanSource('t("shell.nav.signIn"); t(`consultations.status.${s}`); id.startsWith("shell.error."); const a = "not an id"; x("a.b-c")');
  expect(found.ids.sort()).toEqual(["a.b-c", "shell.nav.signIn"]);
  expect(found.stems.sort()).toEqual(["consultations.status.", "shell.error."]);
});

test("a URL's routes are matched from the root down, with or without a language prefix", () => {
  expect(routeIdsFor("http://x/consultations")).toEqual(["root", "routes/consultations._index"]);
  expect(routeIdsFor("http://x/fr/consultations")).toEqual(["root", "routes/consultations._index"]);
  expect(routeIdsFor("http://x/ar/consultations/some-plan").at(-1)).toBe("routes/consultations.$slug._index");
  expect(routeIdsFor("http://x/no/such/page").at(-1)).toBe("routes/$");
});

test("a page's messages are its routes' and the shell's, in its language, and the same object each time", () => {
  const french = messagesFor("fr");
  const about = routeMessages("fr", routeIdsFor("http://x/fr/about"));
  const list = routeMessages("fr", routeIdsFor("http://x/fr/consultations"));
  expect(about["shell.skipLink"]).toBe(french["shell.skipLink"]);
  expect(list["consultations.list.inStatementFile"]).toBe(french["consultations.list.inStatementFile"]);
  expect(about).not.toHaveProperty("consultations.list.inStatementFile");
  // Every status label is there for the list: ids built from a key come by their stem.
  for (const id of Object.keys(french).filter((k) => k.startsWith("consultations.status."))) expect(list).toHaveProperty(id);
  // The error page shows whichever of its messages the server's data names.
  for (const id of Object.keys(french).filter((k) => k.startsWith("shell.error."))) expect(about).toHaveProperty(id);
  expect(Object.keys(about).length).toBeLessThan(Object.keys(french).length);
  expect(routeMessages("fr", routeIdsFor("http://x/fr/about"))).toBe(about);
  expect(routeMessages("en", ["routes/about"])["shell.skipLink"]).toBe(messagesFor("en")["shell.skipLink"]);
});
