-- 0005: the wording of the co-branded flyer, kept per partner organization.
CREATE TABLE flyer_texts (
    organization_id INTEGER PRIMARY KEY REFERENCES organizations (id),
    headline        TEXT NOT NULL,
    body            TEXT NOT NULL,
    updated_at      TEXT NOT NULL
) STRICT;
