"""Data-quality monitoring: a check every `monitor.interval_s` for users and automations that stopped
syncing, values outside plausible ranges and daily metrics that stopped; findings are kept in
`monitor_findings`, shown in /api/v1/status and /metrics, and each new one is sent once through Apprise."""

from healthsink.monitor.runner import Monitor

__all__ = ["Monitor"]
