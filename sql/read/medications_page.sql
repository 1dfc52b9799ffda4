-- $1 user id, $2 start or NULL, $3 end or NULL, $4/$5 cursor (ts, name) or NULL, $6 limit.
-- The fields the API answers with (no user_id, ingestion_id or row timestamps).
SELECT name, ts, utc_offset, start_ts, end_ts, scheduled_ts, nickname, status, form, is_archived, dosage,
       codings, extra
FROM medications
WHERE user_id = $1
  AND ts >= coalesce($2::timestamptz, '-infinity')
  AND ts < coalesce($3::timestamptz, 'infinity')
  AND ($4::timestamptz IS NULL OR (ts, name) > ($4, $5::text))
ORDER BY ts, name
LIMIT $6
