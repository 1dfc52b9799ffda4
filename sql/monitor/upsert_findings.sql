-- $1 user ids, $2 kinds, $3 subjects, $4 details (jsonb[]), in step: the findings of this check. An open
-- finding is refreshed; a new one is opened.
INSERT INTO monitor_findings (user_id, kind, subject, detail)
SELECT f.user_id, f.kind, f.subject, f.detail
FROM unnest($1::bigint[], $2::text[], $3::text[], $4::jsonb[]) AS f (user_id, kind, subject, detail)
ON CONFLICT (user_id, kind, subject) WHERE resolved_at IS NULL
DO UPDATE SET detail = EXCLUDED.detail, last_seen = now()
