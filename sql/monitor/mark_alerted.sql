-- $1 user ids, $2 finding ids, in step: sent.
UPDATE monitor_findings AS f SET alerted_at = now()
FROM unnest($1::bigint[], $2::bigint[]) AS s (user_id, id)
WHERE f.user_id = s.user_id AND f.id = s.id
