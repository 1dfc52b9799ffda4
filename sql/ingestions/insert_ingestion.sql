-- $1 user id, $2 key id, $3 request id, $4 sha256 digest, $5 body bytes, $6 stored (gzip) bytes,
-- $7 content type, $8 headers (jsonb), $9 status, $10 lease_until (set while processed in the request).
INSERT INTO raw_ingestions (user_id, key_id, request_id, digest, body_bytes, stored_bytes, content_type,
                            headers, status, lease_until, attempts)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, CASE WHEN $9 = 'processing' THEN 1 ELSE 0 END)
RETURNING id, received_at
