-- imports/note_origin: the rows of ingestion $2 (user $1) come from origin $3 ('apple_export', 'csv').
-- The merges read it (LEFT JOIN ingestion_origins); absent means 'hae'.
INSERT INTO ingestion_origins (user_id, ingestion_id, origin)
VALUES ($1, $2, $3)
ON CONFLICT (user_id, ingestion_id) DO UPDATE SET origin = EXCLUDED.origin
