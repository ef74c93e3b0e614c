-- The operator's say in a cluster, sent to the directors' agents on a change and whenever one connects: a director
-- paused or draining (by its enrolled name; online when it has no row), and failover groups moved to a director (by
-- its name in the configuration) until the move is cleared.
CREATE TABLE director_operations (
    director   TEXT PRIMARY KEY REFERENCES directors (name) ON DELETE CASCADE,
    operation  TEXT NOT NULL CHECK (operation IN ('paused', 'draining')),
    changed_by TEXT NOT NULL,
    changed_at TEXT NOT NULL
);

CREATE TABLE group_moves (
    group_name TEXT PRIMARY KEY,
    director   TEXT NOT NULL,
    moved_by   TEXT NOT NULL,
    moved_at   TEXT NOT NULL
);
