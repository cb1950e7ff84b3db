-- Every write to a table that public pages read (the tables of SQLite's PageGeneration triggers)
-- notifies the channel page_generation once per statement, whichever server or worker made it:
-- each server process listens and drops its cache of anonymous pages
-- (app/services/page-generation-postgres.server.ts). Written by hand, like SQLite's triggers; not in
-- schema.prisma.
CREATE FUNCTION "page_generation_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('page_generation', '');
  RETURN NULL;
END;
$$;

CREATE TRIGGER "PageGeneration_Attachment" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Attachment" FOR EACH STATEMENT EXECUTE FUNCTION "page_generation_notify"();
CREATE TRIGGER "PageGeneration_AuditEvent" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "AuditEvent" FOR EACH STATEMENT EXECUTE FUNCTION "page_generation_notify"();
CREATE TRIGGER "PageGeneration_ClosingExtension" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "ClosingExtension" FOR EACH STATEMENT EXECUTE FUNCTION "page_generation_notify"();
CREATE TRIGGER "PageGeneration_Comment" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Comment" FOR EACH STATEMENT EXECUTE FUNCTION "page_generation_notify"();
CREATE TRIGGER "PageGeneration_CommentByEmail" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "CommentByEmail" FOR EACH STATEMENT EXECUTE FUNCTION "page_generation_notify"();
CREATE TRIGGER "PageGeneration_CommentRevision" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "CommentRevision" FOR EACH STATEMENT EXECUTE FUNCTION "page_generation_notify"();
CREATE TRIGGER "PageGeneration_CommentTheme" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "CommentTheme" FOR EACH STATEMENT EXECUTE FUNCTION "page_generation_notify"();
CREATE TRIGGER "PageGeneration_Consultation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Consultation" FOR EACH STATEMENT EXECUTE FUNCTION "page_generation_notify"();
CREATE TRIGGER "PageGeneration_Disposition" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Disposition" FOR EACH STATEMENT EXECUTE FUNCTION "page_generation_notify"();
CREATE TRIGGER "PageGeneration_DugAdvice" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "DugAdvice" FOR EACH STATEMENT EXECUTE FUNCTION "page_generation_notify"();
CREATE TRIGGER "PageGeneration_DugPosition" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "DugPosition" FOR EACH STATEMENT EXECUTE FUNCTION "page_generation_notify"();
CREATE TRIGGER "PageGeneration_DugReview" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "DugReview" FOR EACH STATEMENT EXECUTE FUNCTION "page_generation_notify"();
CREATE TRIGGER "PageGeneration_DugSeat" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "DugSeat" FOR EACH STATEMENT EXECUTE FUNCTION "page_generation_notify"();
CREATE TRIGGER "PageGeneration_Membership" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Membership" FOR EACH STATEMENT EXECUTE FUNCTION "page_generation_notify"();
CREATE TRIGGER "PageGeneration_Organisation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Organisation" FOR EACH STATEMENT EXECUTE FUNCTION "page_generation_notify"();
CREATE TRIGGER "PageGeneration_PlanTranslation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "PlanTranslation" FOR EACH STATEMENT EXECUTE FUNCTION "page_generation_notify"();
CREATE TRIGGER "PageGeneration_PlanVersion" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "PlanVersion" FOR EACH STATEMENT EXECUTE FUNCTION "page_generation_notify"();
CREATE TRIGGER "PageGeneration_Setting" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Setting" FOR EACH STATEMENT EXECUTE FUNCTION "page_generation_notify"();
CREATE TRIGGER "PageGeneration_Statement" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Statement" FOR EACH STATEMENT EXECUTE FUNCTION "page_generation_notify"();
CREATE TRIGGER "PageGeneration_StatementRevision" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "StatementRevision" FOR EACH STATEMENT EXECUTE FUNCTION "page_generation_notify"();
CREATE TRIGGER "PageGeneration_StatementRevisionAttachment" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "StatementRevisionAttachment" FOR EACH STATEMENT EXECUTE FUNCTION "page_generation_notify"();
CREATE TRIGGER "PageGeneration_StatementTranslation" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "StatementTranslation" FOR EACH STATEMENT EXECUTE FUNCTION "page_generation_notify"();
CREATE TRIGGER "PageGeneration_Theme" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Theme" FOR EACH STATEMENT EXECUTE FUNCTION "page_generation_notify"();
CREATE TRIGGER "PageGeneration_Tld" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "Tld" FOR EACH STATEMENT EXECUTE FUNCTION "page_generation_notify"();
CREATE TRIGGER "PageGeneration_User" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "User" FOR EACH STATEMENT EXECUTE FUNCTION "page_generation_notify"();
CREATE TRIGGER "PageGeneration_UserRole" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "UserRole" FOR EACH STATEMENT EXECUTE FUNCTION "page_generation_notify"();
