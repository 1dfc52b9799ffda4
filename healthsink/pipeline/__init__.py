"""The use cases of getting data in: accept a body (accept.py), process it (process.py), the queue
(worker.py), and group commit for phones' syncs arriving at once (batching.py)."""

from healthsink.pipeline.accept import Accepted, Body, Ingestor
from healthsink.pipeline.process import Stored

__all__ = ["Accepted", "Body", "Ingestor", "Stored"]
