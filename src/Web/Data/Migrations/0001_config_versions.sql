-- Every saved configuration is a new, immutable version. The document is the model as JSON.
CREATE TABLE config_versions (
    serial     INTEGER PRIMARY KEY,          -- lvs.cf serial_no; 1, 2, 3, ... with no gaps
    author     TEXT    NOT NULL,
    created_at TEXT    NOT NULL,             -- ISO 8601 UTC
    summary    TEXT    NOT NULL,
    document   TEXT    NOT NULL              -- JSON of the LvsConfig
);
