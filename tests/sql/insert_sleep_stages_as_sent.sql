-- $1 user id, $2 source, $3 first start, $4 stages: one half-hour segment an hour for each stage, stored as the
-- code before migration 0026 stored them (the stage as sent, nothing in extra).
INSERT INTO sleep_segments (user_id, source, stage, start_ts, end_ts, utc_offset, units, qty)
SELECT $1, $2, u.stage, $3::timestamptz + (u.i * interval '1 hour'),
       $3::timestamptz + (u.i * interval '1 hour') + interval '30 minutes', 0, 'hr', 0.5
FROM unnest($4::text[]) WITH ORDINALITY AS u (stage, i)
