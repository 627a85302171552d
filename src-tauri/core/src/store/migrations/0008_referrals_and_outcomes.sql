-- 0008: beyond the first contact. Referrals to further help, tracked to their outcome; the
-- supporter's rating of each contact; and what the committee's questions need in the
-- de-identified report views (the reporting store has the same columns, schema 3).

-- How the supporter rated a contact, optional: helpful, neutral, not helpful, or the person
-- could not be reached.
ALTER TABLE outreaches ADD COLUMN outcome TEXT
    CHECK (outcome IS NULL OR outcome IN ('helpful', 'neutral', 'not-helpful', 'not-reached'));
-- Reports count the ratings of a period from this index alone.
CREATE INDEX outreaches_outcome ON outreaches (occurred_on, outcome) WHERE outcome IS NOT NULL;

-- A request's referral to further help (EAP, chaplaincy, psychiatry, occupational health, or
-- any service the program names), from "referred" to connected, declined or not reached.
CREATE TABLE referrals (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    service     TEXT NOT NULL,
    referred_on TEXT NOT NULL,
    outcome     TEXT NOT NULL DEFAULT 'referred'
        CHECK (outcome IN ('referred', 'connected', 'declined', 'not-reached')),
    outcome_on  TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;
CREATE INDEX referrals_request ON referrals (request_id);
CREATE INDEX referrals_open ON referrals (referred_on) WHERE outcome = 'referred';
CREATE INDEX referrals_report ON referrals (referred_on, service, outcome);

DROP VIEW report_outreaches;
CREATE VIEW report_outreaches AS
SELECT x.id, x.occurred_on, x.kind, x.mode, x.referred_by, x.department_id, x.role_id,
       coalesce(q.organization_id, s.organization_id) AS organization_id,
       x.supporter_id AS supporter_ref, x.outcome
FROM outreaches x
LEFT JOIN requests q ON q.id = x.request_id
LEFT JOIN supporters s ON s.id = x.supporter_id;

-- The day of the first contact too, for the time to it in business days.
DROP VIEW report_requests;
CREATE VIEW report_requests AS
SELECT substr(received_at, 1, 10) AS received_on,
       CAST(round((julianday(first_contact_at) - julianday(received_at)) * 86400) AS INTEGER) / 60
           AS minutes_to_first_contact,
       CASE WHEN julianday(first_contact_at) IS NULL OR julianday(received_at) IS NULL THEN NULL
            ELSE substr(first_contact_at, 1, 10) <= due_on END AS within_target,
       organization_id,
       substr(first_contact_at, 1, 10) AS first_contact_on
FROM requests;

-- Whether each supporter is trained, for adoption (the share of trained supporters active).
DROP VIEW report_supporters;
CREATE VIEW report_supporters AS
SELECT s.id AS supporter_ref, s.organization_id,
       (SELECT count(*) FROM matches m WHERE m.supporter_id = s.id AND m.outcome = 'active')
           AS open_cases,
       s.trained_on IS NOT NULL AS trained
FROM supporters s
WHERE s.status <> 'retired';

-- Each follow-up check-in: the day it was due and whether it was done. No request number.
CREATE VIEW report_follow_ups AS
SELECT f.due_on, f.done_at IS NOT NULL AS done, q.organization_id
FROM follow_ups f JOIN requests q ON q.id = f.request_id;

-- Each referral: the service, the day, the outcome. No request number.
CREATE VIEW report_referrals AS
SELECT r.referred_on, r.service, r.outcome, q.organization_id
FROM referrals r JOIN requests q ON q.id = r.request_id;
