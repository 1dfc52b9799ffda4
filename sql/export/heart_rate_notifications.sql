-- $1 user id, $2 start or NULL, $3 end or NULL (exclusive). Read through a server-side
-- cursor and streamed, so an export of any size runs in constant memory.
SELECT kind, start_ts, end_ts, utc_offset, threshold, source, source_id, heart_rate, hrv, extra, origin
FROM heart_rate_notifications
WHERE user_id = $1
  AND start_ts >= coalesce($2::timestamptz, '-infinity')
  AND start_ts < coalesce($3::timestamptz, 'infinity')
ORDER BY start_ts
