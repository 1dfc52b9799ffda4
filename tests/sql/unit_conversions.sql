-- Migration 0016's conversions to the canonical units.
SELECT metric, from_units, to_units, factor, "offset" FROM unit_conversions
