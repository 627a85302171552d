-- A report counts the outreaches of its period by the supporter's rating in the one pass that
-- counts every table of one value per outreach (reporting::reports::Tally), which reads the
-- period from this index alone: the rating joins it. Counted apart, through the view, a report
-- of the whole history of the `large` store spent a quarter of a second on the ratings
-- (docs/performance.md).
DROP INDEX outreaches_report;
CREATE INDEX outreaches_report ON outreaches
    (occurred_on, kind, mode, referred_by, department_id, role_id, supporter_id, request_id, outcome);
DROP INDEX outreaches_outcome;

-- Requests by source, from the index of the requests by the day they came, alone.
DROP INDEX requests_report;
CREATE INDEX requests_report ON requests
    (substr(received_at, 1, 10), received_at, first_contact_at, due_on, organization_id, source);

