-- The themes' names and summaries of a statement translation (decision 048), by their place in
-- the revision's content; "[]" for a translation without them. Added in place (not by copying the
-- table, which would drop its PageGeneration triggers).

-- AlterTable
ALTER TABLE "StatementTranslation" ADD COLUMN "themesJson" TEXT NOT NULL DEFAULT '[]';
