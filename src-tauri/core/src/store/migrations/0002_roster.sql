-- 0002: the roster issue. Nomination surveys ("who would you turn to?") and the training
-- session's topic.

-- One imported survey file. The tally reads the latest one; earlier ones stay as history.
CREATE TABLE nomination_surveys (
    id          INTEGER PRIMARY KEY,
    imported_at TEXT NOT NULL,
    file_name   TEXT,
    file_sha256 TEXT NOT NULL,
    answers     INTEGER NOT NULL
) STRICT;

-- One answer: someone in a department named a colleague they would turn to.
CREATE TABLE nominations (
    id                    INTEGER PRIMARY KEY,
    survey_id             INTEGER NOT NULL REFERENCES nomination_surveys (id) ON DELETE CASCADE,
    respondent_department TEXT NOT NULL,
    nominee_name          TEXT NOT NULL,
    nominee_department    TEXT
) STRICT;
CREATE INDEX nominations_survey ON nominations (survey_id);

ALTER TABLE trainings ADD COLUMN topic TEXT;
