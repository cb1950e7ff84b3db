import { expect, test } from "vitest";
import { appFixtures } from "./fixtures";

// The page's data for hydration arrives as a stream at the end of the document. A reader who
// presses a key or clicks before it has been read must not break the page: React would have to
// hydrate at once, find the app still waiting for its data, and give up with "Root did not complete".

const e2e = appFixtures();

test("keys pressed while the page's data is still arriving do not break hydration", { timeout: 30_000 }, async () => {
  const consultation = await e2e.consultation({ title: "Hydration under keystrokes" });
  const page = await e2e.page();
  await page.addInitScript(() => {
    // Hold back the end of the data stream for 800 ms, and press Tab every 5 ms from the first
    // paint until well after it: the widest window a slow connection opens.
    type Controller = { close(): void };
    let context: Record<string, unknown> | undefined;
    Object.defineProperty(window, "__remixContext", {
      configurable: true,
      get: () => context,
      set(value: Record<string, unknown>) {
        context = value;
        let controller: Controller | undefined;
        Object.defineProperty(value, "streamController", {
          configurable: true,
          get: () => controller,
          set(next: Controller) {
            controller = next;
            const close = next.close.bind(next);
            next.close = () => void setTimeout(close, 800);
          },
        });
      },
    });
    document.addEventListener("DOMContentLoaded", () => {
      const timer = setInterval(() => document.body.dispatchEvent(new KeyboardEvent("keydown", { key: "Tab", bubbles: true })), 5);
      setTimeout(() => clearInterval(timer), 1_500);
    });
  });
  await page.goto(`${e2e.app.url}/consultations/${consultation.slug}`);
  await page.waitForFunction(() => {
    const footer = document.querySelector("footer.site-footer");
    return !!footer && Object.keys(footer).some((key) => key.startsWith("__reactFiber"));
  });
  await page.waitForTimeout(1_000);
  expect(await page.locator(".error-page").count()).toBe(0);
  // Hydrated and working: a client-side navigation happens without a document load.
  const documents: string[] = [];
  page.on("request", (request) => {
    if (request.resourceType() === "document") documents.push(request.url());
  });
  await page.locator(".main-nav a[href='/consultations']").first().click();
  await page.waitForURL(`${e2e.app.url}/consultations`);
  expect(documents).toEqual([]);
});
