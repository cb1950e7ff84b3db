-- Translations of published plan versions (English stays the authoritative text), and the
-- language each comment is written in (chosen in the form, else detected; null for comments
-- posted before this migration).

-- AlterTable
ALTER TABLE "Comment" ADD COLUMN "language" TEXT;

-- CreateTable
CREATE TABLE "PlanTranslation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "planVersionId" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "revision" INTEGER NOT NULL,
    "bodyMd" TEXT NOT NULL,
    "bodyHtml" TEXT NOT NULL,
    "headingsJson" TEXT NOT NULL DEFAULT '[]',
    "contentHash" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PlanTranslation_planVersionId_fkey" FOREIGN KEY ("planVersionId") REFERENCES "PlanVersion" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PlanTranslation_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "PlanTranslation_planVersionId_language_revision_key" ON "PlanTranslation"("planVersionId", "language", "revision");

-- Pages show translations: a change moves the generation of public content (decision 029).
CREATE TRIGGER "PageGeneration_PlanTranslation_insert" AFTER INSERT ON "PlanTranslation" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_PlanTranslation_update" AFTER UPDATE ON "PlanTranslation" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_PlanTranslation_delete" AFTER DELETE ON "PlanTranslation" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;

-- Search over the translations, like the plan text: for each consultation and language, the
-- newest revision of the translation of the newest version that has one in that language.
-- Row ids are stable keys (a language's place in ar, es, fr, ru, zh is 1 … 5):
--   PlanTranslationSearch.rowid = Consultation.number * 8 + that place
-- Translations are only ever inserted (a new revision) or deleted with their plan version.
CREATE VIRTUAL TABLE "PlanTranslationSearch" USING fts5(
    "consultationId" UNINDEXED,
    "language" UNINDEXED,
    "body",
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER "PlanTranslation_search_insert" AFTER INSERT ON "PlanTranslation" BEGIN
    DELETE FROM "PlanTranslationSearch" WHERE "rowid" = (
        SELECT k."number" * 8 + instr('ar es fr ru zh', NEW."language") / 3 + 1
        FROM "PlanVersion" v JOIN "Consultation" k ON k."id" = v."consultationId" WHERE v."id" = NEW."planVersionId");
    INSERT INTO "PlanTranslationSearch" ("rowid", "consultationId", "language", "body")
    SELECT k."number" * 8 + instr('ar es fr ru zh', t."language") / 3 + 1, k."id", t."language", t."bodyMd"
    FROM "PlanTranslation" t JOIN "PlanVersion" v ON v."id" = t."planVersionId" JOIN "Consultation" k ON k."id" = v."consultationId"
    WHERE t."language" = NEW."language"
      AND v."consultationId" = (SELECT "consultationId" FROM "PlanVersion" WHERE "id" = NEW."planVersionId")
    ORDER BY v."number" DESC, t."revision" DESC LIMIT 1;
END;

CREATE TRIGGER "PlanTranslation_search_delete" AFTER DELETE ON "PlanTranslation" BEGIN
    DELETE FROM "PlanTranslationSearch" WHERE "consultationId" = (SELECT "consultationId" FROM "PlanVersion" WHERE "id" = OLD."planVersionId")
        AND "language" = OLD."language";
    INSERT INTO "PlanTranslationSearch" ("rowid", "consultationId", "language", "body")
    SELECT k."number" * 8 + instr('ar es fr ru zh', t."language") / 3 + 1, k."id", t."language", t."bodyMd"
    FROM "PlanTranslation" t JOIN "PlanVersion" v ON v."id" = t."planVersionId" JOIN "Consultation" k ON k."id" = v."consultationId"
    WHERE t."language" = OLD."language"
      AND v."consultationId" = (SELECT "consultationId" FROM "PlanVersion" WHERE "id" = OLD."planVersionId")
    ORDER BY v."number" DESC, t."revision" DESC LIMIT 1;
END;

-- A consultation deleted with its versions (their translations cascade): nothing of it stays found.
CREATE TRIGGER "Consultation_translation_search_delete" AFTER DELETE ON "Consultation" BEGIN
    DELETE FROM "PlanTranslationSearch" WHERE "consultationId" = OLD."id";
END;
