-- The normalised sources stay (each original is in extra.source_raw): the code before this migration reads
-- and writes them as any other source string.
DROP FUNCTION healthsink_source_key_v1(text);
