import { expect, test } from "vitest";
import { statementSummary } from "./generator.server";

const content = {
  dispositionCounts: { accepted: 2, partially_accepted: 1, not_accepted: 0, out_of_scope: 0, noted: 1 },
  changes: { from: 1, to: 2 },
  participation: { comments: 4, commenters: 3 },
} as unknown as Parameters<typeof statementSummary>[0];

test("the mail's summary of a statement is worded in the recipient's language, the English one as the event records it", () => {
  expect(statementSummary(content)).toBe(
    "4 comments from 3 commenters were answered: 2 accepted, 1 partially accepted, 1 noted. The plan changed from version 1 to version 2.",
  );
  expect(statementSummary(content, "fr")).toBe(
    "4 commentaires de 3 participants ont reçu une réponse\u00a0: 2 acceptés, 1 accepté en partie, 1 pris en note. Le plan est passé de la version 1 à la version 2.",
  );
  expect(statementSummary({ ...content, changes: null, dispositionCounts: { ...content.dispositionCounts, accepted: 0, partially_accepted: 0 } }, "ru")).toBe(
    "Дан ответ на 4 комментария от 3 участников: к сведению: 1. План не изменялся.",
  );
  const one = {
    dispositionCounts: { accepted: 1, partially_accepted: 0, not_accepted: 0, out_of_scope: 0, noted: 0 },
    changes: null,
    participation: { comments: 1, commenters: 1 },
  };
  expect(statementSummary(one as typeof content)).toBe("1 comment from 1 commenter was answered: 1 accepted. The plan was not changed.");
  expect(statementSummary(one as typeof content, "zh")).toBe("已答复来自 1 位意见提交者的 1 条意见：已采纳 1 条。计划未作修改。");
});
