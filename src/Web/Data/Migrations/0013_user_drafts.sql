-- Each user's own pending changes, instead of one draft shared by every browser. The shared draft becomes the draft
-- of the user who last edited it (or of the first admin when that was nobody who is a user now).
CREATE TABLE drafts (
    owner       TEXT PRIMARY KEY REFERENCES users (name) ON DELETE CASCADE ON UPDATE CASCADE,
    base_serial INTEGER NOT NULL,
    document    TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);
INSERT INTO drafts (owner, base_serial, document, updated_at)
    SELECT owner, base_serial, document, updated_at FROM (
        SELECT COALESCE((SELECT name FROM users WHERE name = draft.updated_by),
                        (SELECT name FROM users WHERE role = 'admin' ORDER BY created_at, name LIMIT 1)) AS owner,
               base_serial, document, updated_at
        FROM draft)
    WHERE owner IS NOT NULL;
DROP TABLE draft;
