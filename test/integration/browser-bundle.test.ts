import fs from "node:fs";
import path from "node:path";

// What the browser downloads (public/build, made by `npm test`'s build step) holds no validation
// library: forms are checked on the server (docs/decisions/017-forms.md), so the schemas stay
// there. A route module that defines a schema at its top level, or a component that imports a
// constant from app/validation, would pull zod back into every page's JavaScript.

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

test("no JavaScript sent to the browser contains zod", () => {
  const scripts = files(path.resolve("public/build")).filter((f) => f.endsWith(".js"));
  expect(scripts.length).toBeGreaterThan(10);
  // Zod's class names survive minification as strings ("$ZodType", "$ZodObject", …).
  const withZod = scripts.filter((f) => fs.readFileSync(f, "utf8").includes('"$ZodType"'));
  expect(withZod.map((f) => path.relative("public/build", f))).toEqual([]);
});

test("the browser formats messages with FormatJS's message formatter alone: no react-intl, no @formatjs/intl", () => {
  const scripts = files(path.resolve("public/build")).filter((f) => f.endsWith(".js"));
  const texts = scripts.map((f) => fs.readFileSync(f, "utf8"));
  // Their own error messages survive minification.
  expect(texts.filter((t) => t.includes("[React Intl]") || t.includes("[@formatjs/intl")).length).toBe(0);
  expect(texts.filter((t) => t.includes("MISSING_VALUE")).length).toBeGreaterThan(0);
});

test("server-only modules reach the browser as one empty module, not a script each", () => {
  const scripts = files(path.resolve("public/build/_shared")).filter((f) => f.endsWith(".js"));
  const empty = scripts.filter((f) => /=>\{\w+\.exports=\{\}\}\)/.test(fs.readFileSync(f, "utf8")));
  expect(empty.length).toBeLessThanOrEqual(1);
});
