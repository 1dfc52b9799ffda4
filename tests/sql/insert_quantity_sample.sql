-- $1 user id, $2 metric, $3 source, $4 instant, $5 utc offset (minutes), $6 units, $7 qty, $8 origin.
-- Rows as the ingest stores them, for reads tests of units and origins the bodies cannot produce on their own
-- (the month's partition is made first with sql/ingest/ensure_partitions.sql). A point ends where it starts.
INSERT INTO quantity_samples (user_id, metric, source, ts, end_ts, utc_offset, units, qty, origin)
VALUES ($1, $2, $3, $4, $4, $5, $6, $7, $8)
