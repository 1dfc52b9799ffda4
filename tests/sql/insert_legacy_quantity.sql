-- $1 user id, $2 metric, $3 source, $4 instant, $5 units, $6 qty, $7 updated_at: a quantity row as stored
-- before migration 0015 (units as sent, no end, the source as sent).
INSERT INTO quantity_samples (user_id, metric, source, ts, utc_offset, units, qty, updated_at)
VALUES ($1, $2, $3, $4, 0, $5, $6, $7)
