-- Attempt limits kept in the database, so that every app server sharing it
-- enforces the same limits (sign-in, registration, password change).
CREATE TABLE throttle (
    -- what is limited and for whom, e.g. 'signin-account:+84905123456'
    key  TEXT    PRIMARY KEY,
    -- GCRA "theoretical arrival time" in Unix milliseconds: each counted
    -- attempt pushes it one period further; attempts are refused while it is
    -- more than (burst - 1) periods ahead of now
    tat  BIGINT  NOT NULL
);
CREATE INDEX throttle_by_tat ON throttle (tat);

-- Browsers that signed in to an account successfully (a random token in the
-- `hocso_device` cookie, stored hashed): past the per-account limit they may
-- still try, so a guesser elsewhere cannot lock the real person out.
CREATE TABLE trusted_devices (
    token_hash    TEXT    PRIMARY KEY,
    user_id       BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at    BIGINT  NOT NULL,
    last_used_at  BIGINT  NOT NULL
);
CREATE INDEX trusted_devices_by_user ON trusted_devices (user_id);
