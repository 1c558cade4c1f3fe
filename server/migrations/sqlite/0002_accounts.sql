-- Accounts, roles, server-side sessions and the audit log.

CREATE TABLE users (
    id                INTEGER PRIMARY KEY,
    full_name         TEXT    NOT NULL,
    -- accent-free lowercase name, for searching ("nguyen van an")
    name_search       TEXT    NOT NULL,
    -- +84 and nine digits; NULL when the person signs in with an email
    phone             TEXT    UNIQUE,
    -- lowercase; NULL when the person signs in with a phone number
    email             TEXT    UNIQUE,
    -- argon2id PHC string
    password_hash     TEXT    NOT NULL,
    -- organisational unit of an official (the units table arrives later)
    unit_id           BIGINT,
    -- bumped on every change of password or roles: sessions older than it get a new id
    security_version  BIGINT  NOT NULL DEFAULT 0,
    created_at        BIGINT  NOT NULL,
    updated_at        BIGINT  NOT NULL,
    CHECK (phone IS NOT NULL OR email IS NOT NULL)
);
CREATE INDEX users_by_name ON users (name_search);

CREATE TABLE user_roles (
    user_id     BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role        TEXT    NOT NULL CHECK (role IN ('official', 'editor', 'admin')),
    granted_by  BIGINT  REFERENCES users (id),
    granted_at  BIGINT  NOT NULL,
    PRIMARY KEY (user_id, role)
);

CREATE TABLE sessions (
    id          TEXT    PRIMARY KEY,
    -- the signed-in user, so "sign out everywhere" can find every session
    user_id     BIGINT  REFERENCES users (id) ON DELETE CASCADE,
    data        TEXT    NOT NULL,
    expires_at  BIGINT  NOT NULL
);
CREATE INDEX sessions_by_user ON sessions (user_id);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    -- who did it (NULL: the command line)
    actor_id    BIGINT  REFERENCES users (id),
    -- to whom
    subject_id  BIGINT  REFERENCES users (id),
    action      TEXT    NOT NULL,
    detail      TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL
);
CREATE INDEX audit_by_subject ON audit_log (subject_id, created_at);
