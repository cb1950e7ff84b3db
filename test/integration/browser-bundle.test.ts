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
