-- $1..$8 parallel arrays: at, user_id, action, key_id, client_addr, user_agent, request_id, details.
-- Written in batches by the audit writer, off the request path.
INSERT INTO audit_log (at, user_id, action, key_id, client_addr, user_agent, request_id, details)
SELECT e.at, e.user_id, e.action, e.key_id, e.client_addr, e.user_agent, e.request_id, e.details
FROM unnest($1::timestamptz[], $2::bigint[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[],
            $8::jsonb[]) AS e (at, user_id, action, key_id, client_addr, user_agent, request_id, details)
