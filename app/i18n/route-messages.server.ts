import fs from "node:fs";
import path from "node:path";
import { matchRoutes } from "@remix-run/react";
import { markConstant } from "~/services/rendered-documents.server";
import { DEFAULT_LOCALE, prefixLocale, type Locale } from "~/services/language";
import { messagesFor } from "./catalogue.server";
import type { Messages } from "./messages-context";

// The messages a page carries to the browser: those its routes' browser code can use (found at
// build time, scripts/route-messages.ts), not the catalogue of the whole app. They reach the
// browser in the root loader's data, which every navigation reloads, so the page of a link
// followed in the browser comes with its own messages.

type RouteEntry = { id: string; parentId?: string; path?: string; index?: boolean; caseSensitive?: boolean };
type RouteMessagesFile = { routes: RouteEntry[]; used: Record<string, { ids: string[]; stems: string[] }> };
type RouteTree = Parameters<typeof matchRoutes>[0];

function readFile(): RouteMessagesFile | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(process.cwd(), "build", "route-messages.json"), "utf8")) as RouteMessagesFile;
  } catch {
    return null;
  }
}

const file = readFile();
if (!file) console.warn("build/route-messages.json is missing (run npm run build): every page carries the whole catalogue.");

function treeOf(routes: RouteEntry[], parentId?: string): RouteTree {
  return routes
    .filter((r) => r.parentId === parentId)
    .map(({ id, path, index, caseSensitive }) =>
      index ? { id, path, index: true, caseSensitive } : { id, path, caseSensitive, children: treeOf(routes, id) },
    );
}
const tree = file ? treeOf(file.routes) : [];

const english = messagesFor(DEFAULT_LOCALE);
const allIds = Object.keys(english);

/** Per route: the ids of the catalogue its browser code uses. */
const idsByRoute = new Map<string, string[]>(
  Object.entries(file?.used ?? {}).map(([route, used]) => {
    const literal = new Set(used.ids);
    return [route, allIds.filter((id) => literal.has(id) || used.stems.some((stem) => id.startsWith(stem)))];
  }),
);

/** The ids of the routes that `url` shows, from the root down (a prefixed URL without its prefix). */
export function routeIdsFor(url: string): string[] {
  const { pathname } = new URL(url, "http://localhost");
  const prefix = prefixLocale(pathname);
  return (matchRoutes(tree, pathname, prefix ? `/${prefix}` : "/") ?? []).map((m) => m.route.id!);
}

const memo = new Map<string, Readonly<Messages>>();

/**
 * The messages in `locale` for a page of these routes (always with the root's: the shell and the
 * error page). The same object for the same routes, so shared documents compare it by name.
 */
export function routeMessages(locale: Locale, routeIds: readonly string[]): Readonly<Messages> {
  if (!file) return messagesFor(locale);
  const routes = [...new Set(["root", ...routeIds])].filter((id) => idsByRoute.has(id)).sort();
  const key = `${locale} ${routes.join(" ")}`;
  let found = memo.get(key);
  if (!found) {
    const all = messagesFor(locale);
    const messages: Messages = {};
    for (const route of routes) for (const id of idsByRoute.get(route)!) messages[id] = all[id];
    found = markConstant(messages, `messages ${key}`);
    memo.set(key, found);
  }
  return found;
}
