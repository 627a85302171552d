-- 0009: care of the supporters (issue 18): resting, training that expires, and the signs
-- printed, remembered so that a withdrawn consent finds every sign that still names someone.

-- "Resting until DATE": matching leaves the supporter out through that day. Apart from the
-- status (a pause or retirement is the supporter's own; a rest is the program's care after
-- a heavy stretch), so that ending one never ends the other.
ALTER TABLE supporters ADD COLUMN resting_until TEXT;

-- The day of each supporter's latest training or meeting attended, kept by the triggers below:
-- matching reads it with the supporter's row for every ranking (2,000 supporters within a few
-- milliseconds), instead of going through every attendance list each time. Training expires
-- from the later of it and `trained_on`.
ALTER TABLE supporters ADD COLUMN last_session_on TEXT;
CREATE INDEX training_attendance_supporter ON training_attendance (supporter_id);
-- Every session a supporter attended, trainings and meetings alike.
CREATE VIEW supporter_sessions AS
    SELECT a.supporter_id, t.held_on FROM training_attendance a JOIN trainings t ON t.id = a.training_id
    UNION ALL
    SELECT a.supporter_id, m.held_on FROM meeting_attendance a JOIN meetings m ON m.id = a.meeting_id;
UPDATE supporters SET last_session_on =
    (SELECT max(held_on) FROM supporter_sessions s WHERE s.supporter_id = supporters.id);
CREATE TRIGGER training_attendance_added AFTER INSERT ON training_attendance BEGIN
    UPDATE supporters SET last_session_on =
        (SELECT max(held_on) FROM supporter_sessions s WHERE s.supporter_id = NEW.supporter_id)
    WHERE id = NEW.supporter_id;
END;
CREATE TRIGGER meeting_attendance_added AFTER INSERT ON meeting_attendance BEGIN
    UPDATE supporters SET last_session_on =
        (SELECT max(held_on) FROM supporter_sessions s WHERE s.supporter_id = NEW.supporter_id)
    WHERE id = NEW.supporter_id;
END;
CREATE TRIGGER training_attendance_removed AFTER DELETE ON training_attendance BEGIN
    UPDATE supporters SET last_session_on =
        (SELECT max(held_on) FROM supporter_sessions s WHERE s.supporter_id = OLD.supporter_id)
    WHERE id = OLD.supporter_id;
END;
CREATE TRIGGER meeting_attendance_removed AFTER DELETE ON meeting_attendance BEGIN
    UPDATE supporters SET last_session_on =
        (SELECT max(held_on) FROM supporter_sessions s WHERE s.supporter_id = OLD.supporter_id)
    WHERE id = OLD.supporter_id;
END;
CREATE TRIGGER training_moved AFTER UPDATE OF held_on ON trainings BEGIN
    UPDATE supporters SET last_session_on =
        (SELECT max(held_on) FROM supporter_sessions s WHERE s.supporter_id = supporters.id)
    WHERE id IN (SELECT supporter_id FROM training_attendance WHERE training_id = NEW.id);
END;
CREATE TRIGGER meeting_moved AFTER UPDATE OF held_on ON meetings BEGIN
    UPDATE supporters SET last_session_on =
        (SELECT max(held_on) FROM supporter_sessions s WHERE s.supporter_id = supporters.id)
    WHERE id IN (SELECT supporter_id FROM meeting_attendance WHERE meeting_id = NEW.id);
END;

-- Every sign written as a PDF: for which area (a department, perhaps one organization), when,
-- and on what paper. The newest sign of an area is the one taken to hang on its wall.
CREATE TABLE printed_signs (
    id              INTEGER PRIMARY KEY,
    printed_at      TEXT NOT NULL,
    department_id   INTEGER NOT NULL REFERENCES picklist_entries (id),
    organization_id INTEGER REFERENCES organizations (id),
    paper           TEXT NOT NULL,
    pages           INTEGER NOT NULL CHECK (pages >= 1)
) STRICT;
CREATE INDEX printed_signs_area ON printed_signs (department_id, organization_id, printed_at);

-- Who a printed sign named.
CREATE TABLE printed_sign_names (
    sign_id      INTEGER NOT NULL REFERENCES printed_signs (id) ON DELETE CASCADE,
    supporter_id INTEGER NOT NULL REFERENCES supporters (id),
    PRIMARY KEY (sign_id, supporter_id)
) STRICT;
CREATE INDEX printed_sign_names_supporter ON printed_sign_names (supporter_id);
