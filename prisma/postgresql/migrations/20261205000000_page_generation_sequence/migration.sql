-- The page generation as a number every process can ask for: each notifying statement also moves
-- a sequence (not transactional: no writer waits for another), so a request that follows a write
-- made through another server reads its new value and drops what was cached before it
-- (app/services/page-generation-postgres.server.ts), without waiting for the notification.
CREATE SEQUENCE "page_generation_seq";

CREATE OR REPLACE FUNCTION "page_generation_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM nextval('"page_generation_seq"');
  PERFORM pg_notify('page_generation', '');
  RETURN NULL;
END;
$$;
