-- 0001: the core of the domain (DESIGN.md). Never edit a migration that has shipped:
-- add the next numbered file instead.

-- 'PDSK': tells a PeerDesk database from any other SQLite file.
PRAGMA application_id = 1346655051;

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- The program's own editable lists. Retired entries stay for history and are offered no more.
CREATE TABLE picklist_entries (
    id         INTEGER PRIMARY KEY,
    list       TEXT NOT NULL CHECK (list IN ('roles', 'departments', 'issue_types', 'resources',
                                              'channels', 'languages')),
    value      TEXT NOT NULL,
    family     TEXT CHECK (family IS NULL OR family IN ('clinical', 'clinical support', 'non-clinical')),
    position   INTEGER NOT NULL DEFAULT 0,
    retired_at TEXT
) STRICT;
CREATE UNIQUE INDEX picklist_entries_value ON picklist_entries (list, value COLLATE NOCASE);

CREATE TABLE organizations (
    id                INTEGER PRIMARY KEY,
    name              TEXT NOT NULL,
    short_name        TEXT,
    logo              BLOB,
    logo_mime         TEXT CHECK (logo_mime IS NULL OR logo_mime IN ('image/png', 'image/jpeg')),
    brand_color       TEXT CHECK (brand_color IS NULL OR brand_color GLOB '#[0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f]'),
    is_host           INTEGER NOT NULL DEFAULT 0 CHECK (is_host IN (0, 1)),
    co_branding       INTEGER NOT NULL DEFAULT 0 CHECK (co_branding IN (0, 1)),
    materials_sent_on TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
) STRICT;
CREATE UNIQUE INDEX organizations_name ON organizations (name COLLATE NOCASE);

CREATE TABLE supporters (
    id              INTEGER PRIMARY KEY,
    name            TEXT NOT NULL,
    role_id         INTEGER NOT NULL REFERENCES picklist_entries (id),
    specialty       TEXT,
    department_id   INTEGER REFERENCES picklist_entries (id),
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    phone           TEXT,
    email           TEXT,
    languages       TEXT NOT NULL DEFAULT '',
    years_in_role   INTEGER CHECK (years_in_role IS NULL OR years_in_role BETWEEN 0 AND 70),
    trained_on      TEXT,
    status          TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'retired')),
    paused_until    TEXT,
    max_open_cases  INTEGER NOT NULL DEFAULT 3 CHECK (max_open_cases BETWEEN 1 AND 10),
    consent_to_list INTEGER NOT NULL DEFAULT 0 CHECK (consent_to_list IN (0, 1)),
    notes           TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;
CREATE INDEX supporters_status ON supporters (status);
CREATE UNIQUE INDEX supporters_email ON supporters (email COLLATE NOCASE) WHERE email IS NOT NULL;

CREATE TABLE trainings (
    id      INTEGER PRIMARY KEY,
    held_on TEXT NOT NULL,
    hours   REAL NOT NULL CHECK (hours > 0),
    trainer TEXT
) STRICT;
CREATE TABLE training_attendance (
    training_id  INTEGER NOT NULL REFERENCES trainings (id) ON DELETE CASCADE,
    supporter_id INTEGER NOT NULL REFERENCES supporters (id),
    PRIMARY KEY (training_id, supporter_id)
) STRICT;

-- "Support the supporters" meetings.
CREATE TABLE meetings (
    id      INTEGER PRIMARY KEY,
    held_on TEXT NOT NULL,
    topic   TEXT
) STRICT;
CREATE TABLE meeting_attendance (
    meeting_id   INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    supporter_id INTEGER NOT NULL REFERENCES supporters (id),
    PRIMARY KEY (meeting_id, supporter_id)
) STRICT;
CREATE INDEX meeting_attendance_supporter ON meeting_attendance (supporter_id);

-- A request for support. requester_name and requester_contact are the only identifying
-- data in the whole store; they are erased (set NULL, purged_at set) after retention.
CREATE TABLE requests (
    id                INTEGER PRIMARY KEY,
    received_at       TEXT NOT NULL,
    channel_id        INTEGER REFERENCES picklist_entries (id),
    requester_name    TEXT,
    requester_contact TEXT,
    preferred_mode    TEXT CHECK (preferred_mode IS NULL OR preferred_mode IN ('phone', 'video', 'text', 'in-person')),
    role_id           INTEGER REFERENCES picklist_entries (id),
    department_id     INTEGER REFERENCES picklist_entries (id),
    organization_id   INTEGER REFERENCES organizations (id),
    referred_by       TEXT CHECK (referred_by IS NULL OR referred_by IN ('self', 'peer', 'manager')),
    note              TEXT,
    status            TEXT NOT NULL DEFAULT 'new'
                      CHECK (status IN ('new', 'matched', 'connected', 'follow-up', 'closed', 'declined', 'withdrawn')),
    due_on            TEXT NOT NULL,
    matched_at        TEXT,
    first_contact_at  TEXT,
    closed_at         TEXT,
    purged_at         TEXT
) STRICT;
CREATE INDEX requests_status ON requests (status);
CREATE INDEX requests_received ON requests (received_at);

CREATE TABLE request_issue_types (
    request_id INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    entry_id   INTEGER NOT NULL REFERENCES picklist_entries (id),
    PRIMARY KEY (request_id, entry_id)
) STRICT;

-- Every change of a request's status, timestamped: the request's history.
CREATE TABLE request_events (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    at          TEXT NOT NULL,
    from_status TEXT,
    to_status   TEXT NOT NULL,
    detail      TEXT
) STRICT;
CREATE INDEX request_events_request ON request_events (request_id);

-- A proposed or confirmed pairing; a rematch ends one and adds another, so both stay.
CREATE TABLE matches (
    id           INTEGER PRIMARY KEY,
    request_id   INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    supporter_id INTEGER NOT NULL REFERENCES supporters (id),
    matched_at   TEXT NOT NULL,
    ended_at     TEXT,
    outcome      TEXT NOT NULL DEFAULT 'active'
                 CHECK (outcome IN ('active', 'declined', 'unable', 'completed'))
) STRICT;
CREATE INDEX matches_request ON matches (request_id);
CREATE INDEX matches_supporter ON matches (supporter_id, outcome);

CREATE TABLE follow_ups (
    id         INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    due_on     TEXT NOT NULL,
    done_at    TEXT
) STRICT;
CREATE INDEX follow_ups_due ON follow_ups (due_on) WHERE done_at IS NULL;

-- One contact, as the program's outreach template has it. There is no name column, by design.
CREATE TABLE outreaches (
    id            INTEGER PRIMARY KEY,
    request_id    INTEGER REFERENCES requests (id),
    occurred_on   TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('initial', 'follow-up')),
    mode          TEXT NOT NULL CHECK (mode IN ('phone', 'video', 'text', 'in-person')),
    referred_by   TEXT NOT NULL CHECK (referred_by IN ('self', 'peer', 'manager')),
    department_id INTEGER REFERENCES picklist_entries (id),
    role_id       INTEGER REFERENCES picklist_entries (id),
    supporter_id  INTEGER REFERENCES supporters (id),
    comments      TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
) STRICT;
CREATE INDEX outreaches_occurred ON outreaches (occurred_on);
CREATE INDEX outreaches_request ON outreaches (request_id);

CREATE TABLE outreach_issue_types (
    outreach_id INTEGER NOT NULL REFERENCES outreaches (id) ON DELETE CASCADE,
    entry_id    INTEGER NOT NULL REFERENCES picklist_entries (id),
    PRIMARY KEY (outreach_id, entry_id)
) STRICT;
CREATE TABLE outreach_resources (
    outreach_id INTEGER NOT NULL REFERENCES outreaches (id) ON DELETE CASCADE,
    entry_id    INTEGER NOT NULL REFERENCES picklist_entries (id),
    PRIMARY KEY (outreach_id, entry_id)
) STRICT;

CREATE TABLE message_templates (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL UNIQUE,
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

-- Who did what, when: never the content (no names, no exported rows).
CREATE TABLE audit_log (
    id     INTEGER PRIMARY KEY,
    at     TEXT NOT NULL,
    actor  TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT
) STRICT;

-- The program's own lists, seeded with sensible defaults.
INSERT INTO picklist_entries (list, value, family, position) VALUES
    ('roles', 'Physician', 'clinical', 1),
    ('roles', 'Nurse', 'clinical', 2),
    ('roles', 'Advanced practice provider', 'clinical', 3),
    ('roles', 'Pharmacist', 'clinical', 4),
    ('roles', 'Chaplain', 'clinical support', 5),
    ('roles', 'Medical or lab technologist', 'clinical support', 6),
    ('roles', 'Public safety', 'non-clinical', 7),
    ('roles', 'Environmental services', 'non-clinical', 8),
    ('roles', 'Front desk', 'non-clinical', 9),
    ('roles', 'Dietary', 'non-clinical', 10),
    ('roles', 'Other', 'non-clinical', 11);
INSERT INTO picklist_entries (list, value, position) VALUES
    ('issue_types', 'Burnout', 1),
    ('issue_types', 'Unexpected patient outcome', 2),
    ('issue_types', 'Assault', 3),
    ('issue_types', 'Work relationships', 4),
    ('issue_types', 'Medical error', 5),
    ('issue_types', 'Patient death', 6),
    ('issue_types', 'Personal or family', 7),
    ('issue_types', 'Other', 8),
    ('channels', 'Phone', 1),
    ('channels', 'Web form', 2),
    ('channels', 'Email', 3),
    ('channels', 'Manager', 4),
    ('channels', 'In the moment', 5),
    ('resources', 'Employee assistance program', 1),
    ('resources', 'Chaplaincy', 2),
    ('resources', 'Mental health referral', 3),
    ('resources', 'Wellness resources', 4),
    ('resources', 'Second peer conversation', 5),
    ('departments', 'Emergency department', 1),
    ('departments', 'Intensive care', 2),
    ('departments', 'Medical-surgical', 3),
    ('departments', 'Medicine', 4),
    ('departments', 'Radiology', 5),
    ('departments', 'Surgery', 6),
    ('departments', 'Labor and delivery', 7),
    ('departments', 'Pediatrics', 8),
    ('departments', 'Oncology', 9),
    ('departments', 'Laboratory', 10),
    ('departments', 'Pharmacy', 11),
    ('departments', 'Security', 12),
    ('departments', 'Environmental services', 13),
    ('departments', 'Food and nutrition', 14),
    ('departments', 'Registration', 15),
    ('languages', 'English', 1),
    ('languages', 'Spanish', 2);

INSERT INTO settings (key, value) VALUES
    ('mode', 'network'),
    ('reply_target_days', '2'),
    ('follow_up_days', '7,30'),
    ('retention_days', '90'),
    ('meeting_interval_months', '6'),
    ('suppression_threshold', '11');
