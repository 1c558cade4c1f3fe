-- A submission is counted by the statement that records it: marking an
-- attempt submitted adds it to the learner's standing at the quiz, within the
-- quiz's attempt limit and waiting time, or fails and changes nothing. One
-- statement, so the learner's hot write needs no transaction of its own.
CREATE FUNCTION quiz_attempts_counted() RETURNS trigger AS $$
DECLARE
    quiz_max BIGINT;
    quiz_wait BIGINT;
BEGIN
    SELECT max_attempts, wait_seconds INTO quiz_max, quiz_wait FROM quizzes WHERE id = NEW.quiz_id;
    INSERT INTO quiz_standings AS s (user_id, quiz_id, attempts, last_submitted_at, best_percent, passed_at)
    VALUES (NEW.user_id, NEW.quiz_id, 1, NEW.submitted_at, NEW.percent,
            CASE WHEN NEW.passed = 1 THEN NEW.submitted_at END)
    ON CONFLICT (user_id, quiz_id) DO UPDATE SET
        attempts = s.attempts + 1,
        last_submitted_at = excluded.last_submitted_at,
        best_percent = GREATEST(s.best_percent, excluded.best_percent),
        passed_at = COALESCE(s.passed_at, excluded.passed_at)
    WHERE (quiz_max = 0 OR s.attempts < quiz_max)
      AND s.last_submitted_at + quiz_wait <= excluded.last_submitted_at;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'quiz attempt refused: limit or waiting time' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER quiz_attempts_counted
AFTER UPDATE OF submitted_at ON quiz_attempts
FOR EACH ROW
WHEN (OLD.submitted_at IS NULL AND NEW.submitted_at IS NOT NULL)
EXECUTE FUNCTION quiz_attempts_counted();
