-- Real servers changing state (health checks), as each director reported them; kept for a number of days.
CREATE TABLE events (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    time            TEXT NOT NULL,
    director        TEXT NOT NULL,
    virtual_server  TEXT NOT NULL,
    real_server     TEXT NOT NULL,
    from_state      TEXT NOT NULL,
    to_state        TEXT NOT NULL,
    reason          TEXT NOT NULL
);
CREATE INDEX events_time ON events (time);
