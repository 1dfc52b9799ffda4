ALTER TABLE heart_rate_samples DROP COLUMN orig_units;
ALTER TABLE quantity_samples DROP COLUMN orig_units;
