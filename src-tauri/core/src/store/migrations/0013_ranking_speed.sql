-- Every ranking reads all supporters (2,000 in the `large` store) with their open cases and
-- their latest assignment. Counted from the matches, that was two look-ups per supporter at
-- every ranking; they are kept on the supporter's row instead (as the latest training is,
-- migration 9), and triggers keep them whenever a match is made, ends, comes back or goes.
ALTER TABLE supporters ADD COLUMN open_cases INTEGER NOT NULL DEFAULT 0;
ALTER TABLE supporters ADD COLUMN last_matched_at TEXT;
-- What the matches say of each supporter: what the row keeps.
CREATE VIEW supporter_matches AS
SELECT s.id AS supporter_id,
       (SELECT count(*) FROM matches m WHERE m.supporter_id = s.id AND m.outcome = 'active')
           AS open_cases,
       (SELECT max(m.matched_at) FROM matches m WHERE m.supporter_id = s.id) AS last_matched_at
FROM supporters s;
UPDATE supporters SET (open_cases, last_matched_at) =
    (SELECT open_cases, last_matched_at FROM supporter_matches WHERE supporter_id = supporters.id);
CREATE TRIGGER matches_made AFTER INSERT ON matches BEGIN
    UPDATE supporters SET (open_cases, last_matched_at) =
        (SELECT open_cases, last_matched_at FROM supporter_matches WHERE supporter_id = supporters.id)
    WHERE id = NEW.supporter_id;
END;
CREATE TRIGGER matches_changed AFTER UPDATE OF supporter_id, outcome, matched_at ON matches BEGIN
    UPDATE supporters SET (open_cases, last_matched_at) =
        (SELECT open_cases, last_matched_at FROM supporter_matches WHERE supporter_id = supporters.id)
    WHERE id IN (OLD.supporter_id, NEW.supporter_id);
END;
CREATE TRIGGER matches_removed AFTER DELETE ON matches BEGIN
    UPDATE supporters SET (open_cases, last_matched_at) =
        (SELECT open_cases, last_matched_at FROM supporter_matches WHERE supporter_id = supporters.id)
    WHERE id = OLD.supporter_id;
END;
