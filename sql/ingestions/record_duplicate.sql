-- $1 user id, $2 key id, $3 request id, $4 digest, $5 body bytes, $6 content type, $7 headers,
-- $8 the earlier ingestion with this digest, $9 result. The bytes are already archived under $8.
INSERT INTO raw_ingestions (user_id, key_id, request_id, digest, body_bytes, stored_bytes, content_type,
                            headers, status, duplicate_of, result, processed_at)
VALUES ($1, $2, $3, $4, $5, 0, $6, $7, 'processed', $8, $9, now())
RETURNING id, received_at
