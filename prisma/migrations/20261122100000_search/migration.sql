-- Full-text search over consultations and their visible comments (SQLite FTS5).
--
-- This file and app/services/search.server.ts are the only places that know about FTS5; a
-- PostgreSQL backend would provide the same API with tsvector columns instead.
--
-- Tokenizer: unicode61 with diacritics folded ("Léa" finds "Lea"), with the Porter stemmer on
-- top ("rollovers" finds "rollover"): the plans and comments are written in English.
--
-- Row ids are stable keys we choose, so the triggers update one row by id, never by a scan:
--   ConsultationSearch.rowid = Consultation.number (unique, never reused)
--   CommentSearch.rowid      = Consultation.number * 2^32 + Comment.seq (unique per comment)
--
-- The triggers below keep both tables in sync, so no application code has to remember to.
-- NOTE: a future migration that rebuilds the Consultation, PlanVersion or Comment table (Prisma's
-- "RedefineTables" for some column changes in SQLite) drops these triggers with the table: it
-- must recreate them and call the rebuild (see rebuildSearchIndex() in search.server.ts).

CREATE VIRTUAL TABLE "ConsultationSearch" USING fts5(
    "consultationId" UNINDEXED,
    "title",
    "body",
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE VIRTUAL TABLE "CommentSearch" USING fts5(
    "commentId" UNINDEXED,
    "consultationId" UNINDEXED,
    "body",
    tokenize = 'porter unicode61 remove_diacritics 2'
);

-- ------------------------------------------------------------------ consultations
-- Indexed text: the title, then the summary and the latest plan version's markdown.

CREATE TRIGGER "Consultation_search_insert" AFTER INSERT ON "Consultation" BEGIN
    INSERT INTO "ConsultationSearch" ("rowid", "consultationId", "title", "body")
    VALUES (NEW."number", NEW."id", NEW."title", NEW."summary" || char(10) || coalesce(
        (SELECT p."bodyMd" FROM "PlanVersion" p WHERE p."consultationId" = NEW."id" ORDER BY p."number" DESC LIMIT 1), ''));
END;

CREATE TRIGGER "Consultation_search_update" AFTER UPDATE OF "title", "summary", "number", "id" ON "Consultation" BEGIN
    DELETE FROM "ConsultationSearch" WHERE "rowid" = OLD."number";
    INSERT INTO "ConsultationSearch" ("rowid", "consultationId", "title", "body")
    VALUES (NEW."number", NEW."id", NEW."title", NEW."summary" || char(10) || coalesce(
        (SELECT p."bodyMd" FROM "PlanVersion" p WHERE p."consultationId" = NEW."id" ORDER BY p."number" DESC LIMIT 1), ''));
END;

-- The comments' keys contain the consultation number: re-key them if it ever changes.
CREATE TRIGGER "Consultation_search_renumber" AFTER UPDATE OF "number" ON "Consultation"
WHEN OLD."number" <> NEW."number" BEGIN
    DELETE FROM "CommentSearch" WHERE "consultationId" = OLD."id";
    INSERT INTO "CommentSearch" ("rowid", "commentId", "consultationId", "body")
    SELECT NEW."number" * 4294967296 + c."seq", c."id", c."consultationId", c."bodyMd"
    FROM "Comment" c
    WHERE c."consultationId" = NEW."id" AND c."hiddenAt" IS NULL AND c."withdrawnAt" IS NULL;
END;

CREATE TRIGGER "Consultation_search_delete" AFTER DELETE ON "Consultation" BEGIN
    DELETE FROM "ConsultationSearch" WHERE "rowid" = OLD."number";
    DELETE FROM "CommentSearch" WHERE "consultationId" = OLD."id";
END;

-- A new or edited plan version changes the indexed body (the latest version counts).

CREATE TRIGGER "PlanVersion_search_insert" AFTER INSERT ON "PlanVersion" BEGIN
    DELETE FROM "ConsultationSearch" WHERE "rowid" = (SELECT "number" FROM "Consultation" WHERE "id" = NEW."consultationId");
    INSERT INTO "ConsultationSearch" ("rowid", "consultationId", "title", "body")
    SELECT c."number", c."id", c."title", c."summary" || char(10) || coalesce(
        (SELECT p."bodyMd" FROM "PlanVersion" p WHERE p."consultationId" = c."id" ORDER BY p."number" DESC LIMIT 1), '')
    FROM "Consultation" c WHERE c."id" = NEW."consultationId";
END;

CREATE TRIGGER "PlanVersion_search_update" AFTER UPDATE OF "bodyMd", "number", "consultationId" ON "PlanVersion" BEGIN
    DELETE FROM "ConsultationSearch" WHERE "rowid" IN (SELECT "number" FROM "Consultation" WHERE "id" IN (OLD."consultationId", NEW."consultationId"));
    INSERT INTO "ConsultationSearch" ("rowid", "consultationId", "title", "body")
    SELECT c."number", c."id", c."title", c."summary" || char(10) || coalesce(
        (SELECT p."bodyMd" FROM "PlanVersion" p WHERE p."consultationId" = c."id" ORDER BY p."number" DESC LIMIT 1), '')
    FROM "Consultation" c WHERE c."id" IN (OLD."consultationId", NEW."consultationId");
END;

CREATE TRIGGER "PlanVersion_search_delete" AFTER DELETE ON "PlanVersion" BEGIN
    DELETE FROM "ConsultationSearch" WHERE "rowid" = (SELECT "number" FROM "Consultation" WHERE "id" = OLD."consultationId");
    INSERT INTO "ConsultationSearch" ("rowid", "consultationId", "title", "body")
    SELECT c."number", c."id", c."title", c."summary" || char(10) || coalesce(
        (SELECT p."bodyMd" FROM "PlanVersion" p WHERE p."consultationId" = c."id" ORDER BY p."number" DESC LIMIT 1), '')
    FROM "Consultation" c WHERE c."id" = OLD."consultationId";
END;

-- ------------------------------------------------------------------ comments
-- Only visible comments are indexed: hiding or withdrawing a comment takes it out of search,
-- restoring it puts it back, editing it re-indexes the new text.

CREATE TRIGGER "Comment_search_insert" AFTER INSERT ON "Comment"
WHEN NEW."hiddenAt" IS NULL AND NEW."withdrawnAt" IS NULL BEGIN
    INSERT INTO "CommentSearch" ("rowid", "commentId", "consultationId", "body")
    SELECT c."number" * 4294967296 + NEW."seq", NEW."id", NEW."consultationId", NEW."bodyMd"
    FROM "Consultation" c WHERE c."id" = NEW."consultationId";
END;

CREATE TRIGGER "Comment_search_update" AFTER UPDATE OF "bodyMd", "hiddenAt", "withdrawnAt", "seq", "consultationId" ON "Comment" BEGIN
    DELETE FROM "CommentSearch" WHERE "rowid" =
        (SELECT c."number" * 4294967296 + OLD."seq" FROM "Consultation" c WHERE c."id" = OLD."consultationId");
    INSERT INTO "CommentSearch" ("rowid", "commentId", "consultationId", "body")
    SELECT c."number" * 4294967296 + NEW."seq", NEW."id", NEW."consultationId", NEW."bodyMd"
    FROM "Consultation" c
    WHERE c."id" = NEW."consultationId" AND NEW."hiddenAt" IS NULL AND NEW."withdrawnAt" IS NULL;
END;

CREATE TRIGGER "Comment_search_delete" AFTER DELETE ON "Comment" BEGIN
    DELETE FROM "CommentSearch" WHERE "rowid" =
        (SELECT c."number" * 4294967296 + OLD."seq" FROM "Consultation" c WHERE c."id" = OLD."consultationId");
END;

-- ------------------------------------------------------------------ backfill

INSERT INTO "ConsultationSearch" ("rowid", "consultationId", "title", "body")
SELECT c."number", c."id", c."title", c."summary" || char(10) || coalesce(
    (SELECT p."bodyMd" FROM "PlanVersion" p WHERE p."consultationId" = c."id" ORDER BY p."number" DESC LIMIT 1), '')
FROM "Consultation" c;

INSERT INTO "CommentSearch" ("rowid", "commentId", "consultationId", "body")
SELECT c."number" * 4294967296 + m."seq", m."id", m."consultationId", m."bodyMd"
FROM "Comment" m JOIN "Consultation" c ON c."id" = m."consultationId"
WHERE m."hiddenAt" IS NULL AND m."withdrawnAt" IS NULL;
