-- Undoes hide_quantity_samples.sql.
ALTER TABLE quantity_samples_hidden RENAME TO quantity_samples
