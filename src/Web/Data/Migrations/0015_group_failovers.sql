-- In a cluster a failover is a failover group taken or given up by a director: the group it was, null for a pair's
-- change of state. The same director may take two groups in one moment, so the group is part of what makes a row once.
ALTER TABLE failovers ADD COLUMN failover_group TEXT;
DROP INDEX failovers_once;
CREATE UNIQUE INDEX failovers_once ON failovers (director, time, to_state, ifnull(failover_group, ''));
