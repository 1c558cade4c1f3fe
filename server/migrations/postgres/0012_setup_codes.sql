-- One-time set-up codes (issue 12): an account made by an administrator
-- has no password until its owner exchanges the code for one at
-- /kich-hoat. A code is read aloud or printed (10 symbols of an alphabet
-- without look-alikes, about 50 bits), stored only as a hash, expires, and
-- is used once: redeeming is one conditional UPDATE.
CREATE TABLE setup_codes (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id     BIGINT  NOT NULL REFERENCES users (id),
    code_hash   TEXT    NOT NULL UNIQUE,
    -- 'activate' (a new account) or 'reset' (a forgotten password)
    purpose     TEXT    NOT NULL CHECK (purpose IN ('activate', 'reset')),
    created_by  BIGINT  REFERENCES users (id),
    created_at  BIGINT  NOT NULL,
    expires_at  BIGINT  NOT NULL,
    used_at     BIGINT
);
CREATE INDEX setup_codes_by_user ON setup_codes (user_id);
