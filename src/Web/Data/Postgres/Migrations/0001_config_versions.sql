-- The configuration history, as in the SQLite store after its migration 16: every saved configuration is a new,
-- immutable version, kept whole (patch_of null) or as the JSON of its patch against the version before (patch_of). The
-- JSON is kept gzip-compressed (Postgres/CompressedDocument.cs), with its plain size beside it.
CREATE TABLE config_versions (
    serial               integer     PRIMARY KEY,   -- lvs.cf serial_no; 1, 2, 3, ... with no gaps
    author               text        NOT NULL,
    created_at           text        NOT NULL,      -- ISO 8601 UTC, as in SQLite
    summary              text        NOT NULL,
    document             bytea       NOT NULL,      -- gzip of the JSON: the whole LvsConfig, or the patch from patch_of
    document_bytes       integer     NOT NULL,      -- the JSON's size in bytes, before compression
    patch_of             integer     NULL REFERENCES config_versions (serial),
    virtual_server_count integer     NOT NULL,
    real_server_count    integer     NOT NULL,
    restored_from        integer     NULL REFERENCES config_versions (serial)
);
-- A version loads from the newest snapshot at or before it.
CREATE INDEX config_versions_snapshots ON config_versions (serial) WHERE patch_of IS NULL;
