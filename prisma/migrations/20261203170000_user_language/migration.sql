-- The interface language a signed-in person chose with the language switcher (null: none chosen,
-- the page follows the browser).

-- AlterTable
ALTER TABLE "User" ADD COLUMN "language" TEXT;
