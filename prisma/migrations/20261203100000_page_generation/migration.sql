-- The generation of everything public pages show: one counter, moved by every write to a table
-- that a page reads (not sessions, rate limits, mail, events or jobs), so each server process can
-- tell in one cheap query whether its cache of anonymous pages is still current
-- (app/services/page-generation.server.ts). It is not in schema.prisma, like the search tables.
CREATE TABLE "PageGeneration" (
    "id" INTEGER NOT NULL PRIMARY KEY CHECK ("id" = 1),
    "value" INTEGER NOT NULL
);
INSERT INTO "PageGeneration" ("id", "value") VALUES (1, 0);

CREATE TRIGGER "PageGeneration_User_insert" AFTER INSERT ON "User" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_User_update" AFTER UPDATE ON "User" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_User_delete" AFTER DELETE ON "User" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_UserRole_insert" AFTER INSERT ON "UserRole" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_UserRole_update" AFTER UPDATE ON "UserRole" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_UserRole_delete" AFTER DELETE ON "UserRole" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_Setting_insert" AFTER INSERT ON "Setting" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_Setting_update" AFTER UPDATE ON "Setting" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_Setting_delete" AFTER DELETE ON "Setting" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_Organisation_insert" AFTER INSERT ON "Organisation" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_Organisation_update" AFTER UPDATE ON "Organisation" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_Organisation_delete" AFTER DELETE ON "Organisation" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_Tld_insert" AFTER INSERT ON "Tld" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_Tld_update" AFTER UPDATE ON "Tld" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_Tld_delete" AFTER DELETE ON "Tld" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_Membership_insert" AFTER INSERT ON "Membership" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_Membership_update" AFTER UPDATE ON "Membership" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_Membership_delete" AFTER DELETE ON "Membership" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_Consultation_insert" AFTER INSERT ON "Consultation" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_Consultation_update" AFTER UPDATE ON "Consultation" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_Consultation_delete" AFTER DELETE ON "Consultation" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_PlanVersion_insert" AFTER INSERT ON "PlanVersion" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_PlanVersion_update" AFTER UPDATE ON "PlanVersion" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_PlanVersion_delete" AFTER DELETE ON "PlanVersion" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_ClosingExtension_insert" AFTER INSERT ON "ClosingExtension" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_ClosingExtension_update" AFTER UPDATE ON "ClosingExtension" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_ClosingExtension_delete" AFTER DELETE ON "ClosingExtension" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_Comment_insert" AFTER INSERT ON "Comment" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_Comment_update" AFTER UPDATE ON "Comment" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_Comment_delete" AFTER DELETE ON "Comment" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_CommentRevision_insert" AFTER INSERT ON "CommentRevision" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_CommentRevision_update" AFTER UPDATE ON "CommentRevision" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_CommentRevision_delete" AFTER DELETE ON "CommentRevision" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_DugSeat_insert" AFTER INSERT ON "DugSeat" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_DugSeat_update" AFTER UPDATE ON "DugSeat" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_DugSeat_delete" AFTER DELETE ON "DugSeat" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_DugReview_insert" AFTER INSERT ON "DugReview" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_DugReview_update" AFTER UPDATE ON "DugReview" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_DugReview_delete" AFTER DELETE ON "DugReview" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_DugPosition_insert" AFTER INSERT ON "DugPosition" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_DugPosition_update" AFTER UPDATE ON "DugPosition" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_DugPosition_delete" AFTER DELETE ON "DugPosition" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_DugAdvice_insert" AFTER INSERT ON "DugAdvice" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_DugAdvice_update" AFTER UPDATE ON "DugAdvice" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_DugAdvice_delete" AFTER DELETE ON "DugAdvice" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_Statement_insert" AFTER INSERT ON "Statement" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_Statement_update" AFTER UPDATE ON "Statement" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_Statement_delete" AFTER DELETE ON "Statement" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_StatementRevision_insert" AFTER INSERT ON "StatementRevision" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_StatementRevision_update" AFTER UPDATE ON "StatementRevision" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_StatementRevision_delete" AFTER DELETE ON "StatementRevision" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_Theme_insert" AFTER INSERT ON "Theme" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_Theme_update" AFTER UPDATE ON "Theme" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_Theme_delete" AFTER DELETE ON "Theme" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_CommentTheme_insert" AFTER INSERT ON "CommentTheme" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_CommentTheme_update" AFTER UPDATE ON "CommentTheme" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_CommentTheme_delete" AFTER DELETE ON "CommentTheme" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_Disposition_insert" AFTER INSERT ON "Disposition" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_Disposition_update" AFTER UPDATE ON "Disposition" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_Disposition_delete" AFTER DELETE ON "Disposition" BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_AuditEvent_insert" AFTER INSERT ON "AuditEvent" WHEN NEW."isPublic" = 1 BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_AuditEvent_update" AFTER UPDATE ON "AuditEvent" WHEN NEW."isPublic" = 1 BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
CREATE TRIGGER "PageGeneration_AuditEvent_delete" AFTER DELETE ON "AuditEvent" WHEN OLD."isPublic" = 1 BEGIN UPDATE "PageGeneration" SET "value" = "value" + 1 WHERE "id" = 1; END;
