-- 0004: what the reports and the supporter load read by supporter and by day.
CREATE INDEX outreaches_supporter ON outreaches (supporter_id, occurred_on);
CREATE INDEX outreach_issue_types_entry ON outreach_issue_types (entry_id);
