-- Organisational units for officials' required modules (issue 12): a tree
-- (city → departments and wards → sub-units), dated memberships, and unit
-- managers scoped to a unit and everything below it.
--
-- `path` is the unit's ancestry as ids, `/1/5/12/` (its own id last), so a
-- subtree is one prefix query on both backends (`path LIKE '/1/5/%'`) and a
-- move rewrites the prefix of the moved unit's subtree in one UPDATE.
-- A closed unit (`closed_at`) keeps its history: memberships and
-- assignments stay; it takes no new members and is shown as closed.
CREATE TABLE units (
    id          INTEGER PRIMARY KEY,
    code        TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL,
    parent_id   BIGINT  REFERENCES units (id),
    path        TEXT    NOT NULL DEFAULT '',
    closed_at   BIGINT,
    created_at  BIGINT  NOT NULL,
    updated_at  BIGINT  NOT NULL
);
CREATE INDEX units_by_parent ON units (parent_id);
CREATE INDEX units_by_path ON units (path);

-- Where an official works, over time: a transfer closes one membership
-- (`until_at`) and opens another, so the record of where they were stays.
CREATE TABLE unit_memberships (
    id          INTEGER PRIMARY KEY,
    user_id     BIGINT  NOT NULL REFERENCES users (id),
    unit_id     BIGINT  NOT NULL REFERENCES units (id),
    position    TEXT    NOT NULL DEFAULT '',
    from_at     BIGINT  NOT NULL,
    until_at    BIGINT
);
CREATE INDEX unit_memberships_by_unit ON unit_memberships (unit_id, until_at);
CREATE INDEX unit_memberships_by_user ON unit_memberships (user_id, until_at);

-- Who manages which units (and everything below them); one person may
-- manage several.
CREATE TABLE unit_managers (
    user_id     BIGINT  NOT NULL REFERENCES users (id),
    unit_id     BIGINT  NOT NULL REFERENCES units (id),
    granted_by  BIGINT  REFERENCES users (id),
    granted_at  BIGINT  NOT NULL,
    PRIMARY KEY (user_id, unit_id)
);
CREATE INDEX unit_managers_by_unit ON unit_managers (unit_id);
