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
DROP TRIGGER quiz_attempts_counted;
CREATE TRIGGER quiz_attempts_counted
AFTER INSERT ON quiz_attempts
WHEN NEW.submitted_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'quiz attempt refused: limit or waiting time')
    FROM quiz_standings s JOIN quizzes q ON q.id = s.quiz_id
    WHERE s.user_id = NEW.user_id AND s.quiz_id = NEW.quiz_id
      AND ((q.max_attempts > 0 AND s.attempts >= q.max_attempts)
           OR s.last_submitted_at + q.wait_seconds > NEW.submitted_at);
    INSERT INTO quiz_standings (user_id, quiz_id, attempts, last_submitted_at, best_percent, passed_at)
    VALUES (NEW.user_id, NEW.quiz_id, 1, NEW.submitted_at, NEW.percent,
            CASE WHEN NEW.passed = 1 THEN NEW.submitted_at END)
    ON CONFLICT (user_id, quiz_id) DO UPDATE SET
        attempts = attempts + 1,
        last_submitted_at = excluded.last_submitted_at,
        best_percent = CASE WHEN excluded.best_percent > best_percent
                            THEN excluded.best_percent ELSE best_percent END,
        passed_at = COALESCE(passed_at, excluded.passed_at);
END;
