-- Which view flushes of each running app server are stored.
-- Each server process has a random id; every flush adds its views and sets
-- `seq` to the flush's number in one transaction, so a reader that reads a
-- count together with its server's `seq` knows which of that server's
-- unflushed views the count already holds (see app/src/ssr/views.rs).
-- Rows of servers that flushed nothing for 30 days are deleted at start-up.

CREATE TABLE view_flush_marks (
    server_id   BIGINT  PRIMARY KEY,
    seq         BIGINT  NOT NULL,
    updated_at  BIGINT  NOT NULL
);
