-- The outcome of a body's first processing (its counts), kept when `healthsink reprocess` runs it again,
-- so what a parser change altered can be seen beside what the body gave the first time.
ALTER TABLE raw_ingestions ADD COLUMN first_result jsonb;
