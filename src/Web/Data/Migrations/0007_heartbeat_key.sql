-- The directors' shared heartbeat key (HMAC-SHA256, base64), kept apart from the configuration so it is never in
-- lvs.cf, a stored version, the history or an export. One row; the previous key stays valid for a while after a
-- rotation so both directors can switch without refusing each other.
CREATE TABLE heartbeat_key (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    key             TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    created_by      TEXT NOT NULL,
    previous        TEXT,
    previous_until  TEXT
);
