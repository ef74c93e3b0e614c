-- Who changed what: every version, Start/Stop, make active, key rotation, enrolment, revocation, user and token change,
-- and every refused attempt, from the dashboard's pages, its API and the command line. Kept like the events.
CREATE TABLE audit (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    time     TEXT NOT NULL,
    actor    TEXT NOT NULL,   -- the user's name ('cli:NAME' from the command line)
    via      TEXT NOT NULL,   -- session, basic, 'token NAME' or cli
    address  TEXT NOT NULL,   -- the client's address; '' from the command line
    action   TEXT NOT NULL,   -- one of AuditActions, named as the API's operations
    target   TEXT NOT NULL,   -- what it acted on: a version, a director, a user, a path
    outcome  TEXT NOT NULL CHECK (outcome IN ('ok', 'refused', 'failed')),
    detail   TEXT NOT NULL    -- the version made, why it was refused or failed
);
CREATE INDEX audit_time ON audit (time);
