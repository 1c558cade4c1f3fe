-- Security issue 20, findings 10 and the unpruned conflicts: an e-mail that
-- fails is tried again later, not at once and not before every other one.
-- `next_attempt_at` (Unix seconds) is when it may be claimed again, pushed
-- back exponentially after each failure; after the last attempt allowed, or
-- at once for an address the mailer cannot take, `failed_at` is set and the
-- row is kept for the record but never claimed again.
ALTER TABLE email_outbox ADD COLUMN next_attempt_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE email_outbox ADD COLUMN failed_at BIGINT;
DROP INDEX email_outbox_unsent;
CREATE INDEX email_outbox_due ON email_outbox (next_attempt_at, id)
    WHERE sent_at IS NULL AND failed_at IS NULL;

-- Refused saves are pruned as new ones are kept: older than 30 days, or
-- beyond the 20 newest of their author.
CREATE INDEX save_conflicts_created ON save_conflicts (created_at);
CREATE INDEX save_conflicts_author ON save_conflicts (author_id, id);
