-- Import never unpublishes by accident (rules in content/README.md).

-- When the item's file was found deleted (Unix seconds); NULL = shown.
-- A hidden item keeps its row and its counts, and is shown again when its
-- file comes back. A hidden lesson also has position 0, so lesson lists
-- keep testing position alone.
ALTER TABLE courses ADD COLUMN hidden_at BIGINT;
ALTER TABLE lessons ADD COLUMN hidden_at BIGINT;
ALTER TABLE articles ADD COLUMN hidden_at BIGINT;
ALTER TABLE quizzes ADD COLUMN hidden_at BIGINT;

-- A question's identity, which quiz attempts will refer to: a hash of the
-- quiz's slug and the question's normalised text, so it lasts while the text
-- does, wherever the question moves. Options get ids the same way, inside
-- options_json ([{"id", "text"}]), and answer_json names the correct ids.
-- A question the file no longer has is retired, not deleted: position = -id.
ALTER TABLE quiz_questions ADD COLUMN uid TEXT;
CREATE UNIQUE INDEX quiz_questions_by_uid ON quiz_questions (uid);

-- Rows written before identities existed are rewritten by the next import
-- (at start-up); nothing refers to them yet.
DELETE FROM quiz_questions;
UPDATE quizzes SET source = '';
