ALTER TABLE raw_ingestions DROP COLUMN first_result;
