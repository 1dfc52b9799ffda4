-- imports/update_progress: import $2 of user $1 is running; $3 bytes and $4 records done so far,
-- the export's date $5 once known (NULL keeps what is stored).
UPDATE imports
SET status = 'running', bytes_done = $3, records_done = $4, export_date = coalesce($5, export_date)
WHERE user_id = $1 AND id = $2
