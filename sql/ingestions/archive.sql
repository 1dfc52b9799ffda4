-- The archive in one statement (one round trip, one commit): the body's row and its gzip'd pieces.
-- Unless these exact bytes were processed before (an overlapping re-send): then nothing is stored, and
-- the earlier body is returned for the caller to record the duplicate (record_duplicate.sql).
-- $1 user id, $2 key id, $3 request id, $4 sha256 digest, $5 body bytes, $6 stored (gzip) bytes,
-- $7 content type, $8 headers (jsonb), $9 status, $10 lease_until (set while processed in the request),
-- $11 the gzip'd pieces, in order (one array parameter, whatever the body's size).
-- Returns id (NULL when seen before), seen_id (the body holding those bytes) and seen_result.
WITH seen AS (
    SELECT coalesce(duplicate_of, id) AS archive_id, result
    FROM raw_ingestions
    WHERE user_id = $1 AND digest = $4 AND status = 'processed' AND result IS NOT NULL
    ORDER BY id DESC
    LIMIT 1
), ingestion AS (
    INSERT INTO raw_ingestions (user_id, key_id, request_id, digest, body_bytes, stored_bytes, content_type,
                                headers, status, lease_until, attempts)
    SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, CASE WHEN $9 = 'processing' THEN 1 ELSE 0 END
    WHERE NOT EXISTS (SELECT FROM seen)
    RETURNING id
), pieces AS (
    INSERT INTO raw_ingestion_chunks (user_id, ingestion_id, seq, data)
    SELECT $1, ingestion.id, piece.seq - 1, piece.data
    FROM ingestion, unnest($11::bytea[]) WITH ORDINALITY AS piece (data, seq)
)
SELECT (SELECT id FROM ingestion) AS id, seen.archive_id AS seen_id, seen.result AS seen_result
FROM (VALUES (1)) AS one
LEFT JOIN seen ON true
