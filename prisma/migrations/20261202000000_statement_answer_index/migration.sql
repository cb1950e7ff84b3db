-- The statement builder counts and groups the comments that need an answer on every page of its
-- work list; this index covers those queries, so each is an index-only scan.
CREATE INDEX "Comment_answer_idx" ON "Comment"("consultationId", "isIfmReply", "hiddenAt", "withdrawnAt", "organisationId", "sectionId", "sectionTitle", "seq", "id");
