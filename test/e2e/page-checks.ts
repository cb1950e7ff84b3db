import fs from "node:fs";
import path from "node:path";
import axe from "axe-core";
import type { Page, Response } from "playwright-core";

// The checks the every-page test runs on each page it opens: the page loads with the expected
// status and hydrates without a script error or a failed request, axe-core finds no serious or
// critical violation at desktop width, and the page fits 390 and 320 CSS pixels without
// scrolling sideways (WCAG 2.2 1.4.10). Each check reports a readable line, so a failure names
// the page and what is wrong with it.

export const DESKTOP = { width: 1280, height: 800 };
export const PHONES = [
  { width: 390, height: 844 },
  { width: 320, height: 568 },
];

/** What a checked page reports: the route modules that rendered it, and every problem found. */
export type PageReport = { label: string; routeIds: string[]; problems: string[] };

/**
 * The ids ("routes/admin.mail") of every route module in app/routes that renders a page, that is
 * has a default export; resource routes (feeds, JSON, logout) have none.
 */
/**
 * Every route module in app/routes, as Remix names it: a flat file by its name, a route folder by
 * the folder's name (its `route.tsx` is the module). Gives the route id and the module's source.
 */
export function routeModules(routesDir = path.resolve("app/routes")): { id: string; name: string; source: string }[] {
  const modules: { id: string; name: string; source: string }[] = [];
  for (const entry of fs.readdirSync(routesDir, { withFileTypes: true })) {
    const file = entry.isDirectory()
      ? ["route.tsx", "route.ts", "route.jsx", "route.js"].map((f) => path.join(entry.name, f)).find((f) => fs.existsSync(path.join(routesDir, f)))
      : /\.(tsx?|jsx?)$/.test(entry.name) && !/\.test\./.test(entry.name)
        ? entry.name
        : undefined;
    if (!file) continue;
    const name = entry.isDirectory() ? entry.name : entry.name.replace(/\.(tsx?|jsx?)$/, "");
    modules.push({ id: `routes/${name}`, name, source: fs.readFileSync(path.join(routesDir, file), "utf8") });
  }
  return modules.sort((a, b) => a.id.localeCompare(b.id));
}

/** The ids of the route modules that render a page (they have a default export). */
export function pageRouteIds(routesDir = path.resolve("app/routes")): string[] {
  return routeModules(routesDir)
    .filter((m) => /^export default\b|^export \{[^}]*\bdefault\b[^}]*\}/m.test(m.source))
    .map((m) => m.id);
}

/**
 * Watches one browser page: its script errors, console errors and failed requests are kept until
 * the next `check`, which reports them with the rest.
 */
export class PageChecker {
  private errors: string[] = [];
  private lastDocument: Response | null = null;

  constructor(
    readonly page: Page,
    readonly role: string,
  ) {
    page.on("pageerror", (error) => this.errors.push(`script error: ${error.message}`));
    page.on("console", (message) => {
      // A failed request is reported (with its address) by the "response" handler below.
      if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) this.errors.push(`console error: ${message.text()}`);
    });
    page.on("requestfailed", (request) => {
      // Leaving a page cancels its requests still in flight (route discovery, prefetches).
      const reason = request.failure()?.errorText ?? "";
      if (reason !== "net::ERR_ABORTED") this.errors.push(`request failed: ${request.url()} (${reason})`);
    });
    page.on("response", (response) => {
      const request = response.request();
      if (request.isNavigationRequest() && request.frame() === page.mainFrame()) this.lastDocument = response;
      else if (response.status() >= 400) this.errors.push(`request ${request.url()} answered ${response.status()}`);
    });
  }

  /** Opens `url` (absolute) and checks the page; `status` is the HTTP status it must answer with. */
  async visit(url: string, { status = 200 }: { status?: number } = {}): Promise<PageReport> {
    await this.page.setViewportSize(DESKTOP);
    this.errors = [];
    this.lastDocument = null;
    const response = await this.page.goto(url);
    return this.check({ status, response });
  }

  /**
   * Checks the page the browser shows now (reached by a click or a form). `status` is checked
   * when the page came from a full document load.
   */
  async check({ status = 200, response = this.lastDocument }: { status?: number; response?: Response | null } = {}): Promise<PageReport> {
    const { page } = this;
    const { pathname, search } = new URL(page.url());
    const label = `${this.role} ${pathname}${search}`;
    const problems: string[] = [];
    if (response && response.status() !== status) problems.push(`answered ${response.status()}, expected ${status}`);

    const hydrated = await page
      .waitForFunction(
        () => {
          const footer = document.querySelector("footer.site-footer");
          return !!footer && Object.keys(footer).some((key) => key.startsWith("__reactFiber"));
        },
        undefined,
        { timeout: 10_000 },
      )
      .then(
        () => true,
        () => false,
      );
    if (!hydrated) problems.push("did not hydrate within 10 s");
    if (status < 400 && (await page.locator(".error-page").count()) > 0) {
      problems.push(`shows the error page: ${(await page.locator(".error-page h1").first().textContent())?.trim()}`);
    }
    const routeIds = hydrated ? await page.evaluate(() => (window as unknown as RemixWindow).__remixRouter.state.matches.map((m) => m.route.id)) : [];

    if (page.viewportSize()?.width !== DESKTOP.width) await page.setViewportSize(DESKTOP);
    problems.push(...(await seriousAxeViolations(page)));
    for (const size of PHONES) {
      await page.setViewportSize(size);
      problems.push(...(await reflowProblems(page)));
    }
    await page.setViewportSize(DESKTOP);

    // Let a late error (an effect after hydration) arrive before the report is made.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 50))));
    problems.push(...this.errors.splice(0));
    return { label, routeIds, problems: problems.map((p) => `${label}: ${p}`) };
  }
}

type RemixWindow = { __remixRouter: { state: { matches: { route: { id: string } }[] } } };

// Experimental rules are off by default in axe-core; they include label-content-name-mismatch
// (a control's accessible name must contain its visible text, WCAG 2.5.3), which we keep.
const EXPERIMENTAL_RULES = Object.fromEntries(axe.getRules(["experimental"]).map((rule) => [rule.ruleId, { enabled: true }]));

/** axe-core's serious and critical violations on the page, one line per rule. */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  // Evaluated, not added as a <script>: the page's Content-Security-Policy would refuse that.
  await page.evaluate(axe.source);
  const violations = await page.evaluate(
    (rules) => (window as unknown as { axe: typeof axe }).axe.run(document, { rules, resultTypes: ["violations"] }).then((r) => r.violations),
    EXPERIMENTAL_RULES,
  );
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `axe ${v.id} (${v.impact}) ×${v.nodes.length}: ${v.help}; first at ${v.nodes[0]?.target.join(" ")}`);
}

/**
 * Whether the page scrolls sideways at the current viewport; if it does, names the innermost
 * elements, or the elements whose unbroken text, that stick out (a wide element inside its own
 * scrolling box does not count).
 */
export async function reflowProblems(page: Page): Promise<string[]> {
  const found = await page.evaluate(() => {
    const width = window.innerWidth;
    const scrollWidth = document.documentElement.scrollWidth;
    if (scrollWidth <= width) return null;
    const clipped = (el: Element) => {
      for (let p: Element | null = el; p && p !== document.body; p = p.parentElement) if (getComputedStyle(p).overflowX !== "visible") return true;
      return false;
    };
    const boxSticksOut = (el: Element) => el.getBoundingClientRect().right > width + 0.5 && !clipped(el.parentElement ?? el);
    const describe = (el: Element, right: number) => {
      const classes = [...el.classList].map((c) => `.${c}`).join("");
      const text = (el.textContent ?? "").trim().replace(/\s+/g, " ").slice(0, 40);
      return `${el.tagName.toLowerCase()}${classes} to ${Math.round(right)} px${text ? ` ("${text}")` : ""}`;
    };
    const offenders = [...document.body.querySelectorAll("*")]
      .filter((el) => boxSticksOut(el) && ![...el.children].some(boxSticksOut))
      .map((el) => describe(el, el.getBoundingClientRect().right));
    // Text wider than its element (a long hash or address that cannot wrap).
    const texts = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = texts.nextNode(); node; node = texts.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(node);
      const right = range.getBoundingClientRect().right;
      const parent = node.parentElement!;
      if (right > width + 0.5 && parent.getBoundingClientRect().right <= width + 0.5 && !clipped(parent)) offenders.push(describe(parent, right));
    }
    // An absolutely positioned element escapes a scrolling ancestor that is not its containing block.
    if (!offenders.length) {
      for (const el of document.body.querySelectorAll("*"))
        if (el.getBoundingClientRect().right > width + 0.5 && ![...el.children].some((c) => c.getBoundingClientRect().right > width + 0.5))
          offenders.push(describe(el, el.getBoundingClientRect().right));
    }
    return { width, scrollWidth, offenders: offenders.slice(0, 4) };
  });
  if (!found) return [];
  return [`scrolls sideways at ${found.width} px (page is ${found.scrollWidth} px wide): ${found.offenders.join("; ") || "no single element"}`];
}
