"""Health Auto Export's CSV format, as it POSTs it (multipart/form-data), read into the JSON format's events."""

from healthsink.ingest.hae_csv.body import ACCEPTED, events

__all__ = ["ACCEPTED", "events"]
