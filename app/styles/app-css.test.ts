import fs from "node:fs";
import path from "node:path";
import postcss from "postcss";

// A stray brace does not fail a build: the browser silently drops the rule after it. Parse the
// stylesheet as a browser would, strictly, so such a slip fails here instead.
test("the stylesheet parses, with no stray or missing braces", () => {
  const css = fs.readFileSync(path.resolve("app/styles/app.css"), "utf8");
  const root = postcss.parse(css);
  expect(root.nodes.length).toBeGreaterThan(100);
  const braces = [...css.replace(/\/\*[\s\S]*?\*\//g, "")].reduce((depth, ch) => {
    const next = depth + (ch === "{" ? 1 : ch === "}" ? -1 : 0);
    expect(next).toBeGreaterThanOrEqual(0);
    return next;
  }, 0);
  expect(braces).toBe(0);
});
