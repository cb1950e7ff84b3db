-- Attachments on comments: the files' records, their bytes when the database is the store, the
-- search index over their extracted text, and the page-generation counter (decision 029).

-- CreateTable
CREATE TABLE "Attachment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "commentId" TEXT NOT NULL,
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
    CONSTRAINT "Attachment_consultationId_fkey" FOREIGN KEY ("consultationId") REFERENCES "Consultation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Attachment_uploaderId_fkey" FOREIGN KEY ("uploaderId") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "StoredFile" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "data" BLOB NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE UNIQUE INDEX "Attachment_storageKey_key" ON "Attachment"("storageKey");

-- CreateIndex
CREATE INDEX "Attachment_consultationId_idx" ON "Attachment"("consultationId");

-- CreateIndex
CREATE INDEX "Attachment_uploaderId_createdAt_idx" ON "Attachment"("uploaderId", "createdAt");

-- CreateIndex
CREATE INDEX "Attachment_textStatus_idx" ON "Attachment"("textStatus");

-- CreateIndex
CREATE UNIQUE INDEX "Attachment_commentId_position_key" ON "Attachment"("commentId", "position");


-- ------------------------------------------------------------------ search over attachment text
-- Like CommentSearch (20261122100000_search): only the text of attachments whose comment is
-- visible is indexed, and triggers keep it so. Row ids are stable keys:
--   AttachmentSearch.rowid = (Consultation.number * 2^32 + Comment.seq) * 8 + Attachment.position
-- (a comment has at most 5 attachments, so positions fit in three bits).

CREATE VIRTUAL TABLE "AttachmentSearch" USING fts5(
    "attachmentId" UNINDEXED,
    "commentId" UNINDEXED,
    "consultationId" UNINDEXED,
    "body",
    tokenize = 'porter unicode61 remove_diacritics 2'
);

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

-- Hiding, withdrawing or restoring a comment takes its attachments out of search or puts them back.
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
