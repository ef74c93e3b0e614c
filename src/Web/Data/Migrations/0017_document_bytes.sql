-- The size of each version's JSON in bytes, kept beside it: the store decides between a patch and a snapshot by the
-- sizes since the last snapshot (History/SnapshotPolicy.cs), and reading them no longer means reading every document.
-- PostgreSQL keeps documents compressed, so there the size cannot be had from the column at all.
ALTER TABLE config_versions ADD COLUMN document_bytes INTEGER NOT NULL DEFAULT 0;
UPDATE config_versions SET document_bytes = length(CAST(document AS BLOB));
