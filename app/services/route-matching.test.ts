import { createRequire } from "node:module";
import type { AgnosticRouteObject, matchRoutes as MatchRoutes } from "@remix-run/router";
import { expect, test } from "vitest";

// The server runs the router's CommonJS build (the one patched); an ESM import here would load the other.
const { matchRoutes } = createRequire(import.meta.url)("@remix-run/router") as { matchRoutes: typeof MatchRoutes };

// @remix-run/router is patched (patches/): ranked branches are kept per route tree and per shape
// of tree. Whatever it keeps, each match must name the routes of the tree it was asked about.

function tree(extra = ""): AgnosticRouteObject[] {
  return [
    {
      id: "root",
      path: "/",
      children: [
        { id: "index", index: true },
        { id: "consultations", path: "consultations" },
        { id: "consultation", path: "consultations/:slug" },
        { id: `comment${extra}`, path: "consultations/:slug/comments/:ref" },
      ],
    },
  ];
}

test("matches name the routes of the tree they were asked for, asked once or again, on identical trees too", () => {
  const first = tree();
  const second = tree();
  for (let i = 0; i < 3; i++) {
    for (const routes of [first, second]) {
      const matches = matchRoutes(routes, "/consultations/ksk-rollover")!;
      expect(matches.map((m) => m.route.id)).toEqual(["root", "consultation"]);
      expect(matches[1].route).toBe(routes[0].children![2]);
      expect(matches[1].params.slug).toBe("ksk-rollover");
    }
  }
});

test("a tree of another shape is matched on its own routes, and unknown paths match nothing", () => {
  const other = tree("-other");
  expect(matchRoutes(tree(), "/consultations/a/comments/7-1")!.at(-1)!.route.id).toBe("comment");
  expect(matchRoutes(other, "/consultations/a/comments/7-1")!.at(-1)!.route.id).toBe("comment-other");
  expect(matchRoutes(other, "/nowhere/at/all")).toBeNull();
  expect(matchRoutes(other, "/")!.at(-1)!.route.id).toBe("index");
});

test("a path matched again gives equal matches that are its own: changing one changes no later answer", () => {
  const routes = tree();
  for (let i = 0; i < 3; i++) {
    const matches = matchRoutes(routes, "/consultations/a/comments/7-1")!;
    expect(matches.map((m) => m.route.id)).toEqual(["root", "comment"]);
    expect(matches[1].params).toEqual({ slug: "a", ref: "7-1" });
    (matches[1].params as Record<string, string>).slug = "changed";
    matches.pop();
  }
  expect(matchRoutes(routes, "/consultations/b/comments/7-2")![1].params).toEqual({ slug: "b", ref: "7-2" });
});
