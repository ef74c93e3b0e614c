-- A version is kept whole, or as its change against the version before it: the JSON of a ConfigPatch, which carries
-- the small rest of the configuration and only the virtual servers that changed. A one-weight edit of 10,000 virtual
-- servers is then about 2 KiB instead of 9 MiB. patch_of is the version the patch applies to (always serial - 1);
-- null means the document is the whole configuration (a snapshot). Migration 16 then turns the whole documents of an
-- existing history into patches where the store would have written patches (History/PatchHistoryMigration.cs).
ALTER TABLE config_versions ADD COLUMN patch_of INTEGER NULL REFERENCES config_versions(serial);
-- A version loads from the newest snapshot at or before it.
CREATE INDEX config_versions_snapshots ON config_versions (serial) WHERE patch_of IS NULL;
