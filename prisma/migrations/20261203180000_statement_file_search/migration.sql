-- Search over the text of the final statement's files. Only files a published revision lists
-- are indexed (a draft's files are the IFM's work in progress), and a file stays indexed when it
-- is taken off the draft: the revision that froze it keeps it public. Row ids are stable keys:
--   StatementFileSearch.rowid = Consultation.number * 2^32 + Attachment.position
-- (a consultation has one statement, whose file numbers are never reused).
--
-- Page generation (decision 029): this index is written only by the triggers below, from writes
-- to "Attachment" and "StatementRevisionAttachment", whose own triggers already move the counter
-- (and a virtual table cannot carry triggers). No table is rebuilt, so no trigger is dropped.

CREATE VIRTUAL TABLE "StatementFileSearch" USING fts5(
    "attachmentId" UNINDEXED,
    "consultationId" UNINDEXED,
    "body",
    tokenize = 'porter unicode61 remove_diacritics 2'
);

-- A revision publishes a file: index it (again, when an earlier revision already did).
CREATE TRIGGER "StatementRevisionAttachment_search_insert" AFTER INSERT ON "StatementRevisionAttachment" BEGIN
    DELETE FROM "StatementFileSearch" WHERE "attachmentId" = NEW."attachmentId";
    INSERT INTO "StatementFileSearch" ("rowid", "attachmentId", "consultationId", "body")
    SELECT k."number" * 4294967296 + a."position", a."id", a."consultationId", a."text"
    FROM "Attachment" a JOIN "Consultation" k ON k."id" = a."consultationId"
    WHERE a."id" = NEW."attachmentId" AND a."statementId" IS NOT NULL AND a."text" IS NOT NULL;
END;

-- No revision lists the file any more (its revision was deleted): out of search.
CREATE TRIGGER "StatementRevisionAttachment_search_delete" AFTER DELETE ON "StatementRevisionAttachment"
WHEN NOT EXISTS (SELECT 1 FROM "StatementRevisionAttachment" WHERE "attachmentId" = OLD."attachmentId") BEGIN
    DELETE FROM "StatementFileSearch" WHERE "attachmentId" = OLD."attachmentId";
END;

-- The worker extracts (or re-extracts) a published file's text after it was published.
CREATE TRIGGER "Attachment_statement_search_update" AFTER UPDATE OF "text", "position", "statementId" ON "Attachment"
WHEN OLD."statementId" IS NOT NULL OR NEW."statementId" IS NOT NULL BEGIN
    DELETE FROM "StatementFileSearch" WHERE "attachmentId" = OLD."id";
    INSERT INTO "StatementFileSearch" ("rowid", "attachmentId", "consultationId", "body")
    SELECT k."number" * 4294967296 + NEW."position", NEW."id", NEW."consultationId", NEW."text"
    FROM "Consultation" k
    WHERE k."id" = NEW."consultationId" AND NEW."statementId" IS NOT NULL AND NEW."text" IS NOT NULL
      AND EXISTS (SELECT 1 FROM "StatementRevisionAttachment" r WHERE r."attachmentId" = NEW."id");
END;

CREATE TRIGGER "Attachment_statement_search_delete" AFTER DELETE ON "Attachment"
WHEN OLD."statementId" IS NOT NULL BEGIN
    DELETE FROM "StatementFileSearch" WHERE "attachmentId" = OLD."id";
END;

-- Files already published before this migration.
INSERT INTO "StatementFileSearch" ("rowid", "attachmentId", "consultationId", "body")
SELECT k."number" * 4294967296 + a."position", a."id", a."consultationId", a."text"
FROM "Attachment" a JOIN "Consultation" k ON k."id" = a."consultationId"
WHERE a."statementId" IS NOT NULL AND a."text" IS NOT NULL
  AND EXISTS (SELECT 1 FROM "StatementRevisionAttachment" r WHERE r."attachmentId" = a."id");
