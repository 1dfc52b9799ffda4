-- Raw samples keep their end (issue 13): two samples of one source with the same start and another end (a
-- catch-up record next to minute records, a manual entry) were one row, the later overwriting the earlier.
-- end_ts joins the key. Key columns cannot be NULL, and the unique key of a partitioned table cannot hold an
-- expression such as coalesce(end_ts, ts), so a point with no end (an aggregated bucket) now has end_ts = ts:
-- it keeps one row that a re-sent, grown bucket updates in place (the merges write coalesce(end_ts, ts)).
-- NULLS NOT DISTINCT (PostgreSQL 15+) would have kept the NULLs but cannot make a primary key and would tie
-- the project to 15+.
UPDATE quantity_samples SET end_ts = ts WHERE end_ts IS NULL;
ALTER TABLE quantity_samples ALTER COLUMN end_ts SET NOT NULL;
ALTER TABLE quantity_samples DROP CONSTRAINT quantity_samples_pkey;
ALTER TABLE quantity_samples ADD PRIMARY KEY (user_id, metric, source, ts, end_ts);

UPDATE heart_rate_samples SET end_ts = ts WHERE end_ts IS NULL;
ALTER TABLE heart_rate_samples ALTER COLUMN end_ts SET NOT NULL;
ALTER TABLE heart_rate_samples DROP CONSTRAINT heart_rate_samples_pkey;
ALTER TABLE heart_rate_samples ADD PRIMARY KEY (user_id, metric, source, ts, end_ts);
