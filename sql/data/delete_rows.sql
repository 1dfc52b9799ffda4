-- $1 table, $2 its time column (NULL: no time filter), $3 its metric column (NULL: no metric filter),
-- $4 user id, $5 metric, $6 from (inclusive) or NULL, $7 to (exclusive) or NULL, $8 dry run (count only).
-- Returns how many rows went (or would go).
SELECT healthsink_delete_rows_v1($1, $2, $3, $4, $5, $6, $7, $8)
