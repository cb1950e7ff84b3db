import { translate } from "~/i18n/catalogue.server";
import type { MessageId } from "~/i18n/message-id";
import { draftFilesRefusal, nextPositions, removal, revisionsSentence, sameFiles, statementFileServed } from "./statement-files";

const say = (id: MessageId, values?: Record<string, string | number>) => translate("en", id, values);

test("the draft takes files up to five in all, and the refusal says how many more fit", () => {
  expect(draftFilesRefusal(0, 5, say)).toBeNull();
  expect(draftFilesRefusal(3, 2, say)).toBeNull();
  expect(draftFilesRefusal(3, 3, say)).toBe("The statement can carry at most 5 files and already has 3: add at most 2 files.");
  expect(draftFilesRefusal(4, 2, say)).toBe("The statement can carry at most 5 files and already has 4: add at most 1 file.");
  expect(draftFilesRefusal(5, 1, say)).toBe("The statement can carry at most 5 files and already has 5: remove one before adding another.");
  const fr = (id: MessageId, values?: Record<string, string | number>) => translate("fr", id, values);
  expect(draftFilesRefusal(4, 2, fr)).toBe("La déclaration peut porter au plus 5 fichiers et en a déjà 4\u00a0: ajoutez-en au plus 1.");
});

test("new files are numbered after every number the statement ever used, so a permalink never changes its file", () => {
  expect(nextPositions([], 2)).toEqual([1, 2]);
  expect(nextPositions([1, 2, 3], 1)).toEqual([4]);
  // File 2 was removed: its number is not given again.
  expect(nextPositions([1, 3], 2)).toEqual([4, 5]);
});

test("removing a draft's file deletes it unless a published revision lists it, which keeps it", () => {
  expect(removal({ detachedAt: null, revisions: [] })).toBe("delete");
  expect(removal({ detachedAt: null, revisions: [1] })).toBe("detach");
  expect(removal({ detachedAt: new Date(), revisions: [1] })).toBe("not-on-draft");
});

test("a statement's file is public once a revision lists it; before that only IFM staff see it", () => {
  expect(statementFileServed({ revisions: [] }, { isStaff: false })).toBe(false);
  expect(statementFileServed({ revisions: [] }, { isStaff: true })).toBe(true);
  expect(statementFileServed({ revisions: [2] }, { isStaff: false })).toBe(true);
});

test("the revisions a file is published with are named in order", () => {
  expect(revisionsSentence([], say)).toMatch(/^On the draft/);
  expect(revisionsSentence([1], say)).toBe("Published with revision 1 of the statement.");
  expect(revisionsSentence([3, 1, 2], say)).toBe("Published with revisions 1, 2 and 3 of the statement.");
});

test("publishing checks that the files its content lists are exactly the draft's, whatever their order", () => {
  const a = { position: 1, sha256: "aa" };
  const b = { position: 2, sha256: "bb" };
  expect(sameFiles([a, b], [b, a])).toBe(true);
  expect(sameFiles([], [])).toBe(true);
  expect(sameFiles([a], [a, b])).toBe(false);
  expect(sameFiles([a], [{ position: 1, sha256: "cc" }])).toBe(false);
});
