"""Domain errors. Each carries a stable `code` and the HTTP status the web layer answers with.

The store and the ingest pipeline raise these; only `web/middlewares.py` turns them into responses,
so no module outside `web/` knows about HTTP.
"""

from __future__ import annotations

from typing import Any


class HealthsinkError(Exception):
    code = "internal_error"
    status = 500

    def __init__(self, message: str = "", **details: Any) -> None:
        super().__init__(message or self.code)
        self.message = message or self.code.replace("_", " ")
        self.details = details


class ConfigError(HealthsinkError):
    code = "invalid_config"


class PendingMigrations(HealthsinkError):
    code = "pending_migrations"


class Unauthorized(HealthsinkError):
    code = "unauthorized"
    status = 401


class Forbidden(HealthsinkError):
    code = "forbidden"
    status = 403


class RateLimited(HealthsinkError):
    code = "rate_limited"
    status = 429

    def __init__(self, message: str, retry_after: int, **details: Any) -> None:
        super().__init__(message, **details)
        self.retry_after = retry_after


class NotFound(HealthsinkError):
    code = "not_found"
    status = 404


class UnknownMetric(NotFound):
    code = "unknown_metric"


class BadRequest(HealthsinkError):
    code = "bad_request"
    status = 400


class InvalidParameter(BadRequest):
    code = "invalid_parameter"


class InvalidJSON(BadRequest):
    code = "invalid_json"


class InvalidPayload(BadRequest):
    code = "invalid_payload"


class PayloadTooLarge(HealthsinkError):
    code = "payload_too_large"
    status = 413


class BodyTimeout(HealthsinkError):
    code = "body_timeout"
    status = 408


class InvalidEncoding(BadRequest):
    code = "invalid_encoding"


class InvalidExport(BadRequest):
    """A file to import that cannot be read: not a zip, truncated, no export.xml, an XML syntax error.
    The message is one line naming the file (and the line, for XML)."""

    code = "invalid_export"


class ClientDisconnected(HealthsinkError):
    """The client went away mid-request: logged; nobody is left to read an answer (nginx's 499)."""

    code = "client_disconnected"
    status = 499


class Unavailable(HealthsinkError):
    """Cannot answer now, will soon: 503 with Retry-After, the one 5xx a client should simply retry."""

    code = "unavailable"
    status = 503
    retry_after = 5


class DatabaseUnavailable(Unavailable):
    code = "database_unavailable"


class ExportsBusy(Unavailable):
    code = "exports_busy"
    retry_after = 30


class Conflict(HealthsinkError):
    code = "conflict"
    status = 409


class UnsupportedMediaType(HealthsinkError):
    code = "unsupported_media_type"
    status = 415


class NoReadablePart(BadRequest):
    """A multipart body (the app's CSV format) none of whose parts is a file healthsink reads. Known only once
    the body is read, so it is archived (status failed) and answered like any refused media type."""

    code = "unsupported_media_type"
    status = 415
