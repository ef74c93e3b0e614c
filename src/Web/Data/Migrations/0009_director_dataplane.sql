-- The dataplane each director's agent said it runs (ipvs, nftables, userspace), null until it first connects: a
-- configuration must be one every director can carry out, connected or not.
ALTER TABLE directors ADD COLUMN dataplane TEXT;
