-- A submission is counted by the statement that records it: marking an
-- attempt submitted adds it to the learner's standing at the quiz, within the
-- quiz's attempt limit and waiting time, or fails and changes nothing. One
-- statement, so the learner's hot write needs no transaction of its own.
CREATE TRIGGER quiz_attempts_counted
AFTER UPDATE OF submitted_at ON quiz_attempts
WHEN OLD.submitted_at IS NULL AND NEW.submitted_at IS NOT NULL
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
