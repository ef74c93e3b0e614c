-- The history list shows sizes and restores without parsing every document.
ALTER TABLE config_versions ADD COLUMN virtual_server_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE config_versions ADD COLUMN real_server_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE config_versions ADD COLUMN restored_from INTEGER NULL REFERENCES config_versions(serial);

UPDATE config_versions SET
    virtual_server_count = json_array_length(document, '$.virtualServers'),
    real_server_count = (
        SELECT COALESCE(SUM(json_array_length(vs.value, '$.realServers')), 0)
        FROM json_each(document, '$.virtualServers') AS vs);
