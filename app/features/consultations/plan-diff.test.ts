import { diffPlans } from "./plan-diff";

test("changed words are marked as removed and added, the rest is kept", () => {
  const result = diffPlans("The KSK rolls on 1 March.\n\nSecond paragraph.", "The KSK rolls on 15 April.\n\nSecond paragraph.");
  expect(result.parts.filter((p) => p.kind === "removed").map((p) => p.text.trim())).toEqual(["1 March"]);
  expect(result.parts.filter((p) => p.kind === "added").map((p) => p.text.trim())).toEqual(["15 April"]);
  expect(result.parts.map((p) => (p.kind === "added" ? "" : p.text)).join("")).toBe("The KSK rolls on 1 March.\n\nSecond paragraph.");
  expect(result.parts.map((p) => (p.kind === "removed" ? "" : p.text)).join("")).toBe("The KSK rolls on 15 April.\n\nSecond paragraph.");
  expect(result).toMatchObject({ addedWords: 2, removedWords: 2 });
});

test("identical versions have no changes", () => {
  const result = diffPlans("Same text.", "Same text.");
  expect(result.parts).toEqual([{ kind: "same", text: "Same text." }]);
  expect(result.addedWords + result.removedWords).toBe(0);
});

test("a new section is one addition", () => {
  const result = diffPlans("## A\n\nText.", "## A\n\nText.\n\n## Rollback\n\nWe can revert.");
  expect(result.removedWords).toBe(0);
  expect(result.addedWords).toBe(5);
});
