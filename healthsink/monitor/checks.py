"""The checks: each a read-only statement whose rows become findings (user, kind, subject, detail)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from healthsink.config import Config
from healthsink.monitor.ranges import RANGES
from healthsink.store import monitor as store

GAP_MIN_DAYS = 5  # a metric seen on fewer days in the window is not called daily


@dataclass(frozen=True)
class Finding:
    user_id: int
    kind: str  # stale_user | stale_automation | out_of_range | gap
    subject: str  # '' | the automation | the metric
    detail: dict = field(default_factory=dict)


def _iso(v: datetime | None) -> str | None:
    return v.isoformat(timespec="seconds") if v else None


async def find(conn, cfg: Config, now: datetime) -> list[Finding]:
    stale_s = cfg.monitor.stale_after_hours * 3600
    since = now - timedelta(days=cfg.monitor.lookback_days)
    out = [
        Finding(r["user_id"], "stale_user", "", {"email": r["email"], "last_sync": _iso(r["last_sync"])})
        for r in await store.stale_users(conn, stale_s)
    ]
    out += [
        Finding(
            r["user_id"], "stale_automation", r["automation"], {"email": r["email"], "last_sync": _iso(r["last_sync"])}
        )
        for r in await store.stale_automations(conn, stale_s, since)
    ]
    out += [
        Finding(
            r["user_id"],
            "out_of_range",
            r["metric"],
            {
                "email": r["email"],
                "values": r["n"],
                "lowest": r["lowest"],
                "highest": r["highest"],
                "plausible": [r["lo"], r["hi"]],
                "units": r["units"],
                "last": _iso(r["last_ts"]),
            },
        )
        for r in await store.out_of_range(conn, RANGES, since)
    ]
    out += [
        Finding(
            r["user_id"],
            "gap",
            r["metric"],
            {"email": r["email"], "days": r["days"], "last": _iso(r["last_ts"]), "last_sync": _iso(r["last_sync"])},
        )
        for r in await store.gaps(conn, since, stale_s, GAP_MIN_DAYS)
    ]
    return out


def describe(kind: str, subject: str, detail: dict) -> str:
    """One line a person reads in a notification."""
    who = detail.get("email", "?")
    if kind == "stale_user":
        return f"{who}: no sync since {detail.get('last_sync') or 'ever (a live key, never used)'}"
    if kind == "stale_automation":
        return f"{who}: automation '{subject}' has not synced since {detail.get('last_sync')}"
    if kind == "out_of_range":
        lo, hi = detail.get("plausible", [None, None])
        return (
            f"{who}: {detail.get('values')} {subject} value(s) outside {lo}–{hi} {detail.get('units')} "
            f"(lowest {detail.get('lowest')}, highest {detail.get('highest')}); kept, flagged"
        )
    if kind == "gap":
        return (
            f"{who}: {subject} stopped after {detail.get('last')} (it came on {detail.get('days')} days before) "
            "while other data still arrives"
        )
    return f"{who}: {kind} {subject}"
