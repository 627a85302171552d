-- The reporting store: a second SQLCipher database with a key of its own, for the quality or
-- wellness office. It holds what reports, the de-identified export and the flyer read, and
-- nothing else: no name, phone, email, free-text comment, supporter or requester identity.
-- The table names and columns are those the report code reads in the coordinator's store
-- (where `report_*` are views), so one code runs on either.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE picklist_entries (
    id         INTEGER PRIMARY KEY,
    list       TEXT NOT NULL,
    value      TEXT NOT NULL,
    family     TEXT,
    position   INTEGER NOT NULL DEFAULT 0,
    retired_at TEXT
) STRICT;

CREATE TABLE outreach_choices (
    list       TEXT NOT NULL,
    code       TEXT NOT NULL,
    label      TEXT NOT NULL,
    position   INTEGER NOT NULL,
    retired_at TEXT,
    PRIMARY KEY (list, code)
) STRICT;

-- The host program and its partners: names, logos and colours, as the flyer prints them.
CREATE TABLE organizations (
    id                INTEGER PRIMARY KEY,
    name              TEXT NOT NULL,
    short_name        TEXT,
    logo              BLOB,
    logo_mime         TEXT,
    brand_color       TEXT,
    is_host           INTEGER NOT NULL DEFAULT 0,
    co_branding       INTEGER NOT NULL DEFAULT 0,
    materials_sent_on TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
) STRICT;

-- The days the reply clock does not count (settings show them, reports read them).
CREATE TABLE holidays (
    on_date TEXT PRIMARY KEY,
    name    TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE flyer_texts (
    organization_id INTEGER PRIMARY KEY,
    headline        TEXT NOT NULL,
    body            TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;

-- `supporter_ref` is a number drawn anew at every refresh: it tells one supporter's
-- outreaches from another's (the load tables), and nothing about who. The outreaches' own
-- `id` is renumbered at every refresh too (by day, in random order within a day), so no
-- number links one refresh to the next, or a row to the coordinator's store.
CREATE TABLE report_outreaches (
    id              INTEGER PRIMARY KEY,
    occurred_on     TEXT NOT NULL,
    kind            TEXT NOT NULL,
    mode            TEXT NOT NULL,
    referred_by     TEXT NOT NULL,
    department_id   INTEGER,
    role_id         INTEGER,
    organization_id INTEGER,
    supporter_ref   INTEGER,
    outcome         TEXT
) STRICT;
-- As in the coordinator's store (migrations 7 and 12): a report reads the period from this
-- index alone, the ratings included.
CREATE INDEX report_outreaches_report ON report_outreaches
    (occurred_on, kind, mode, referred_by, department_id, role_id, supporter_ref, organization_id,
     outcome);

-- With the outreach's day, as in the coordinator's store: counted by (entry, day) ranges.
CREATE TABLE outreach_issue_types (
    outreach_id INTEGER NOT NULL,
    entry_id    INTEGER NOT NULL,
    occurred_on TEXT,
    PRIMARY KEY (outreach_id, entry_id)
) STRICT;
CREATE INDEX outreach_issue_types_entry ON outreach_issue_types (entry_id, occurred_on);
CREATE TABLE outreach_resources (
    outreach_id INTEGER NOT NULL,
    entry_id    INTEGER NOT NULL,
    occurred_on TEXT,
    PRIMARY KEY (outreach_id, entry_id)
) STRICT;
CREATE INDEX outreach_resources_entry ON outreach_resources (entry_id, occurred_on);

CREATE TABLE report_requests (
    received_on              TEXT NOT NULL,
    minutes_to_first_contact INTEGER,
    within_target            INTEGER,
    organization_id          INTEGER,
    first_contact_on         TEXT,
    source                   TEXT
) STRICT;
CREATE INDEX report_requests_received ON report_requests (received_on);

CREATE TABLE report_supporters (
    supporter_ref   INTEGER PRIMARY KEY,
    organization_id INTEGER,
    open_cases      INTEGER NOT NULL,
    trained         INTEGER NOT NULL
) STRICT;

CREATE TABLE report_follow_ups (
    due_on          TEXT NOT NULL,
    done            INTEGER NOT NULL,
    organization_id INTEGER
) STRICT;
CREATE INDEX report_follow_ups_due ON report_follow_ups (due_on);

CREATE TABLE report_referrals (
    referred_on     TEXT NOT NULL,
    service         TEXT NOT NULL,
    outcome         TEXT NOT NULL,
    organization_id INTEGER
) STRICT;
CREATE INDEX report_referrals_day ON report_referrals (referred_on);
-- Group support (migration 9's views): critical events with the day their target ended and
-- the day their unit was first reached, no time of day; team sessions renumbered at every
-- refresh like the outreaches, with the people present by role. No facilitator, no link
-- between a session and an event.
CREATE TABLE report_events (
    occurred_on     TEXT NOT NULL,
    kind            TEXT NOT NULL,
    department_id   INTEGER,
    organization_id INTEGER,
    due_on          TEXT NOT NULL,
    reached_on      TEXT
) STRICT;
CREATE INDEX report_events_day ON report_events (occurred_on);

CREATE TABLE report_debriefs (
    id                INTEGER PRIMARY KEY,
    held_on           TEXT NOT NULL,
    kind              TEXT NOT NULL,
    department_id     INTEGER,
    organization_id   INTEGER,
    headcount         INTEGER NOT NULL,
    duration_minutes  INTEGER,
    follow_up_offered INTEGER NOT NULL
) STRICT;
CREATE INDEX report_debriefs_day ON report_debriefs (held_on);

CREATE TABLE debrief_roles (
    debrief_id INTEGER NOT NULL,
    role_id    INTEGER NOT NULL,
    people     INTEGER NOT NULL,
    PRIMARY KEY (debrief_id, role_id)
) STRICT;

-- What reporting staff did (exports, prints, unlocks), chained like the coordinator's log.
CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    actor     TEXT NOT NULL,
    action    TEXT NOT NULL,
    detail    TEXT,
    prev_hash TEXT,
    hash      TEXT
) STRICT;
