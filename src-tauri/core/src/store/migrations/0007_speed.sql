-- 0007: indexes that let the work a coordinator waits on read only what it needs (measured
-- with scripts/bench on the `large` demo store; see docs/performance.md).

-- The retention purge runs at every open: only the rows still due for it are in these
-- partial indexes, so the open no longer reads every closed request and every outreach.
CREATE INDEX requests_to_purge ON requests (closed_at)
    WHERE status IN ('closed', 'declined', 'withdrawn') AND purged_at IS NULL;
CREATE INDEX outreaches_with_comments ON outreaches (occurred_on) WHERE comments IS NOT NULL;

-- Reports and the de-identified export read these columns of the outreaches of a period:
-- from this index alone, in date order, never the rows themselves (with their comments).
-- It begins with the date, so it also serves every query the old date index did.
DROP INDEX outreaches_occurred;
CREATE INDEX outreaches_report ON outreaches
    (occurred_on, kind, mode, referred_by, department_id, role_id, supporter_id, request_id);

-- The reply times of the requests received in a period (`report_requests`), by the day a
-- request came, from the index alone.
CREATE INDEX requests_report ON requests
    (substr(received_at, 1, 10), received_at, first_contact_at, due_on, organization_id);

-- An outreach's issue types and resources carry its day, kept by the triggers below, so that
-- a report counts each issue type over a period by one range of the index (entry, day),
-- instead of looking up the issue types of each of the period's outreaches one by one.
ALTER TABLE outreach_issue_types ADD COLUMN occurred_on TEXT;
ALTER TABLE outreach_resources ADD COLUMN occurred_on TEXT;
UPDATE outreach_issue_types
    SET occurred_on = (SELECT o.occurred_on FROM outreaches o WHERE o.id = outreach_id);
UPDATE outreach_resources
    SET occurred_on = (SELECT o.occurred_on FROM outreaches o WHERE o.id = outreach_id);
DROP INDEX outreach_issue_types_entry;
CREATE INDEX outreach_issue_types_entry ON outreach_issue_types (entry_id, occurred_on);
CREATE INDEX outreach_resources_entry ON outreach_resources (entry_id, occurred_on);
CREATE TRIGGER outreach_issue_types_day AFTER INSERT ON outreach_issue_types BEGIN
    UPDATE outreach_issue_types
        SET occurred_on = (SELECT o.occurred_on FROM outreaches o WHERE o.id = NEW.outreach_id)
        WHERE outreach_id = NEW.outreach_id AND entry_id = NEW.entry_id;
END;
CREATE TRIGGER outreach_resources_day AFTER INSERT ON outreach_resources BEGIN
    UPDATE outreach_resources
        SET occurred_on = (SELECT o.occurred_on FROM outreaches o WHERE o.id = NEW.outreach_id)
        WHERE outreach_id = NEW.outreach_id AND entry_id = NEW.entry_id;
END;
CREATE TRIGGER outreaches_day_to_links AFTER UPDATE OF occurred_on ON outreaches BEGIN
    UPDATE outreach_issue_types SET occurred_on = NEW.occurred_on WHERE outreach_id = NEW.id;
    UPDATE outreach_resources SET occurred_on = NEW.occurred_on WHERE outreach_id = NEW.id;
END;
