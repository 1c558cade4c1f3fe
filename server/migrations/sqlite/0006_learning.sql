-- The learner's journey: course outlines, quiz settings, short answers,
-- attempts, completions and certificates. Rules in content/README.md.

-- A course is an ordered list of steps, lessons and quizzes together.
-- `steps_json` is the outline as the course file last gave it
-- ([{"lesson": slug} | {"quiz": slug}]); `course_steps` is that outline over
-- the items that are shown, rebuilt by every import.
ALTER TABLE courses ADD COLUMN steps_json TEXT NOT NULL DEFAULT '[]';
-- 1 = a step can be completed only when every earlier step is.
ALTER TABLE courses ADD COLUMN sequential BIGINT NOT NULL DEFAULT 0;
UPDATE courses SET source = '';

CREATE TABLE course_steps (
    course_id  BIGINT NOT NULL REFERENCES courses (id),
    position   BIGINT NOT NULL,
    lesson_id  BIGINT REFERENCES lessons (id),
    quiz_id    BIGINT REFERENCES quizzes (id),
    PRIMARY KEY (course_id, position),
    CHECK ((lesson_id IS NULL) <> (quiz_id IS NULL))
);
CREATE INDEX course_steps_by_lesson ON course_steps (lesson_id);
CREATE INDEX course_steps_by_quiz ON course_steps (quiz_id);

-- Quiz settings (defaults as documented).
ALTER TABLE quizzes ADD COLUMN pass_percent BIGINT NOT NULL DEFAULT 80;
-- 0 = unlimited
ALTER TABLE quizzes ADD COLUMN max_attempts BIGINT NOT NULL DEFAULT 0;
ALTER TABLE quizzes ADD COLUMN wait_seconds BIGINT NOT NULL DEFAULT 0;
ALTER TABLE quizzes ADD COLUMN shuffle BIGINT NOT NULL DEFAULT 0;
-- 'always' (also after a failed attempt) or 'after_pass'
ALTER TABLE quizzes ADD COLUMN show_answers TEXT NOT NULL DEFAULT 'always';
-- 'all_or_nothing' or 'partial'
ALTER TABLE quizzes ADD COLUMN multiple_scoring TEXT NOT NULL DEFAULT 'all_or_nothing';
UPDATE quizzes SET source = '';

-- Short-answer questions: the kind check is widened (SQLite rebuilds the table).
CREATE TABLE quiz_questions_new (
    id            INTEGER PRIMARY KEY,
    quiz_id       BIGINT  NOT NULL REFERENCES quizzes (id) ON DELETE CASCADE,
    position      BIGINT  NOT NULL,
    kind          TEXT    NOT NULL CHECK (kind IN ('single', 'multiple', 'true_false', 'short')),
    text          TEXT    NOT NULL,
    options_json  TEXT    NOT NULL,
    answer_json   TEXT    NOT NULL,
    explanation   TEXT    NOT NULL,
    uid           TEXT,
    UNIQUE (quiz_id, position)
);
INSERT INTO quiz_questions_new (id, quiz_id, position, kind, text, options_json, answer_json, explanation, uid)
    SELECT id, quiz_id, position, kind, text, options_json, answer_json, explanation, uid FROM quiz_questions;
DROP TABLE quiz_questions;
ALTER TABLE quiz_questions_new RENAME TO quiz_questions;
CREATE UNIQUE INDEX quiz_questions_by_uid ON quiz_questions (uid);

-- One attempt at a quiz by a signed-in learner. The paper (questions, options
-- in the order shown, answer key, explanations) is frozen when the attempt is
-- issued, so later edits of the quiz never change what it records.
CREATE TABLE quiz_attempts (
    id            INTEGER PRIMARY KEY,
    token         TEXT    NOT NULL UNIQUE,
    user_id       BIGINT  NOT NULL REFERENCES users (id),
    quiz_id       BIGINT  NOT NULL REFERENCES quizzes (id),
    course_id     BIGINT  NOT NULL REFERENCES courses (id),
    paper_json    TEXT    NOT NULL,
    started_at    BIGINT  NOT NULL,
    -- NULL until submitted; then the answers and the grade
    submitted_at  BIGINT,
    answers_json  TEXT,
    -- thousandths of a question
    points        BIGINT,
    percent       BIGINT,
    passed        BIGINT
);
CREATE INDEX quiz_attempts_by_user ON quiz_attempts (user_id, quiz_id, submitted_at);

-- Per learner and quiz: submitted attempts, so limits hold under concurrency.
CREATE TABLE quiz_standings (
    user_id            BIGINT NOT NULL REFERENCES users (id),
    quiz_id            BIGINT NOT NULL REFERENCES quizzes (id),
    attempts           BIGINT NOT NULL,
    last_submitted_at  BIGINT NOT NULL,
    best_percent       BIGINT NOT NULL,
    passed_at          BIGINT,
    PRIMARY KEY (user_id, quiz_id)
);

CREATE TABLE lesson_completions (
    user_id       BIGINT NOT NULL REFERENCES users (id),
    lesson_id     BIGINT NOT NULL REFERENCES lessons (id),
    completed_at  BIGINT NOT NULL,
    PRIMARY KEY (user_id, lesson_id)
);

-- Per learner and course. Every completion locks this row first, so two
-- concurrent completions of the last steps see each other.
CREATE TABLE course_progress (
    user_id       BIGINT NOT NULL REFERENCES users (id),
    course_id     BIGINT NOT NULL REFERENCES courses (id),
    started_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    completed_at  BIGINT,
    PRIMARY KEY (user_id, course_id)
);
CREATE INDEX course_progress_by_user ON course_progress (user_id, updated_at);

-- Issued once per learner and course; name and title as they were then.
CREATE TABLE certificates (
    id              INTEGER PRIMARY KEY,
    code            TEXT    NOT NULL UNIQUE,
    user_id         BIGINT  NOT NULL REFERENCES users (id),
    course_id       BIGINT  NOT NULL REFERENCES courses (id),
    learner_name    TEXT    NOT NULL,
    course_title    TEXT    NOT NULL,
    issued_at       BIGINT  NOT NULL,
    revoked_at      BIGINT,
    revoked_reason  TEXT,
    revoked_by      BIGINT REFERENCES users (id),
    UNIQUE (user_id, course_id)
);
