-- imports/insert_import: a new import of user $1, kind $2, file name $3, status $4 ('queued' or 'running'),
-- size $5 (bytes, or NULL when not known yet). Returns its id (also the ingestion_id of its rows).
INSERT INTO imports (user_id, kind, file_name, status, size_bytes)
VALUES ($1, $2, $3, $4, $5)
RETURNING id
