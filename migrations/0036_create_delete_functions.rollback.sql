DROP FUNCTION healthsink_purge_user_v1(bigint, boolean);
DROP FUNCTION healthsink_delete_rows_v1(text, text, text, bigint, text, timestamptz, timestamptz, boolean);
