-- Directors changing state (active, standby, stopped, fault), as each reported it; kept like the events.
CREATE TABLE failovers (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    time        TEXT NOT NULL,
    director    TEXT NOT NULL,
    from_state  TEXT NOT NULL,
    to_state    TEXT NOT NULL,
    reason      TEXT NOT NULL
);
-- An agent repeats its last changes in every report until they age out; each is stored once.
CREATE UNIQUE INDEX failovers_once ON failovers (director, time, to_state);
CREATE INDEX failovers_time ON failovers (time);
