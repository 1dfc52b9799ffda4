-- Migration 0016's canonical unit per metric.
SELECT metric, units FROM metric_units
