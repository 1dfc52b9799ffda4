"""Benchmarks: `make bench` (ingest vs the storage floor) and `make loadtest` (many phones at once)."""
