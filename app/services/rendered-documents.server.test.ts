import type { DocumentHtml, InDocument } from "~/components/server-html";
import { cutDocument, describeDocument, fillDocument, RenderedDocuments } from "./rendered-documents.server";

/** One request's inputs: data holding a form token and a stand-in for stored HTML. */
function request(token: string, stored: string, extra: Record<string, unknown> = {}) {
  const standIn: InDocument = { inDocument: true };
  const documentHtml: DocumentHtml = new Map([[standIn, stored]]);
  const loaderData = { root: { user: { name: standIn, isStaff: false } }, page: { idempotencyKey: token, count: 3, at: new Date(0), ...extra } };
  return { url: "http://x/consultations/a", status: 200, loaderData, documentHtml, perRequest: new Set([token]) };
}

/** What a render would write: the stored HTML where its marker goes, the token twice, the nonce. */
function render(described: NonNullable<ReturnType<typeof describeDocument>>, nonce: string) {
  return `<html><script nonce="${nonce}">x</script><span>${described.markerTexts[0]}</span><input value="${described.tokens[0]}"><script>"${described.tokens[0]}"</script></html>`;
}

test("requests whose data differs only in tokens and stored HTML share one key; any other difference does not", () => {
  const a = describeDocument(request("tokenAAAAAAAAAAAAAAAAA", "Ada"))!;
  const b = describeDocument(request("tokenBBBBBBBBBBBBBBBBB", "Bea &amp; Co"))!;
  expect(a.key).toBe(b.key);
  expect(b.tokens).toEqual(["tokenBBBBBBBBBBBBBBBBB"]);
  expect(b.html).toEqual(["Bea &amp; Co"]);
  expect(describeDocument(request("tokenCCCCCCCCCCCCCCCCC", "Ada", { count: 4 }))!.key).not.toBe(a.key);
  expect(describeDocument({ ...request("tokenAAAAAAAAAAAAAAAAA", "Ada"), url: "http://x/consultations/b" })!.key).not.toBe(a.key);
  // A value that merely looks like a token is data, not a slot.
  const notRegistered = { ...request("tokenDDDDDDDDDDDDDDDDD", "Ada"), perRequest: new Set<string>() };
  expect(describeDocument(notRegistered)!.key).not.toBe(a.key);
});

test("data that cannot be compared safely (a promise, a Map, a class instance, a function) is never shared", () => {
  for (const odd of [Promise.resolve(1), new Map([[1, 2]]), new (class Thing {})(), () => 1]) {
    expect(describeDocument(request("tokenAAAAAAAAAAAAAAAAA", "Ada", { odd }))).toBeNull();
  }
});

test("a stored document filled for another request carries that request's nonce, tokens and stored HTML only", () => {
  const first = describeDocument(request("tokenAAAAAAAAAAAAAAAAA", "Ada"))!;
  const stored = cutDocument(render(first, "nonceOne=="), first, "nonceOne==");
  expect(fillDocument(stored, first, "nonceOne==").toString()).toBe(
    `<html><script nonce="nonceOne==">x</script><span>Ada</span><input value="tokenAAAAAAAAAAAAAAAAA"><script>"tokenAAAAAAAAAAAAAAAAA"</script></html>`,
  );
  const second = describeDocument(request("tokenBBBBBBBBBBBBBBBBB", "Bea"))!;
  const filled = fillDocument(stored, second, "nonceTwo==").toString();
  expect(filled).toBe(
    `<html><script nonce="nonceTwo==">x</script><span>Bea</span><input value="tokenBBBBBBBBBBBBBBBBB"><script>"tokenBBBBBBBBBBBBBBBBB"</script></html>`,
  );
  expect(filled).not.toMatch(/Ada|tokenA|nonceOne|stored-html/);
});

test("long stored HTML, filled again and again, is each response's own: the kept bytes follow the text", () => {
  const first = describeDocument(request("tokenAAAAAAAAAAAAAAAAA", "Ada"))!;
  const stored = cutDocument(render(first, "nonceOne=="), first, "nonceOne==");
  const page = (name: string) => `<p>${name} — ünïcode</p>`.repeat(400);
  for (const name of ["Ada", "Bea", "Ada", "Cy", "Bea"]) {
    const filled = fillDocument(stored, describeDocument(request("tokenBBBBBBBBBBBBBBBBB", page(name)))!, "nonceTwo==").toString();
    expect(filled).toContain(`<span>${page(name)}</span>`);
    expect(filled.match(/<p>(\w+) —/g)?.every((p) => p === `<p>${name} —`)).toBe(true);
  }
});

test("each description's markers are new, so no page text can stand for one", () => {
  const a = describeDocument(request("tokenAAAAAAAAAAAAAAAAA", "Ada"))!;
  const b = describeDocument(request("tokenAAAAAAAAAAAAAAAAA", "Ada"))!;
  expect(a.markerTexts[0]).not.toBe(b.markerTexts[0]);
});

test("the store drops the least recently used entries beyond its bounds, and entries past their age", () => {
  const docs = new RenderedDocuments(2, 1024 * 1024, 1000);
  const doc = { parts: [Buffer.from("x")], slots: [], bytes: 1, storedAt: 0 };
  docs.set("a", { ...doc, storedAt: 100 });
  docs.set("b", { ...doc, storedAt: 100 });
  docs.get("a", 200);
  docs.set("c", { ...doc, storedAt: 100 });
  expect(docs.get("b", 200)).toBeUndefined();
  expect(docs.get("a", 200)).toBeDefined();
  expect(docs.get("c", 200)).toBeDefined();
  expect(docs.get("a", 1101 + 100)).toBeUndefined();
});

test("requests for a document being rendered wait for that render; a render that fails leaves them to render", async () => {
  const docs = new RenderedDocuments();
  const doc = { parts: [Buffer.from("page")], slots: [], bytes: 4, storedAt: Date.now() };
  expect(docs.pending("k")).toBeUndefined();
  const settle = docs.lead("k");
  const waiting = docs.pending("k");
  expect(waiting).toBeDefined();
  settle(doc);
  settle(null); // a second settle changes nothing
  await expect(waiting).resolves.toBe(doc);
  expect(docs.get("k")).toBe(doc);
  expect(docs.pending("k")).toBeUndefined();

  const failing = docs.lead("other");
  const waitingForFailure = docs.pending("other");
  failing(null);
  await expect(waitingForFailure).resolves.toBeNull();
  expect(docs.get("other")).toBeUndefined();
  expect(docs.pending("other")).toBeUndefined();
});

test("a sweep forgets the documents past their age", () => {
  const docs = new RenderedDocuments(10, 1024 * 1024, 1000);
  docs.set("old", { parts: [Buffer.from("x")], slots: [], bytes: 1, storedAt: 0 });
  docs.set("new", { parts: [Buffer.from("y")], slots: [], bytes: 1, storedAt: 900 });
  docs.sweep(1500);
  expect(docs.get("old", 1500)).toBeUndefined();
  expect(docs.get("new", 1500)).toBeDefined();
});
