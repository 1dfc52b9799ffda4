-- imports/get_import: import $2 of user $1 (no row: not theirs or none).
SELECT id, kind, file_name, status, digest, size_bytes, export_date, bytes_done, records_done, result, error,
       created_at, finished_at, duration_s
FROM imports
WHERE user_id = $1 AND id = $2
