-- Required modules for officials (issue 12): assignments of a course to a
-- unit (maybe with its sub-units), a position or named people, by a
-- deadline; the people each assignment covers (`assignees`, one row per
-- assignment and person, with the moment they started and completed it);
-- per-unit tallies kept by triggers for the dashboards; reminders
-- (notifications, an e-mail outbox) and the leases that let one app server
-- at a time run a job.
--
-- A deadline given as a date is 23:59:59 that day in Vietnam (UTC+7), in
-- Unix seconds. A person who joins a covered unit later is due by the later
-- of the deadline and the end of the day `newcomer_days` after joining.
CREATE TABLE assignments (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    course_id     BIGINT  NOT NULL REFERENCES courses (id),
    deadline_at   BIGINT  NOT NULL,
    newcomer_days BIGINT  NOT NULL DEFAULT 14,
    -- who gives the task: the authority ("UBND thành phố Đà Nẵng") and the
    -- document it is given under ("Kế hoạch số 12/KH-UBND"), both optional
    authority     TEXT    NOT NULL DEFAULT '',
    document      TEXT    NOT NULL DEFAULT '',
    note          TEXT    NOT NULL DEFAULT '',
    -- the unit whose managers own the assignment (the highest unit it
    -- targets); an assignment of named people is owned by their common unit
    owner_unit_id BIGINT  NOT NULL REFERENCES units (id),
    assigned_by   BIGINT  REFERENCES users (id),
    created_at    BIGINT  NOT NULL,
    closed_at     BIGINT
);
CREATE INDEX assignments_by_owner ON assignments (owner_unit_id);

-- What an assignment covers: a unit (with its sub-units when
-- include_sub = 1), only the people holding `position` there when it is
-- not empty; or one named person.
CREATE TABLE assignment_targets (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    assignment_id BIGINT  NOT NULL REFERENCES assignments (id),
    unit_id       BIGINT  REFERENCES units (id),
    include_sub   BIGINT  NOT NULL DEFAULT 0,
    position      TEXT    NOT NULL DEFAULT '',
    user_id       BIGINT  REFERENCES users (id),
    CHECK ((unit_id IS NULL) <> (user_id IS NULL))
);
CREATE INDEX assignment_targets_by_assignment ON assignment_targets (assignment_id);
CREATE INDEX assignment_targets_by_unit ON assignment_targets (unit_id);

-- One row per assignment and person. `unit_id`/`position` are where the
-- person is counted (their unit when covered; an open assignment follows a
-- transferred official). `completed_at` is the completion event: set once,
-- when the course is completed, never cleared by later changes to the course.
CREATE TABLE assignees (
    assignment_id BIGINT  NOT NULL REFERENCES assignments (id),
    user_id       BIGINT  NOT NULL REFERENCES users (id),
    course_id     BIGINT  NOT NULL REFERENCES courses (id),
    unit_id       BIGINT  NOT NULL REFERENCES units (id),
    position      TEXT    NOT NULL DEFAULT '',
    due_at        BIGINT  NOT NULL,
    added_at      BIGINT  NOT NULL,
    started_at    BIGINT,
    completed_at  BIGINT,
    -- when the reminders of this row were created (each once: the
    -- reminder job reads only the rows still to remind, by the partial
    -- indexes below)
    soon_reminded_at    BIGINT,
    overdue_reminded_at BIGINT,
    PRIMARY KEY (assignment_id, user_id)
);
CREATE INDEX assignees_by_user ON assignees (user_id, course_id);
CREATE INDEX assignees_by_unit ON assignees (unit_id, assignment_id, user_id);
CREATE INDEX assignees_to_remind_soon ON assignees (due_at)
    WHERE completed_at IS NULL AND soon_reminded_at IS NULL;
CREATE INDEX assignees_to_remind_overdue ON assignees (due_at)
    WHERE completed_at IS NULL AND overdue_reminded_at IS NULL;

-- The dashboards' counts, kept exact by the triggers below in the statement
-- that changes an assignee: per assignment, unit, position and due moment,
-- how many people, how many started, completed on time, completed late.
-- "Overdue" is computed when read (not completed and due_at < now).
CREATE TABLE assignment_tallies (
    assignment_id BIGINT  NOT NULL,
    unit_id       BIGINT  NOT NULL,
    position      TEXT    NOT NULL,
    due_at        BIGINT  NOT NULL,
    total         BIGINT  NOT NULL,
    started       BIGINT  NOT NULL,
    on_time       BIGINT  NOT NULL,
    late          BIGINT  NOT NULL,
    PRIMARY KEY (assignment_id, unit_id, position, due_at)
);
CREATE INDEX assignment_tallies_by_unit ON assignment_tallies (unit_id);

-- Completions per assignment, unit and week (weeks start on Monday,
-- Vietnam time; `week` counts them from 1969-12-29), for the chart.
CREATE TABLE completion_weeks (
    assignment_id BIGINT  NOT NULL,
    unit_id       BIGINT  NOT NULL,
    week          BIGINT  NOT NULL,
    completions   BIGINT  NOT NULL,
    PRIMARY KEY (assignment_id, unit_id, week)
);
CREATE INDEX completion_weeks_by_unit ON completion_weeks (unit_id, week);

-- In-app reminders: one per person, assignment and kind, ever (the unique
-- key makes a second app server's insert a no-op).
CREATE TABLE notifications (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id       BIGINT  NOT NULL REFERENCES users (id),
    assignment_id BIGINT  NOT NULL REFERENCES assignments (id),
    kind          TEXT    NOT NULL CHECK (kind IN ('due_soon', 'overdue')),
    created_at    BIGINT  NOT NULL,
    read_at       BIGINT,
    UNIQUE (user_id, assignment_id, kind)
);

-- E-mails to send, each once per `key`; a sender claims one with a lease
-- (`lease_until`), sends it, then marks it sent: a crash between the two
-- sends it again after the lease (at least once), normal operation once.
CREATE TABLE email_outbox (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key           TEXT    NOT NULL UNIQUE,
    to_addr       TEXT    NOT NULL,
    subject       TEXT    NOT NULL,
    body          TEXT    NOT NULL,
    created_at    BIGINT  NOT NULL,
    lease_owner   TEXT,
    lease_until   BIGINT  NOT NULL DEFAULT 0,
    attempts      BIGINT  NOT NULL DEFAULT 0,
    sent_at       BIGINT,
    last_error    TEXT
);
CREATE INDEX email_outbox_unsent ON email_outbox (id) WHERE sent_at IS NULL;

-- Periodic jobs that one app server at a time runs: a server takes the
-- lease with `UPDATE … WHERE lease_until < now` (one row changed: its turn).
CREATE TABLE job_leases (
    name          TEXT    PRIMARY KEY,
    owner         TEXT,
    lease_until   BIGINT  NOT NULL DEFAULT 0,
    last_run_at   BIGINT
);
INSERT INTO job_leases (name) VALUES ('reminders');

-- The tallies follow every change of an assignee: subtract the old row's
-- counts, add the new row's.
CREATE FUNCTION assignees_tallied() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE assignment_tallies SET
            total = total - 1,
            started = started - CASE WHEN OLD.started_at IS NULL THEN 0 ELSE 1 END,
            on_time = on_time - CASE WHEN OLD.completed_at <= OLD.due_at THEN 1 ELSE 0 END,
            late = late - CASE WHEN OLD.completed_at > OLD.due_at THEN 1 ELSE 0 END
        WHERE assignment_id = OLD.assignment_id AND unit_id = OLD.unit_id
          AND position = OLD.position AND due_at = OLD.due_at;
        IF OLD.completed_at IS NOT NULL THEN
            UPDATE completion_weeks SET completions = completions - 1
            WHERE assignment_id = OLD.assignment_id AND unit_id = OLD.unit_id
              AND week = (OLD.completed_at + 284400) / 604800;
        END IF;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO assignment_tallies AS t (assignment_id, unit_id, position, due_at, total, started, on_time, late)
        VALUES (NEW.assignment_id, NEW.unit_id, NEW.position, NEW.due_at, 1,
                CASE WHEN NEW.started_at IS NULL THEN 0 ELSE 1 END,
                CASE WHEN NEW.completed_at <= NEW.due_at THEN 1 ELSE 0 END,
                CASE WHEN NEW.completed_at > NEW.due_at THEN 1 ELSE 0 END)
        ON CONFLICT (assignment_id, unit_id, position, due_at) DO UPDATE SET
            total = t.total + excluded.total, started = t.started + excluded.started,
            on_time = t.on_time + excluded.on_time, late = t.late + excluded.late;
        IF NEW.completed_at IS NOT NULL THEN
            INSERT INTO completion_weeks AS w (assignment_id, unit_id, week, completions)
            VALUES (NEW.assignment_id, NEW.unit_id, (NEW.completed_at + 284400) / 604800, 1)
            ON CONFLICT (assignment_id, unit_id, week) DO UPDATE SET completions = w.completions + 1;
        END IF;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER assignees_tallied
AFTER INSERT OR DELETE ON assignees
FOR EACH ROW EXECUTE FUNCTION assignees_tallied();

CREATE TRIGGER assignees_retallied
AFTER UPDATE ON assignees
FOR EACH ROW
WHEN (OLD.unit_id IS DISTINCT FROM NEW.unit_id OR OLD.position IS DISTINCT FROM NEW.position
   OR OLD.due_at IS DISTINCT FROM NEW.due_at OR OLD.started_at IS DISTINCT FROM NEW.started_at
   OR OLD.completed_at IS DISTINCT FROM NEW.completed_at)
EXECUTE FUNCTION assignees_tallied();
