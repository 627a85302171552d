-- 0006: the audit log becomes a hash chain, and reports read through three de-identified
-- views, the very shape of the reporting store's tables (see `reporting`), so one report
-- code runs on either store.

-- Each entry's hash covers the previous entry's hash and its own fields (see `audit`).
-- Entries written before this migration are chained once, as they stand, by the migration.
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;

-- One row per outreach: what reports count, and where it belongs. An outreach belongs to
-- the organization of its request; a stand-alone contact to its supporter's organization.
-- `supporter_ref` tells outreaches of one supporter from another's, never who.
CREATE VIEW report_outreaches AS
SELECT x.id, x.occurred_on, x.kind, x.mode, x.referred_by, x.department_id, x.role_id,
       coalesce(q.organization_id, s.organization_id) AS organization_id,
       x.supporter_id AS supporter_ref
FROM outreaches x
LEFT JOIN requests q ON q.id = x.request_id
LEFT JOIN supporters s ON s.id = x.supporter_id;

-- One row per request: the day it came, how long its first contact took and whether it
-- came within the reply target. No requester, no note, no time of day.
CREATE VIEW report_requests AS
SELECT substr(received_at, 1, 10) AS received_on,
       CAST(round((julianday(first_contact_at) - julianday(received_at)) * 86400) AS INTEGER) / 60
           AS minutes_to_first_contact,
       CASE WHEN julianday(first_contact_at) IS NULL OR julianday(received_at) IS NULL THEN NULL
            ELSE substr(first_contact_at, 1, 10) <= due_on END AS within_target,
       organization_id
FROM requests;

-- One row per supporter who is not retired: their organization and open cases today.
CREATE VIEW report_supporters AS
SELECT s.id AS supporter_ref, s.organization_id,
       (SELECT count(*) FROM matches m WHERE m.supporter_id = s.id AND m.outcome = 'active')
           AS open_cases
FROM supporters s
WHERE s.status <> 'retired';
