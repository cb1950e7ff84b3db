-- Files of the final statement: an attachment belongs to a comment or to a statement (its draft
-- until detached), and each published revision records the files it froze. Rebuilding the
-- Attachment table drops its triggers: they are created again below, unchanged (search over the
-- text of comments' files, 20261203150000_attachments; the page-generation counter, decision 029).

-- The trigger on "Comment" reads "Attachment": dropped while that table is rebuilt.
DROP TRIGGER IF EXISTS "Comment_attachment_search_update";

-- CreateTable
CREATE TABLE "StatementRevisionAttachment" (
    "revisionId" TEXT NOT NULL,
    "attachmentId" TEXT NOT NULL,

    PRIMARY KEY ("revisionId", "attachmentId"),
    CONSTRAINT "StatementRevisionAttachment_revisionId_fkey" FOREIGN KEY ("revisionId") REFERENCES "StatementRevision" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "StatementRevisionAttachment_attachmentId_fkey" FOREIGN KEY ("attachmentId") REFERENCES "Attachment" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Attachment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "commentId" TEXT,
    "statementId" TEXT,
    "detachedAt" DATETIME,
    "consultationId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "fileName" TEXT NOT NULL,
    "mediaType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "storageKey" TEXT NOT NULL,
    "activeContent" BOOLEAN NOT NULL DEFAULT false,
    "uploaderId" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "textStatus" TEXT NOT NULL DEFAULT 'pending',
    "text" TEXT,
    "textNote" TEXT,
    "textAt" DATETIME,
    CONSTRAINT "Attachment_commentId_fkey" FOREIGN KEY ("commentId") REFERENCES "Comment" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Attachment_statementId_fkey" FOREIGN KEY ("statementId") REFERENCES "Statement" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Attachment_consultationId_fkey" FOREIGN KEY ("consultationId") REFERENCES "Consultation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Attachment_uploaderId_fkey" FOREIGN KEY ("uploaderId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);
INSERT INTO "new_Attachment" ("activeContent", "commentId", "consultationId", "createdAt", "fileName", "id", "mediaType", "position", "sha256", "size", "storageKey", "text", "textAt", "textNote", "textStatus", "uploaderId") SELECT "activeContent", "commentId", "consultationId", "createdAt", "fileName", "id", "mediaType", "position", "sha256", "size", "storageKey", "text", "textAt", "textNote", "textStatus", "uploaderId" FROM "Attachment";
DROP TABLE "Attachment";
ALTER TABLE "new_Attachment" RENAME TO "Attachment";
CREATE UNIQUE INDEX "Attachment_storageKey_key" ON "Attachment"("storageKey");
CREATE INDEX "Attachment_consultationId_idx" ON "Attachment"("consultationId");
CREATE INDEX "Attachment_uploaderId_createdAt_idx" ON "Attachment"("uploaderId", "createdAt");
CREATE INDEX "Attachment_textStatus_idx" ON "Attachment"("textStatus");
CREATE UNIQUE INDEX "Attachment_commentId_position_key" ON "Attachment"("commentId", "position");
CREATE UNIQUE INDEX "Attachment_statementId_position_key" ON "Attachment"("statementId", "position");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "StatementRevisionAttachment_attachmentId_idx" ON "StatementRevisionAttachment"("attachmentId");


-- ------------------------------------------------------------------ search over attachment text
-- As before: only files of visible comments are indexed (a statement's files have no comment row
-- to join, so they stay out of the index).

CREATE TRIGGER "Attachment_search_insert" AFTER INSERT ON "Attachment"
WHEN NEW."text" IS NOT NULL BEGIN
    INSERT INTO "AttachmentSearch" ("rowid", "attachmentId", "commentId", "consultationId", "body")
    SELECT (k."number" * 4294967296 + m."seq") * 8 + NEW."position", NEW."id", NEW."commentId", NEW."consultationId", NEW."text"
    FROM "Comment" m JOIN "Consultation" k ON k."id" = m."consultationId"
    WHERE m."id" = NEW."commentId" AND m."hiddenAt" IS NULL AND m."withdrawnAt" IS NULL;
END;

CREATE TRIGGER "Attachment_search_update" AFTER UPDATE OF "text", "position", "commentId" ON "Attachment" BEGIN
    DELETE FROM "AttachmentSearch" WHERE "rowid" =
        (SELECT (k."number" * 4294967296 + m."seq") * 8 + OLD."position"
         FROM "Comment" m JOIN "Consultation" k ON k."id" = m."consultationId" WHERE m."id" = OLD."commentId");
    INSERT INTO "AttachmentSearch" ("rowid", "attachmentId", "commentId", "consultationId", "body")
    SELECT (k."number" * 4294967296 + m."seq") * 8 + NEW."position", NEW."id", NEW."commentId", NEW."consultationId", NEW."text"
    FROM "Comment" m JOIN "Consultation" k ON k."id" = m."consultationId"
    WHERE m."id" = NEW."commentId" AND NEW."text" IS NOT NULL AND m."hiddenAt" IS NULL AND m."withdrawnAt" IS NULL;
END;

CREATE TRIGGER "Attachment_search_delete" AFTER DELETE ON "Attachment" BEGIN
    DELETE FROM "AttachmentSearch" WHERE "attachmentId" = OLD."id";
END;

CREATE TRIGGER "Comment_attachment_search_update" AFTER UPDATE OF "hiddenAt", "withdrawnAt" ON "Comment" BEGIN
    DELETE FROM "AttachmentSearch" WHERE "rowid" IN
        (SELECT (k."number" * 4294967296 + OLD."seq") * 8 + a."position"
         FROM "Attachment" a JOIN "Consultation" k ON k."id" = OLD."consultationId" WHERE a."commentId" = OLD."id");
    INSERT INTO "AttachmentSearch" ("rowid", "attachmentId", "commentId", "consultationId", "body")
    SELECT (k."number" * 4294967296 + NEW."seq") * 8 + a."position", a."id", a."commentId", a."consultationId", a."text"
    FROM "Attachment" a JOIN "Consultation" k ON k."id" = NEW."consultationId"
    WHERE a."commentId" = NEW."id" AND a."text" IS NOT NULL AND NEW."hiddenAt" IS NULL AND NEW."withdrawnAt" IS NULL;
END;

-- ------------------------------------------------------------------ page generation (decision 029)

CREATE TRIGGER "PageGeneration_Attachment_insert" AFTER INSERT ON "Attachment" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_Attachment_update" AFTER UPDATE ON "Attachment" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_Attachment_delete" AFTER DELETE ON "Attachment" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_StatementRevisionAttachment_insert" AFTER INSERT ON "StatementRevisionAttachment" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_StatementRevisionAttachment_update" AFTER UPDATE ON "StatementRevisionAttachment" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_StatementRevisionAttachment_delete" AFTER DELETE ON "StatementRevisionAttachment" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
