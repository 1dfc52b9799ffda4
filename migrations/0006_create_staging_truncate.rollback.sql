DROP FUNCTION healthsink_truncate_staging_v1(text[]);
