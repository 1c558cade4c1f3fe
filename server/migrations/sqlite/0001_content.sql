-- Courses, lessons, articles and quizzes imported from content/.
-- Timestamps are Unix seconds; dates are 'YYYY-MM-DD' text (portable across backends).

CREATE TABLE courses (
    id          INTEGER PRIMARY KEY,
    slug        TEXT    NOT NULL UNIQUE,
    title       TEXT    NOT NULL,
    summary     TEXT    NOT NULL,
    position    BIGINT  NOT NULL DEFAULT 0,
    cover_md    TEXT    NOT NULL,
    cover_html  TEXT    NOT NULL,
    source      TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    updated_at  BIGINT  NOT NULL
);

CREATE TABLE lessons (
    id          INTEGER PRIMARY KEY,
    course_id   BIGINT  NOT NULL REFERENCES courses (id),
    slug        TEXT    NOT NULL,
    -- order in the course from 1; 0 = no longer listed (kept with its counts)
    position    BIGINT  NOT NULL,
    title       TEXT    NOT NULL,
    summary     TEXT    NOT NULL,
    minutes     BIGINT  NOT NULL,
    body_md     TEXT    NOT NULL,
    body_html   TEXT    NOT NULL,
    source      TEXT    NOT NULL,
    views       BIGINT  NOT NULL DEFAULT 0,
    created_at  BIGINT  NOT NULL,
    updated_at  BIGINT  NOT NULL,
    UNIQUE (course_id, slug)
);
CREATE INDEX lessons_by_course_position ON lessons (course_id, position);

CREATE TABLE articles (
    id            INTEGER PRIMARY KEY,
    slug          TEXT    NOT NULL UNIQUE,
    title         TEXT    NOT NULL,
    summary       TEXT    NOT NULL,
    author        TEXT    NOT NULL,
    series        TEXT    NOT NULL,
    published_on  TEXT    NOT NULL,
    body_md       TEXT    NOT NULL,
    body_html     TEXT    NOT NULL,
    source        TEXT    NOT NULL,
    views         BIGINT  NOT NULL DEFAULT 0,
    created_at    BIGINT  NOT NULL,
    updated_at    BIGINT  NOT NULL
);
CREATE INDEX articles_by_date ON articles (published_on DESC, slug);
CREATE INDEX articles_by_views ON articles (views DESC);

CREATE TABLE quizzes (
    id          INTEGER PRIMARY KEY,
    slug        TEXT    NOT NULL UNIQUE,
    course_id   BIGINT  NOT NULL REFERENCES courses (id),
    title       TEXT    NOT NULL,
    summary     TEXT    NOT NULL,
    source      TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL,
    updated_at  BIGINT  NOT NULL
);
CREATE INDEX quizzes_by_course ON quizzes (course_id);

CREATE TABLE quiz_questions (
    id            INTEGER PRIMARY KEY,
    quiz_id       BIGINT  NOT NULL REFERENCES quizzes (id) ON DELETE CASCADE,
    position      BIGINT  NOT NULL,
    kind          TEXT    NOT NULL CHECK (kind IN ('single', 'multiple', 'true_false')),
    text          TEXT    NOT NULL,
    options_json  TEXT    NOT NULL,
    -- the answer key stays on the server: JSON list of 1-based option numbers, or true/false
    answer_json   TEXT    NOT NULL,
    explanation   TEXT    NOT NULL,
    UNIQUE (quiz_id, position)
);
