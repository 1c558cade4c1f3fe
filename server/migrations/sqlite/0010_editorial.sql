-- The editors' panel: the database is the source of truth; `content/` is an
-- import source (rules in content/README.md, "Nguồn sự thật").
--
-- Every lesson, article, course and quiz gets a workflow and an origin:
--   origin   'file': imported and never edited in the panel, so `content/`
--            updates it; 'panel': created or edited in the panel, and no
--            file overwrites it any more unless it is re-attached or the
--            import is forced (`hocso import-content --force`).
--   state    'draft' | 'review' | 'scheduled' | 'published' | 'archived':
--            where the item's newest revision (`head_revision`) stands.
--   publish_at  when the item went public, or goes public when scheduled:
--            every app server publishes scheduled items whose time has come
--            with one conditional UPDATE, so exactly one does it, on time,
--            across restarts.
--   live_revision  the revision readers see (0: the imported text).
-- `hidden_at` keeps meaning "not shown to readers" (file removed, never
-- published, scheduled, archived), so the reading queries do not change.
-- Items imported before this version are published file items.
ALTER TABLE courses ADD COLUMN origin TEXT NOT NULL DEFAULT 'file';
ALTER TABLE courses ADD COLUMN state TEXT NOT NULL DEFAULT 'published';
ALTER TABLE courses ADD COLUMN publish_at BIGINT;
ALTER TABLE courses ADD COLUMN head_revision BIGINT NOT NULL DEFAULT 0;
ALTER TABLE courses ADD COLUMN live_revision BIGINT NOT NULL DEFAULT 0;
ALTER TABLE courses ADD COLUMN edited_at BIGINT;
ALTER TABLE courses ADD COLUMN edited_by BIGINT REFERENCES users (id);
UPDATE courses SET publish_at = created_at, edited_at = updated_at;
CREATE INDEX courses_by_state ON courses (state, publish_at);
ALTER TABLE lessons ADD COLUMN origin TEXT NOT NULL DEFAULT 'file';
ALTER TABLE lessons ADD COLUMN state TEXT NOT NULL DEFAULT 'published';
ALTER TABLE lessons ADD COLUMN publish_at BIGINT;
ALTER TABLE lessons ADD COLUMN head_revision BIGINT NOT NULL DEFAULT 0;
ALTER TABLE lessons ADD COLUMN live_revision BIGINT NOT NULL DEFAULT 0;
ALTER TABLE lessons ADD COLUMN edited_at BIGINT;
ALTER TABLE lessons ADD COLUMN edited_by BIGINT REFERENCES users (id);
UPDATE lessons SET publish_at = created_at, edited_at = updated_at;
CREATE INDEX lessons_by_state ON lessons (state, publish_at);
ALTER TABLE articles ADD COLUMN origin TEXT NOT NULL DEFAULT 'file';
ALTER TABLE articles ADD COLUMN state TEXT NOT NULL DEFAULT 'published';
ALTER TABLE articles ADD COLUMN publish_at BIGINT;
ALTER TABLE articles ADD COLUMN head_revision BIGINT NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN live_revision BIGINT NOT NULL DEFAULT 0;
ALTER TABLE articles ADD COLUMN edited_at BIGINT;
ALTER TABLE articles ADD COLUMN edited_by BIGINT REFERENCES users (id);
UPDATE articles SET publish_at = created_at, edited_at = updated_at;
CREATE INDEX articles_by_state ON articles (state, publish_at);
ALTER TABLE quizzes ADD COLUMN origin TEXT NOT NULL DEFAULT 'file';
ALTER TABLE quizzes ADD COLUMN state TEXT NOT NULL DEFAULT 'published';
ALTER TABLE quizzes ADD COLUMN publish_at BIGINT;
ALTER TABLE quizzes ADD COLUMN head_revision BIGINT NOT NULL DEFAULT 0;
ALTER TABLE quizzes ADD COLUMN live_revision BIGINT NOT NULL DEFAULT 0;
ALTER TABLE quizzes ADD COLUMN edited_at BIGINT;
ALTER TABLE quizzes ADD COLUMN edited_by BIGINT REFERENCES users (id);
UPDATE quizzes SET publish_at = created_at, edited_at = updated_at;
CREATE INDEX quizzes_by_state ON quizzes (state, publish_at);

-- Every save of an item, whole: its form fields as JSON and its markdown.
-- `number` counts from 1 per item; a save names the number it was based on
-- and takes that number + 1, so of two saves based on the same revision the
-- second finds its number taken (optimistic locking) and is refused.
CREATE TABLE revisions (
    id           INTEGER PRIMARY KEY,
    kind         TEXT    NOT NULL CHECK (kind IN ('course', 'lesson', 'article', 'quiz')),
    item_id      BIGINT  NOT NULL,
    number       BIGINT  NOT NULL,
    -- NULL: written by an import of content/
    author_id    BIGINT  REFERENCES users (id),
    created_at   BIGINT  NOT NULL,
    -- what made it: 'save', 'restore', 'import'
    note         TEXT    NOT NULL,
    fields_json  TEXT    NOT NULL,
    body_md      TEXT    NOT NULL,
    UNIQUE (kind, item_id, number)
);

-- A refused save (another editor saved first), kept for its author so that
-- nothing they typed is lost when the form cannot keep it (no JavaScript).
CREATE TABLE save_conflicts (
    id           INTEGER PRIMARY KEY,
    kind         TEXT    NOT NULL,
    item_id      BIGINT  NOT NULL,
    author_id    BIGINT  NOT NULL REFERENCES users (id),
    base_number  BIGINT  NOT NULL,
    fields_json  TEXT    NOT NULL,
    body_md      TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL
);

-- Old addresses of renamed items, answered with a permanent redirect to the
-- item's address now.
CREATE TABLE slug_redirects (
    old_path    TEXT    PRIMARY KEY,
    kind        TEXT    NOT NULL,
    item_id     BIGINT  NOT NULL,
    created_at  BIGINT  NOT NULL
);

-- Uploaded images, stored once per content (hash of the stored bytes), in
-- the database so that every app server serves them.
CREATE TABLE images (
    hash         TEXT    PRIMARY KEY,
    mime         TEXT    NOT NULL,
    width        BIGINT  NOT NULL,
    height       BIGINT  NOT NULL,
    bytes        BLOB  NOT NULL,
    uploaded_by  BIGINT  REFERENCES users (id),
    created_at   BIGINT  NOT NULL
);

-- Editorial actions name the item they acted on.
ALTER TABLE audit_log ADD COLUMN item_kind TEXT;
ALTER TABLE audit_log ADD COLUMN item_id BIGINT;
CREATE INDEX audit_by_item ON audit_log (item_kind, item_id, created_at);
CREATE INDEX audit_by_time ON audit_log (created_at);

-- Bumped by every write that changes what readers see; every app server
-- reads it each second and renders its cached pages again when it moved.
CREATE TABLE content_epoch (
    id     BIGINT PRIMARY KEY CHECK (id = 1),
    epoch  BIGINT NOT NULL
);
INSERT INTO content_epoch (id, epoch) VALUES (1, 0);
