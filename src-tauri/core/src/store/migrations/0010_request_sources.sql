-- 0010: where requests come from. A printed flyer batch carries a source code in its QR link
-- (`?source=CODE`), the web form keeps it, and a request imported from the form's export keeps
-- it here; reports count requests by source (the reporting store has it too, schema 4).
ALTER TABLE requests ADD COLUMN source TEXT;

DROP VIEW report_requests;
CREATE VIEW report_requests AS
SELECT substr(received_at, 1, 10) AS received_on,
       CAST(round((julianday(first_contact_at) - julianday(received_at)) * 86400) AS INTEGER) / 60
           AS minutes_to_first_contact,
       CASE WHEN julianday(first_contact_at) IS NULL OR julianday(received_at) IS NULL THEN NULL
            ELSE substr(first_contact_at, 1, 10) <= due_on END AS within_target,
       organization_id,
       substr(first_contact_at, 1, 10) AS first_contact_on,
       source
FROM requests;

-- Reports count the follow-ups due in a period and the referrals made in one (migration 8's
-- views): by day, from an index; the request is joined only for a report of one organization.
CREATE INDEX follow_ups_report ON follow_ups (due_on, done_at, request_id);
DROP VIEW report_follow_ups;
CREATE VIEW report_follow_ups AS
SELECT f.due_on, f.done_at IS NOT NULL AS done, q.organization_id
FROM follow_ups f LEFT JOIN requests q ON q.id = f.request_id;
DROP VIEW report_referrals;
CREATE VIEW report_referrals AS
SELECT r.referred_on, r.service, r.outcome, q.organization_id
FROM referrals r LEFT JOIN requests q ON q.id = r.request_id;
