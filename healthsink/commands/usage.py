"""What `--help` says beyond one line, and the argument types that refuse a bad value before anything runs."""

from __future__ import annotations

import argparse
import textwrap

AUDIT_ACTIONS = {
    "user_added": "healthsink user add",
    "user_removed": "healthsink user remove: the user was disabled and their keys revoked (data kept)",
    "user_enabled": "healthsink user enable: a disabled user may have keys again",
    "user_changed": "healthsink user set: time zone or unit system changed",
    "user_purged": "healthsink user purge: the user and everything of theirs deleted (only the id remains)",
    "key_created": "healthsink key create (details: the key's first characters, never the key)",
    "key_imported": "healthsink key import: a value the user already typed into the app",
    "key_revoked": "healthsink key revoke",
    "auth_failed": "a request with a missing, unknown, revoked or expired key (client address, first characters)",
    "ingestion_accepted": "a body was received and archived (id, size)",
    "ingestion_processed": "a body was parsed and merged (counts per family)",
    "export": "GET /api/v1/export streamed data out",
    "data_deleted": "healthsink delete or DELETE /api/v1/data: rows deleted (filters and counts)",
}

AUDIT = (
    "Print the audit trail, newest first, one event a line: time, action, user, key, address, details.\n\n"
    + "Actions:\n"
    + "\n".join(f"  {name:20} {textwrap.shorten(what, 96)}" for name, what in AUDIT_ACTIONS.items())
)

REPROCESS = """Run processing again on bodies kept in the archive (raw_ingestions), e.g. after an upgrade that
parses more. Every accepted body is archived before it is parsed, so nothing is lost by doing this.

Each chosen body is queued again and parsed from its archived bytes; rows merge by their natural keys, so
running it twice changes nothing the second time (idempotent). A running server's workers may take some of
the bodies; this command processes the rest itself and shows its progress. Each body's first outcome is kept
(raw_ingestions.first_result) and its counts are printed beside the new ones.

Without --id, --failed or --since every archived body is reprocessed."""

MIGRATE = """Apply pending schema migrations (migrations/NNNN_*.sql). `serve` refuses to start while any is
pending. --rollback N undoes the newest N migrations: it asks first (or --yes) and lists what it drops;
rolling back a migration that created tables deletes the data in them."""

DELETE = """Delete a user's stored data, by metric or family and by time. Rows are deleted from the typed
tables only: the raw archive keeps every body (so `reprocess` can bring data back); use `user purge` to
remove a user with their archive. The number of rows per table is printed; --dry-run only counts."""


def days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of days, at least 1: {text!r}")
    return value


def raw() -> dict:
    return {"formatter_class": argparse.RawDescriptionHelpFormatter}
