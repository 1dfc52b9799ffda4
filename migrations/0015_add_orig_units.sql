-- The unit a value was sent in, where it is stored in another: the metric's canonical unit (healthsink/units.py,
-- README "Units and sources"), or another spelling of it ("bpm" stored as "count/min"). NULL: sent as stored.
-- A NULL default: no table rewrite.
ALTER TABLE quantity_samples ADD COLUMN orig_units text;
ALTER TABLE heart_rate_samples ADD COLUMN orig_units text;
