-- Everything else the dashboard keeps, as the SQLite store has it after its migration 16. Times are ISO 8601 UTC text,
-- as in SQLite, so the stores' SQL is one text for both and `store copy` copies rows as they are; they sort as the
-- times do where they are compared (SortableTime), and read as times with ::timestamptz.
CREATE TABLE users (
    name                text    PRIMARY KEY,
    role                text    NOT NULL CHECK (role IN ('admin', 'operator', 'viewer')),
    password_hash       text    NOT NULL,
    password_changed_at text    NOT NULL,
    disabled            boolean NOT NULL DEFAULT FALSE,
    created_at          text    NOT NULL,
    created_by          text    NOT NULL
);

CREATE TABLE drafts (
    owner       text    PRIMARY KEY REFERENCES users (name) ON DELETE CASCADE ON UPDATE CASCADE,
    base_serial integer NOT NULL,
    document    text    NOT NULL,
    updated_at  text    NOT NULL
);

CREATE TABLE api_tokens (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    owner        text   NOT NULL REFERENCES users (name) ON DELETE CASCADE ON UPDATE CASCADE,
    name         text   NOT NULL,
    role         text   NOT NULL CHECK (role IN ('admin', 'operator', 'viewer')),
    token_hash   text   NOT NULL UNIQUE,
    created_at   text   NOT NULL,
    expires_at   text,
    last_used_at text,
    UNIQUE (owner, name)
);

CREATE TABLE directors (
    name            text    PRIMARY KEY,
    token_hash      text    NOT NULL UNIQUE,
    enrolled_at     text    NOT NULL,
    enrolled_by     text    NOT NULL,
    desired_running boolean NOT NULL DEFAULT TRUE,
    dataplane       text
);

CREATE TABLE cluster_control (
    id              integer PRIMARY KEY CHECK (id = 1),
    desired_running boolean NOT NULL,
    changed_by      text    NOT NULL,
    changed_at      text    NOT NULL
);

CREATE TABLE director_operations (
    director   text PRIMARY KEY REFERENCES directors (name) ON DELETE CASCADE,
    operation  text NOT NULL CHECK (operation IN ('paused', 'draining')),
    changed_by text NOT NULL,
    changed_at text NOT NULL
);

CREATE TABLE group_moves (
    group_name text PRIMARY KEY,
    director   text NOT NULL,
    moved_by   text NOT NULL,
    moved_at   text NOT NULL
);

CREATE TABLE heartbeat_key (
    id             integer PRIMARY KEY CHECK (id = 1),
    key            text NOT NULL,
    created_at     text NOT NULL,
    created_by     text NOT NULL,
    previous       text,
    previous_until text
);

CREATE TABLE events (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    time           text NOT NULL,
    director       text NOT NULL,
    virtual_server text NOT NULL,
    real_server    text NOT NULL,
    from_state     text NOT NULL,
    to_state       text NOT NULL,
    reason         text NOT NULL
);
CREATE INDEX events_time ON events (time);

CREATE TABLE failovers (
    id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    time           text NOT NULL,
    director       text NOT NULL,
    from_state     text NOT NULL,
    to_state       text NOT NULL,
    reason         text NOT NULL,
    failover_group text
);
CREATE INDEX failovers_time ON failovers (time);
-- An agent resends its failovers after a reconnect; each is kept once.
CREATE UNIQUE INDEX failovers_once ON failovers (director, time, to_state, coalesce(failover_group, ''));

CREATE TABLE audit (
    id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    time    text NOT NULL,
    actor   text NOT NULL,
    via     text NOT NULL,
    address text NOT NULL,
    action  text NOT NULL,
    target  text NOT NULL,
    outcome text NOT NULL CHECK (outcome IN ('ok', 'refused', 'failed')),
    detail  text NOT NULL
);
CREATE INDEX audit_time ON audit (time);
