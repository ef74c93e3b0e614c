-- Directors enrolled to run an agent, with the hash of their one-time token, and whether they should run.
CREATE TABLE directors (
    name            TEXT PRIMARY KEY,
    token_hash      TEXT NOT NULL UNIQUE,
    enrolled_at     TEXT NOT NULL,
    enrolled_by     TEXT NOT NULL,
    desired_running INTEGER NOT NULL DEFAULT 1
);

-- Start/Stop for the whole cluster: operational state, not part of the configuration history.
CREATE TABLE cluster_control (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    desired_running INTEGER NOT NULL,
    changed_by      TEXT    NOT NULL,
    changed_at      TEXT    NOT NULL
);
