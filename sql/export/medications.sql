-- $1 user id, $2 start or NULL, $3 end or NULL (exclusive). Read through a server-side
-- cursor and streamed, so an export of any size runs in constant memory.
SELECT name, ts, utc_offset, start_ts, end_ts, scheduled_ts, nickname, status, form, is_archived, dosage,
       codings, extra
FROM medications
WHERE user_id = $1
  AND ts >= coalesce($2::timestamptz, '-infinity')
  AND ts < coalesce($3::timestamptz, 'infinity')
ORDER BY ts
