-- A quiz attempt is stored once, when it is submitted. Issuing the quiz page
-- writes nothing: the form carries a signed token naming the learner's
-- attempt number, the quiz version and when the page was shown, and the
-- paper (the options' order) follows from the token. `attempt_no` makes a
-- double submission (double click, retry, back button) one attempt.

-- Every version of a quiz as learners were given it (questions, options,
-- keys and settings, before shuffling), by the hash of that text.
CREATE TABLE quiz_versions (
    quiz_id     BIGINT NOT NULL REFERENCES quizzes (id),
    hash        TEXT   NOT NULL,
    body_json   TEXT   NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (quiz_id, hash)
);

-- Secrets every app server shares (the key that signs attempt tokens),
-- created by the first server that needs one.
CREATE TABLE server_keys (
    name        TEXT   PRIMARY KEY,
    secret      TEXT   NOT NULL,
    created_at  BIGINT NOT NULL
);

-- Attempts issued and never submitted hold no answers.
DELETE FROM quiz_attempts WHERE submitted_at IS NULL;
ALTER TABLE quiz_attempts ADD COLUMN attempt_no BIGINT;
UPDATE quiz_attempts SET attempt_no = (
    SELECT COUNT(*) FROM quiz_attempts b
    WHERE b.user_id = quiz_attempts.user_id AND b.quiz_id = quiz_attempts.quiz_id
      AND b.id <= quiz_attempts.id);
CREATE UNIQUE INDEX quiz_attempts_numbered ON quiz_attempts (user_id, quiz_id, attempt_no);

-- Counted as it is stored (see 0008), now on insert.
DROP TRIGGER quiz_attempts_counted ON quiz_attempts;
CREATE TRIGGER quiz_attempts_counted
AFTER INSERT ON quiz_attempts
FOR EACH ROW
WHEN (NEW.submitted_at IS NOT NULL)
EXECUTE FUNCTION quiz_attempts_counted();
