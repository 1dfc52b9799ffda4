-- $1 user id, $2 dry run (count only). Every row of the user in every table, then the user: (table_name, row_count).
SELECT table_name, row_count FROM healthsink_purge_user_v1($1, $2)
