-- 0011: group support. Critical events (a code, a death, an assault) logged for a unit, and
-- the team huddles, debriefs and check-ins held after them. Neither holds a patient's or an
-- attendee's name: an event is a kind, a unit and a moment; a session counts people by role.

-- A critical event. No free text at all, so that no patient detail can be written down.
-- `target_hours` is the program's outreach target when it was logged (a later change of the
-- setting never rewrites history); `due_at` is the event's moment plus that target.
-- An event given with a day alone counts from the start of that day (`occurred_time` NULL).
CREATE TABLE critical_events (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('code', 'death', 'assault', 'other')),
    department_id   INTEGER NOT NULL REFERENCES picklist_entries (id),
    organization_id INTEGER REFERENCES organizations (id),
    occurred_on     TEXT NOT NULL,
    occurred_time   TEXT,
    target_hours    INTEGER NOT NULL CHECK (target_hours BETWEEN 1 AND 168),
    due_at          TEXT NOT NULL,
    created_at      TEXT NOT NULL
) STRICT;
CREATE INDEX critical_events_day ON critical_events (occurred_on);

-- A group session: a huddle, a debrief or a check-in with a team. The people present are a
-- headcount and counts by role (`debrief_roles`), never names; the facilitators are peer
-- supporters (`debrief_facilitators`). `event_id` links it to the event it followed.
CREATE TABLE debriefs (
    id                INTEGER PRIMARY KEY,
    held_on           TEXT NOT NULL,
    kind              TEXT NOT NULL CHECK (kind IN ('huddle', 'debrief', 'check-in')),
    department_id     INTEGER NOT NULL REFERENCES picklist_entries (id),
    organization_id   INTEGER REFERENCES organizations (id),
    event_id          INTEGER REFERENCES critical_events (id),
    headcount         INTEGER NOT NULL CHECK (headcount BETWEEN 1 AND 500),
    duration_minutes  INTEGER CHECK (duration_minutes IS NULL OR duration_minutes BETWEEN 1 AND 600),
    follow_up_offered INTEGER NOT NULL DEFAULT 0 CHECK (follow_up_offered IN (0, 1)),
    created_at        TEXT NOT NULL
) STRICT;
CREATE INDEX debriefs_day ON debriefs (held_on);
CREATE INDEX debriefs_event ON debriefs (event_id) WHERE event_id IS NOT NULL;
CREATE INDEX debriefs_unit ON debriefs (department_id, held_on);

CREATE TABLE debrief_roles (
    debrief_id INTEGER NOT NULL REFERENCES debriefs (id) ON DELETE CASCADE,
    role_id    INTEGER NOT NULL REFERENCES picklist_entries (id),
    people     INTEGER NOT NULL CHECK (people BETWEEN 1 AND 500),
    PRIMARY KEY (debrief_id, role_id)
) STRICT;

CREATE TABLE debrief_facilitators (
    debrief_id   INTEGER NOT NULL REFERENCES debriefs (id) ON DELETE CASCADE,
    supporter_id INTEGER NOT NULL REFERENCES supporters (id),
    PRIMARY KEY (debrief_id, supporter_id)
) STRICT;
CREATE INDEX debrief_facilitators_supporter ON debrief_facilitators (supporter_id);

-- An event's unit is reached by a group session or a one-to-one outreach for it: what the
-- event's outreach target is measured on. Which contacts count (`program::group`): any
-- session linked to the event, and any session or outreach for the same unit (and the same
-- organization, when both name one) from the event's day to 14 days after it.
CREATE INDEX outreaches_unit ON outreaches (department_id, occurred_on);

CREATE VIEW event_reach AS
SELECT e.id AS event_id,
       nullif(min(
           coalesce((SELECT min(b.held_on) FROM debriefs b WHERE b.event_id = e.id), '~'),
           coalesce((SELECT min(b.held_on) FROM debriefs b
                     WHERE b.department_id = e.department_id
                       AND b.held_on BETWEEN e.occurred_on AND date(e.occurred_on, '+14 days')
                       AND (e.organization_id IS NULL OR b.organization_id IS NULL
                            OR b.organization_id = e.organization_id)), '~'),
           coalesce((SELECT min(x.occurred_on) FROM report_outreaches x
                     WHERE x.department_id = e.department_id
                       AND x.occurred_on BETWEEN e.occurred_on AND date(e.occurred_on, '+14 days')
                       AND (e.organization_id IS NULL OR x.organization_id IS NULL
                            OR x.organization_id = e.organization_id)), '~')
       ), '~') AS reached_on
FROM critical_events e;

-- What reports count, de-identified, in the shape of the reporting store's tables (as the
-- views of migration 6): one row per event with the day its target ended and the day its
-- unit was first reached; one row per session; the people present by role.
CREATE VIEW report_events AS
SELECT e.occurred_on, e.kind, e.department_id, e.organization_id,
       substr(e.due_at, 1, 10) AS due_on, r.reached_on
FROM critical_events e JOIN event_reach r ON r.event_id = e.id;

CREATE VIEW report_debriefs AS
SELECT id, held_on, kind, department_id, organization_id, headcount, duration_minutes,
       follow_up_offered
FROM debriefs;

INSERT INTO settings (key, value) VALUES ('event_outreach_hours', '24')
ON CONFLICT (key) DO NOTHING;
