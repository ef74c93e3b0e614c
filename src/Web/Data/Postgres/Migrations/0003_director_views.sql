-- What each dashboard sharing this store hears from the directors connected to it, so that every dashboard shows every
-- director (issue 15). Only PostgreSQL has these tables: a SQLite store has one dashboard. A row is the director's view
-- as the dashboard it is connected to last published it; `revision` orders the publications so that a reader asks only
-- for rows newer than the last it read.
CREATE SEQUENCE director_view_revision;

CREATE TABLE director_views (
    director        text    PRIMARY KEY,
    instance        text    NOT NULL,   -- the dashboard that published the row (its id, see dashboard_instances)
    connected       boolean NOT NULL,
    applied_version integer NOT NULL,
    last_error      text,
    last_contact    text    NOT NULL,   -- ISO 8601 UTC, as every time in this store
    status          bytea,              -- the last status report: gzip of its protocol JSON; null before the first
    revision        bigint  NOT NULL
);

CREATE INDEX director_views_by_revision ON director_views (revision);

-- Each running dashboard, touched every second: the rows of one not seen for a few seconds are its directors'
-- connections that died with it.
CREATE TABLE dashboard_instances (
    instance text        PRIMARY KEY,
    label    text        NOT NULL,      -- what the pages call it: host and process
    seen_at  timestamptz NOT NULL
);
