-- rollup/mark_staged: in the flush transaction, after the COPY, while staging holds the flush's rows:
-- one mark per user, metric, table and UTC day the staged samples fall on (store/rollup.py). Appended, never
-- upserted: a flush takes no lock the refresher holds.
INSERT INTO rollup_marks (user_id, metric, kind, utc_day)
SELECT user_id, metric, 'quantity', (ts AT TIME ZONE 'UTC')::date FROM staging_quantity
UNION
SELECT user_id, metric, 'heart_rate', (ts AT TIME ZONE 'UTC')::date FROM staging_heart_rate
