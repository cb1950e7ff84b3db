-- Full-text search on PostgreSQL: the same five indexes as SQLite's FTS5 tables (prisma/migrations/
-- …_search, …_attachments, …_statement_file_search, …_plan_translations), with the same content,
-- kept in sync by triggers on the same source tables, and queried by app/services/search.server.ts.
-- Written by hand, like SQLite's; not in schema.prisma (test/integration/postgres-schema.test.ts
-- drops these objects before comparing schemas; they are tested in app/services/search.server.test.ts).
--
-- Words: what is not a letter or digit (in Unicode, whatever the database's locale: ICU's classes)
-- separates words, as FTS5's unicode61 tokenizer does, so "ksk-2024" and "example.org" are two
-- words each. Combining accents (and Arabic vowel marks) are dropped, letters are lowered with ICU,
-- accents are folded by unaccent and words are stemmed in English (Snowball, no stop words), as
-- FTS5's `porter unicode61 remove_diacritics 2` does.
--
--   ConsultationSearch(consultationId, title (weight A), body: summary + newest plan)  key = Consultation.number
--   PlanTranslationSearch(consultationId, language, body)       key = Consultation.number * 8 + the language's place
--   CommentSearch(commentId, consultationId, body)              key = Consultation.number * 2^32 + Comment.seq
--   AttachmentSearch(attachmentId, commentId, consultationId, body)   key = (that comment key) * 8 + position
--   StatementFileSearch(attachmentId, consultationId, body)     key = Consultation.number * 2^32 + position
--
-- The keys are SQLite's row ids: the order of equally ranked hits.

CREATE EXTENSION IF NOT EXISTS unaccent;

CREATE TEXT SEARCH DICTIONARY "search_stem" (TEMPLATE = snowball, Language = english);
CREATE TEXT SEARCH CONFIGURATION "search" (COPY = simple);
ALTER TEXT SEARCH CONFIGURATION "search"
    ALTER MAPPING FOR asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part, hword_numpart
    WITH unaccent, "search_stem";

-- Text as the index and the queries see it: words of letters and digits, lowered, one space apart.
CREATE FUNCTION "search_text"(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN lower(regexp_replace(
    regexp_replace(coalesce(t, '') COLLATE "und-x-icu", '[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7\u06e8\u06ea-\u06ed]', '', 'g'),
    '[^[:alnum:]]+', ' ', 'g'));

-- The tsvector of a text. PostgreSQL refuses a tsvector over 1 MB: a text that would make one
-- (megabytes of words) is indexed by its longest beginning, halved until it fits, that does not.
CREATE FUNCTION "search_vector"(t text) RETURNS tsvector LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  n int := length(t);
BEGIN
  LOOP
    BEGIN
      RETURN to_tsvector('search', search_text(left(t, n)));
    EXCEPTION WHEN program_limit_exceeded THEN
      n := n / 2;
    END;
  END LOOP;
END;
$$;

-- What a user typed, as phrases (a JSON array of strings, each a word or the words of a phrase,
-- made by search.server.ts): all of them must match, each phrase's words one after the other.
-- Text becomes lexemes through phraseto_tsquery, never through tsquery syntax: no input can
-- raise a syntax error. Null when no phrase has a word left.
CREATE FUNCTION "search_query"(phrases jsonb) RETURNS tsquery LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  q tsquery;
  p text;
  t tsquery;
BEGIN
  FOR p IN SELECT jsonb_array_elements_text(CASE WHEN jsonb_typeof(phrases) = 'array' THEN phrases ELSE '[]'::jsonb END) LOOP
    t := phraseto_tsquery('search', search_text(p));
    CONTINUE WHEN numnode(t) = 0;
    q := CASE WHEN q IS NULL THEN t ELSE q && t END;
  END LOOP;
  RETURN q;
END;
$$;

-- A highlighted extract of `doc` around the words of `query`: at most 24 words, each match between
-- the markers U+0002 and U+0003 (which search.server.ts turns into <mark> after escaping), "…"
-- where the text goes on. ts_headline is given the text lowered by ICU (the database's own
-- lowering may know only ASCII), with U+0001 around every run of non-word characters so that its
-- parser splits words as search_text does; its extract is then mapped back onto the text as written.
CREATE FUNCTION "search_headline"(doc text, query tsquery) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN replace(
    ts_headline('search', regexp_replace(doc COLLATE "und-x-icu", '([^[:alnum:]]+)', E'\x01\\1\x01', 'g'), query,
                E'StartSel=\x02, StopSel=\x03, MaxWords=24, MinWords=20, ShortWord=0, MaxFragments=1'),
    E'\x01', '');

CREATE FUNCTION "search_snippet"(doc text, query tsquery) RETURNS text LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
  clean text := regexp_replace(coalesce(doc, ''), '[\x01-\x03]', '', 'g');
  lowered text := lower(clean COLLATE "und-x-icu");
  h text;
  plain text;
  at int := 0;
  taken int := 0;
  before text;
  after text;
  piece text;
  written text := '';
BEGIN
  IF clean = '' OR query IS NULL THEN
    RETURN '';
  END IF;
  IF length(lowered) = length(clean) THEN
    h := search_headline(lowered, query);
    plain := replace(replace(h, E'\x02', ''), E'\x03', '');
    at := strpos(lowered, plain);
  END IF;
  IF at > 0 THEN
    FOR piece IN SELECT m[1] FROM regexp_matches(h, E'([\x02\x03]|[^\x02\x03]+)', 'g') AS m LOOP
      IF piece IN (E'\x02', E'\x03') THEN
        written := written || piece;
      ELSE
        written := written || substr(clean, at + taken, length(piece));
        taken := taken + length(piece);
      END IF;
    END LOOP;
    h := written;
  ELSE
    -- A text whose lowering changes its length (rare letters): highlighted as written.
    h := search_headline(clean, query);
    plain := replace(replace(h, E'\x02', ''), E'\x03', '');
    at := strpos(clean, plain);
  END IF;
  IF at = 0 THEN
    RETURN h;
  END IF;
  -- "…" where words come before or after the extract; else what is there (punctuation, markup),
  -- as FTS5 shows a text's beginning and end.
  before := left(clean, at - 1);
  after := substr(clean, at + length(plain));
  RETURN CASE WHEN before COLLATE "und-x-icu" ~ '[[:alnum:]]' THEN '…' ELSE before END
      || h
      || CASE WHEN after COLLATE "und-x-icu" ~ '[[:alnum:]]' THEN '…' ELSE after END;
END;
$$;

-- ------------------------------------------------------------------ the indexes

CREATE TABLE "ConsultationSearch" (
    "consultationId" TEXT NOT NULL PRIMARY KEY,
    "key" BIGINT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "document" tsvector GENERATED ALWAYS AS (setweight(search_vector("title"), 'A') || search_vector("body")) STORED
);
CREATE INDEX "ConsultationSearch_document_idx" ON "ConsultationSearch" USING gin ("document");

CREATE TABLE "PlanTranslationSearch" (
    "consultationId" TEXT NOT NULL,
    "language" TEXT NOT NULL,
    "key" BIGINT NOT NULL,
    "body" TEXT NOT NULL,
    "document" tsvector GENERATED ALWAYS AS (search_vector("body")) STORED,
    PRIMARY KEY ("consultationId", "language")
);
CREATE INDEX "PlanTranslationSearch_document_idx" ON "PlanTranslationSearch" USING gin ("document");

CREATE TABLE "CommentSearch" (
    "commentId" TEXT NOT NULL PRIMARY KEY,
    "consultationId" TEXT NOT NULL,
    "key" BIGINT NOT NULL,
    "body" TEXT NOT NULL,
    "document" tsvector GENERATED ALWAYS AS (search_vector("body")) STORED
);
CREATE INDEX "CommentSearch_consultationId_idx" ON "CommentSearch" ("consultationId");
CREATE INDEX "CommentSearch_document_idx" ON "CommentSearch" USING gin ("document");

CREATE TABLE "AttachmentSearch" (
    "attachmentId" TEXT NOT NULL PRIMARY KEY,
    "commentId" TEXT NOT NULL,
    "consultationId" TEXT NOT NULL,
    "key" BIGINT NOT NULL,
    "body" TEXT NOT NULL,
    "document" tsvector GENERATED ALWAYS AS (search_vector("body")) STORED
);
CREATE INDEX "AttachmentSearch_commentId_idx" ON "AttachmentSearch" ("commentId");
CREATE INDEX "AttachmentSearch_consultationId_idx" ON "AttachmentSearch" ("consultationId");
CREATE INDEX "AttachmentSearch_document_idx" ON "AttachmentSearch" USING gin ("document");

CREATE TABLE "StatementFileSearch" (
    "attachmentId" TEXT NOT NULL PRIMARY KEY,
    "consultationId" TEXT NOT NULL,
    "key" BIGINT NOT NULL,
    "body" TEXT NOT NULL,
    "document" tsvector GENERATED ALWAYS AS (search_vector("body")) STORED
);
CREATE INDEX "StatementFileSearch_consultationId_idx" ON "StatementFileSearch" ("consultationId");
CREATE INDEX "StatementFileSearch_document_idx" ON "StatementFileSearch" USING gin ("document");

-- ------------------------------------------------------------------ writing one entry
-- Each function makes an entry what the tables say now: removed, or written again (an upsert, so
-- two transactions refreshing the same entry never collide).

-- The title, then the summary and the latest plan version's markdown.
CREATE FUNCTION "search_refresh_consultation"(cid text) RETURNS void LANGUAGE sql AS $$
  DELETE FROM "ConsultationSearch" WHERE "consultationId" = cid;
  INSERT INTO "ConsultationSearch" ("consultationId", "key", "title", "body")
  SELECT c."id", c."number", c."title", c."summary" || chr(10) || coalesce(
      (SELECT p."bodyMd" FROM "PlanVersion" p WHERE p."consultationId" = c."id" ORDER BY p."number" DESC LIMIT 1), '')
    FROM "Consultation" c WHERE c."id" = cid
  ON CONFLICT ("consultationId") DO UPDATE SET "key" = EXCLUDED."key", "title" = EXCLUDED."title", "body" = EXCLUDED."body";
$$;

-- For each language, the newest revision of the translation of the newest version that has one.
CREATE FUNCTION "search_refresh_translations"(cid text) RETURNS void LANGUAGE sql AS $$
  DELETE FROM "PlanTranslationSearch" WHERE "consultationId" = cid;
  INSERT INTO "PlanTranslationSearch" ("consultationId", "language", "key", "body")
  SELECT DISTINCT ON (t."language") k."id", t."language", k."number"::bigint * 8 + strpos('ar es fr ru zh', t."language") / 3 + 1, t."bodyMd"
    FROM "PlanTranslation" t JOIN "PlanVersion" v ON v."id" = t."planVersionId" JOIN "Consultation" k ON k."id" = v."consultationId"
   WHERE k."id" = cid
   ORDER BY t."language", v."number" DESC, t."revision" DESC
  ON CONFLICT ("consultationId", "language") DO UPDATE SET "key" = EXCLUDED."key", "body" = EXCLUDED."body";
$$;

-- Only visible comments are indexed.
CREATE FUNCTION "search_refresh_comment"(mid text) RETURNS void LANGUAGE sql AS $$
  DELETE FROM "CommentSearch" WHERE "commentId" = mid;
  INSERT INTO "CommentSearch" ("commentId", "consultationId", "key", "body")
  SELECT m."id", m."consultationId", c."number"::bigint * 4294967296 + m."seq", m."bodyMd"
    FROM "Comment" m JOIN "Consultation" c ON c."id" = m."consultationId"
   WHERE m."id" = mid AND m."hiddenAt" IS NULL AND m."withdrawnAt" IS NULL
  ON CONFLICT ("commentId") DO UPDATE SET "consultationId" = EXCLUDED."consultationId", "key" = EXCLUDED."key", "body" = EXCLUDED."body";
$$;

-- The text of a file of a visible comment.
CREATE FUNCTION "search_refresh_attachment"(aid text) RETURNS void LANGUAGE sql AS $$
  DELETE FROM "AttachmentSearch" WHERE "attachmentId" = aid;
  INSERT INTO "AttachmentSearch" ("attachmentId", "commentId", "consultationId", "key", "body")
  SELECT a."id", a."commentId", a."consultationId", (k."number"::bigint * 4294967296 + m."seq") * 8 + a."position", a."text"
    FROM "Attachment" a JOIN "Comment" m ON m."id" = a."commentId" JOIN "Consultation" k ON k."id" = m."consultationId"
   WHERE a."id" = aid AND a."text" IS NOT NULL AND m."hiddenAt" IS NULL AND m."withdrawnAt" IS NULL
  ON CONFLICT ("attachmentId") DO UPDATE SET "commentId" = EXCLUDED."commentId", "consultationId" = EXCLUDED."consultationId", "key" = EXCLUDED."key", "body" = EXCLUDED."body";
$$;

-- The text of a file of the final statement that a published revision lists (it stays indexed
-- when taken off the draft: the revision that froze it keeps it public).
CREATE FUNCTION "search_refresh_statement_file"(aid text) RETURNS void LANGUAGE sql AS $$
  DELETE FROM "StatementFileSearch" WHERE "attachmentId" = aid;
  INSERT INTO "StatementFileSearch" ("attachmentId", "consultationId", "key", "body")
  SELECT a."id", a."consultationId", k."number"::bigint * 4294967296 + a."position", a."text"
    FROM "Attachment" a JOIN "Consultation" k ON k."id" = a."consultationId"
   WHERE a."id" = aid AND a."statementId" IS NOT NULL AND a."text" IS NOT NULL
     AND EXISTS (SELECT 1 FROM "StatementRevisionAttachment" r WHERE r."attachmentId" = a."id")
  ON CONFLICT ("attachmentId") DO UPDATE SET "consultationId" = EXCLUDED."consultationId", "key" = EXCLUDED."key", "body" = EXCLUDED."body";
$$;

-- ------------------------------------------------------------------ triggers

CREATE FUNCTION "search_consultation_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  m text;
  a text;
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM "ConsultationSearch" WHERE "consultationId" = OLD."id";
    DELETE FROM "PlanTranslationSearch" WHERE "consultationId" = OLD."id";
    DELETE FROM "CommentSearch" WHERE "consultationId" = OLD."id";
    DELETE FROM "AttachmentSearch" WHERE "consultationId" = OLD."id";
    DELETE FROM "StatementFileSearch" WHERE "consultationId" = OLD."id";
    RETURN NULL;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD."id" <> NEW."id" THEN
    PERFORM search_refresh_consultation(OLD."id");
  END IF;
  PERFORM search_refresh_consultation(NEW."id");
  -- The other keys contain the consultation number: written again if it ever changes.
  IF TG_OP = 'UPDATE' AND OLD."number" <> NEW."number" THEN
    PERFORM search_refresh_translations(NEW."id");
    FOR m IN SELECT "id" FROM "Comment" WHERE "consultationId" = NEW."id" LOOP
      PERFORM search_refresh_comment(m);
    END LOOP;
    FOR a IN SELECT "id" FROM "Attachment" WHERE "consultationId" = NEW."id" LOOP
      PERFORM search_refresh_attachment(a);
      PERFORM search_refresh_statement_file(a);
    END LOOP;
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Consultation_search" AFTER INSERT OR DELETE OR UPDATE OF "title", "summary", "number", "id" ON "Consultation"
FOR EACH ROW EXECUTE FUNCTION "search_consultation_changed"();

-- A new, edited or deleted plan version changes the indexed body (the latest version counts) and
-- which translation is the newest.
CREATE FUNCTION "search_plan_version_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM search_refresh_consultation(OLD."consultationId");
    PERFORM search_refresh_translations(OLD."consultationId");
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM search_refresh_consultation(NEW."consultationId");
    PERFORM search_refresh_translations(NEW."consultationId");
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "PlanVersion_search" AFTER INSERT OR DELETE OR UPDATE OF "bodyMd", "number", "consultationId" ON "PlanVersion"
FOR EACH ROW EXECUTE FUNCTION "search_plan_version_changed"();

CREATE FUNCTION "search_plan_translation_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM search_refresh_translations(v."consultationId") FROM "PlanVersion" v WHERE v."id" = OLD."planVersionId";
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM search_refresh_translations(v."consultationId") FROM "PlanVersion" v WHERE v."id" = NEW."planVersionId";
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "PlanTranslation_search" AFTER INSERT OR DELETE OR UPDATE OF "bodyMd", "language", "revision", "planVersionId" ON "PlanTranslation"
FOR EACH ROW EXECUTE FUNCTION "search_plan_translation_changed"();

-- Hiding or withdrawing a comment takes it and its files out of search, restoring it puts them
-- back, editing it indexes the new text.
CREATE FUNCTION "search_comment_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  a text;
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM "CommentSearch" WHERE "commentId" = OLD."id";
    DELETE FROM "AttachmentSearch" WHERE "commentId" = OLD."id";
    RETURN NULL;
  END IF;
  PERFORM search_refresh_comment(NEW."id");
  IF TG_OP = 'UPDATE' THEN
    FOR a IN SELECT "id" FROM "Attachment" WHERE "commentId" = NEW."id" LOOP
      PERFORM search_refresh_attachment(a);
    END LOOP;
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Comment_search" AFTER INSERT OR DELETE OR UPDATE OF "bodyMd", "hiddenAt", "withdrawnAt", "seq", "consultationId" ON "Comment"
FOR EACH ROW EXECUTE FUNCTION "search_comment_changed"();

-- The worker extracts (or extracts again) a file's text after it was uploaded or published.
CREATE FUNCTION "search_attachment_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    DELETE FROM "AttachmentSearch" WHERE "attachmentId" = OLD."id";
    DELETE FROM "StatementFileSearch" WHERE "attachmentId" = OLD."id";
    RETURN NULL;
  END IF;
  PERFORM search_refresh_attachment(NEW."id");
  PERFORM search_refresh_statement_file(NEW."id");
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Attachment_search" AFTER INSERT OR DELETE OR UPDATE OF "text", "position", "commentId", "statementId" ON "Attachment"
FOR EACH ROW EXECUTE FUNCTION "search_attachment_changed"();

-- A revision publishes a file; a file no revision lists any more leaves search.
CREATE FUNCTION "search_statement_revision_attachment_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM search_refresh_statement_file(OLD."attachmentId");
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM search_refresh_statement_file(NEW."attachmentId");
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "StatementRevisionAttachment_search" AFTER INSERT OR DELETE OR UPDATE ON "StatementRevisionAttachment"
FOR EACH ROW EXECUTE FUNCTION "search_statement_revision_attachment_changed"();

-- ------------------------------------------------------------------ what is already there

SELECT search_refresh_consultation("id"), search_refresh_translations("id") FROM "Consultation";
SELECT search_refresh_comment("id") FROM "Comment";
SELECT search_refresh_attachment("id"), search_refresh_statement_file("id") FROM "Attachment";
