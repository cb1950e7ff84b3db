-- Translations of a published statement revision's own texts (decision 048); English stays the
-- authoritative text.

-- CreateTable
CREATE TABLE "StatementTranslation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "statementRevisionId" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "introMd" TEXT NOT NULL,
    "introHtml" TEXT NOT NULL,
    "analysisMd" TEXT NOT NULL,
    "analysisHtml" TEXT NOT NULL,
    "nextStepsMd" TEXT NOT NULL,
    "nextStepsHtml" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "StatementTranslation_statementRevisionId_fkey" FOREIGN KEY ("statementRevisionId") REFERENCES "StatementRevision" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "StatementTranslation_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "StatementTranslation_statementRevisionId_language_revision_key" ON "StatementTranslation"("statementRevisionId", "language", "revision");

-- The statement page shows translations: a change moves the generation of public content (decision 029).
CREATE TRIGGER "PageGeneration_StatementTranslation_insert" AFTER INSERT ON "StatementTranslation" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_StatementTranslation_update" AFTER UPDATE ON "StatementTranslation" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_StatementTranslation_delete" AFTER DELETE ON "StatementTranslation" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
