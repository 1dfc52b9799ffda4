-- Many bodies archived in one statement and one commit (phones syncing at once): for each, its row and
-- its one gzip'd piece, unless the same bytes were processed before (as in archive.sql).
-- $1 user ids, $2 key ids, $3 request ids, $4 sha256 digests, $5 body bytes, $6 stored (gzip) bytes,
-- $7 content types, $8 headers (jsonb), $9 statuses, $10 lease_until, $11 the gzip'd bodies (one piece
-- each): arrays in step. Returns per body, in order: id (NULL when seen before), seen_id, seen_result.
WITH body AS (
    SELECT user_id, key_id, request_id, digest, body_bytes, stored_bytes, content_type, headers, status,
           lease_until, piece, n
    FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::bytea[], $5::bigint[], $6::bigint[], $7::text[],
                $8::jsonb[], $9::text[], $10::timestamptz[], $11::bytea[])
        WITH ORDINALITY AS b (user_id, key_id, request_id, digest, body_bytes, stored_bytes, content_type,
                              headers, status, lease_until, piece, n)
), seen AS (
    SELECT b.n, earlier.archive_id, earlier.result
    FROM body AS b
    CROSS JOIN LATERAL (
        SELECT coalesce(r.duplicate_of, r.id) AS archive_id, r.result
        FROM raw_ingestions AS r
        WHERE r.user_id = b.user_id AND r.digest = b.digest AND r.status = 'processed' AND r.result IS NOT NULL
        ORDER BY r.id DESC
        LIMIT 1
    ) AS earlier
), new AS (
    -- ids drawn here, once per body (a CTE used twice is computed once), so that a row and its piece
    -- are matched by the body, not by the order RETURNING happens to give
    SELECT b.user_id, b.key_id, b.request_id, b.digest, b.body_bytes, b.stored_bytes, b.content_type, b.headers,
           b.status, b.lease_until, b.piece, b.n, nextval('raw_ingestions_id_seq') AS id
    FROM body AS b
    WHERE b.n NOT IN (SELECT n FROM seen)
), ingestion AS (
    INSERT INTO raw_ingestions (id, user_id, key_id, request_id, digest, body_bytes, stored_bytes, content_type,
                                headers, status, lease_until, attempts)
    SELECT id, user_id, key_id, request_id, digest, body_bytes, stored_bytes, content_type, headers, status,
           lease_until, CASE WHEN status = 'processing' THEN 1 ELSE 0 END
    FROM new
), pieces AS (
    INSERT INTO raw_ingestion_chunks (user_id, ingestion_id, seq, data)
    SELECT user_id, id, 0, piece FROM new
)
SELECT new.id, seen.archive_id AS seen_id, seen.result AS seen_result
FROM body AS b
LEFT JOIN new ON new.n = b.n
LEFT JOIN seen ON seen.n = b.n
ORDER BY b.n
