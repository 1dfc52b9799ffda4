DROP FUNCTION healthsink_clear_staging_v1(text[], text[]);
