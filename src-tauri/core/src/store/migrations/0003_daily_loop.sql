-- 0003: the daily loop (requests, matching, follow-ups, outreach history, message templates).

-- The program's holidays: the reply clock skips them. Pre-filled with the US federal holidays
-- of the current and next year when this migration runs (see migrations.rs).
CREATE TABLE holidays (
    on_date TEXT PRIMARY KEY,
    name    TEXT NOT NULL DEFAULT ''
) STRICT;

-- What matching compares besides role and department: all optional, all from the intake.
ALTER TABLE requests ADD COLUMN language_id INTEGER REFERENCES picklist_entries (id);
ALTER TABLE requests ADD COLUMN specialty TEXT;
ALTER TABLE requests ADD COLUMN years_in_role INTEGER CHECK (years_in_role IS NULL OR years_in_role BETWEEN 0 AND 70);
CREATE INDEX requests_due ON requests (due_on) WHERE status IN ('new', 'matched');
CREATE INDEX matches_supporter_time ON matches (supporter_id, matched_at);

-- Modes and referral sources are the outreach template's fixed categories (reports compare
-- them across programs, and the CLI names them): their words, order and retirement are the
-- program's own, their codes are not.
CREATE TABLE outreach_choices (
    list       TEXT NOT NULL CHECK (list IN ('modes', 'referral_sources')),
    code       TEXT NOT NULL,
    label      TEXT NOT NULL,
    position   INTEGER NOT NULL,
    retired_at TEXT,
    PRIMARY KEY (list, code)
) STRICT;
INSERT INTO outreach_choices (list, code, label, position) VALUES
    ('modes', 'phone', 'Phone', 1),
    ('modes', 'video', 'Video', 2),
    ('modes', 'in-person', 'In person', 3),
    ('modes', 'text', 'Text', 4),
    ('referral_sources', 'self', 'Self', 1),
    ('referral_sources', 'peer', 'Peer', 2),
    ('referral_sources', 'manager', 'Manager', 3);

-- An outreach's earlier versions: each edit keeps what changed, field by field.
CREATE TABLE outreach_revisions (
    id          INTEGER PRIMARY KEY,
    outreach_id INTEGER NOT NULL REFERENCES outreaches (id) ON DELETE CASCADE,
    at          TEXT NOT NULL,
    changes     TEXT NOT NULL
) STRICT;
CREATE INDEX outreach_revisions_outreach ON outreach_revisions (outreach_id);

-- Web-form exports already imported (by SHA-256), so the same file is never imported twice.
CREATE TABLE request_imports (
    sha256      TEXT PRIMARY KEY,
    imported_at TEXT NOT NULL,
    rows        INTEGER NOT NULL
) STRICT;

INSERT INTO settings (key, value) VALUES
    ('program_name', 'Peer Support Program'),
    ('program_phone', ''),
    ('program_email', ''),
    ('request_form_url', '')
ON CONFLICT (key) DO NOTHING;

INSERT INTO message_templates (kind, subject, body, updated_at) VALUES
    ('acknowledgement', 'We received your request — {{program.name}}',
'Hello,

Thank you for reaching out to {{program.name}}. A trained colleague in a role like yours will contact you by {{due_date}}, by {{request.preferred_mode}}.

Everything you share stays confidential. If you need to talk sooner, call {{program.phone}}.

{{program.name}}', '1970-01-01T00:00:00Z'),
    ('introduction', 'A colleague would welcome a conversation (request {{request.id}})',
'Hello {{supporter.first_name}},

Thank you for being a peer supporter. A {{request.role}} from {{request.department}} ({{request.organization}}) asked to talk with a colleague.

Preferred way to talk: {{request.preferred_mode}}
Name: {{request.requester_name}}
How to reach them: {{request.contact}}

Please make the first contact by {{due_date}} and log it with the program. Thank you.

{{program.name}} — {{program.phone}}', '1970-01-01T00:00:00Z'),
    ('follow_up', 'Checking in — {{program.name}}',
'Hello,

A little while ago you talked with a colleague through {{program.name}}. We are checking in: how are you doing? If you would like another conversation, reply to this message or call {{program.phone}}.

{{program.name}}', '1970-01-01T00:00:00Z'),
    ('meeting_reminder', 'Support the supporters: a meeting for peer supporters',
'Hello {{supporter.first_name}},

Your last "support the supporters" meeting was {{supporter.last_meeting}}. Peer supporters need support too: please join the next meeting. Reply to {{program.email}} to say which date suits you.

{{program.name}}', '1970-01-01T00:00:00Z')
ON CONFLICT (kind) DO NOTHING;
