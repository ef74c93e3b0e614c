-- Pending changes made in the dashboard: a whole configuration based on a stored version, until applied or discarded.
CREATE TABLE draft (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    base_serial INTEGER NOT NULL,
    document    TEXT    NOT NULL,
    updated_by  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);
