DROP FUNCTION healthsink_create_staging_v1(text, regclass, text[]);
