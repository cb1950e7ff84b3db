-- The language an email-only follower used to follow (null: English, or followers from before
-- languages): their mails are written in it. A follower linked to a user reads the user's own
-- setting first.

-- AlterTable
ALTER TABLE "Follower" ADD COLUMN "language" TEXT;
