-- $1 user id, $2 start or NULL, $3 end or NULL, $4/$5 cursor (start_ts, id) or NULL, $6 limit.
-- The fields the API answers with (no user_id, ingestion_id or row timestamps).
SELECT id, start_ts, end_ts, utc_offset, kind, labels, associations, valence, valence_classification,
       metadata, extra
FROM state_of_mind
WHERE user_id = $1
  AND start_ts >= coalesce($2::timestamptz, '-infinity')
  AND start_ts < coalesce($3::timestamptz, 'infinity')
  AND ($4::timestamptz IS NULL OR (start_ts, id) > ($4, $5::text))
ORDER BY start_ts, id
LIMIT $6
