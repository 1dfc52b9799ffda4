"""Configuration: one TOML file read into frozen dataclasses.

Every key has a default here and a commented entry in `healthsink.toml` (a test keeps the two equal).
`HEALTHSINK_<SECTION>_<KEY>` overrides a key; `HEALTHSINK_DATA_DIR` the top-level `data_dir`.
Invalid values stop the start with a message naming the key.
"""

from __future__ import annotations

import dataclasses
import difflib
import ipaddress
import os
import re
import tomllib
import typing
import zoneinfo
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit, urlunsplit

from healthsink.errors import ConfigError

DEFAULT_FILE = "healthsink.toml"
MIB = 1024 * 1024


@dataclass(frozen=True)
class ServerConfig:
    host: str = "127.0.0.1"
    port: int = 8080
    trusted_proxies: list[str] = field(default_factory=list)
    cors_origins: list[str] = field(default_factory=list)
    shutdown_timeout_s: float = 30.0
    max_header_bytes: int = 16384
    header_timeout_s: float = 30.0


@dataclass(frozen=True)
class DatabaseConfig:
    url: str = ""
    replica_url: str = ""
    pool_min: int = 2
    pool_max: int = 5
    command_timeout_s: float = 120.0


@dataclass(frozen=True)
class RedisConfig:
    url: str = ""


@dataclass(frozen=True)
class IngestConfig:
    max_body_bytes: int = 256 * MIB
    async_threshold_bytes: int = 16 * MIB
    parse_whole_max_bytes: int = 16 * MIB
    body_timeout_s: float = 300.0
    batch_rows: int = 50000
    workers: int = 1
    max_attempts: int = 8
    lease_s: float = 60.0
    min_date: str = "1970-01-01"
    max_future_s: float = 86400.0
    max_key_chars: int = 512
    max_new_partitions: int = 240
    default_tz: str = "UTC"  # CSV times carry no offset: read in this zone for a user who set none


@dataclass(frozen=True)
class AuthConfig:
    key_cache_s: float = 5.0
    key_cache_size: int = 1024


@dataclass(frozen=True)
class RateLimitConfig:
    requests_per_hour: int = 3600
    bytes_per_hour: int = 2048 * MIB
    failed_auth_per_hour: int = 60


@dataclass(frozen=True)
class LogConfig:
    level: str = "info"
    format: str = "json"


@dataclass(frozen=True)
class QueryConfig:
    max_points: int = 100000
    page_limit: int = 1000
    export_concurrency: int = 2
    export_write_timeout_s: float = 30.0


@dataclass(frozen=True)
class DashboardConfig:
    cookie_secure: str = "auto"
    session_idle_days: float = 7.0
    session_max_days: float = 30.0
    map_tiles_url: str = ""


@dataclass(frozen=True)
class ImportsConfig:
    # `import` is a Python keyword, so the section is [imports]
    max_bytes: int = 4096 * MIB


@dataclass(frozen=True)
class MonitorConfig:
    interval_s: float = 3600.0
    stale_after_hours: float = 48.0
    lookback_days: int = 14


@dataclass(frozen=True)
class AlertsConfig:
    urls: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Config:
    data_dir: str = "./data"
    server: ServerConfig = field(default_factory=ServerConfig)
    database: DatabaseConfig = field(default_factory=DatabaseConfig)
    redis: RedisConfig = field(default_factory=RedisConfig)
    ingest: IngestConfig = field(default_factory=IngestConfig)
    auth: AuthConfig = field(default_factory=AuthConfig)
    rate_limit: RateLimitConfig = field(default_factory=RateLimitConfig)
    log: LogConfig = field(default_factory=LogConfig)
    query: QueryConfig = field(default_factory=QueryConfig)
    dashboard: DashboardConfig = field(default_factory=DashboardConfig)
    imports: ImportsConfig = field(default_factory=ImportsConfig)
    monitor: MonitorConfig = field(default_factory=MonitorConfig)
    alerts: AlertsConfig = field(default_factory=AlertsConfig)

    @property
    def data_path(self) -> Path:
        return Path(self.data_dir).expanduser()

    def replace(self, **sections: Any) -> Config:
        """A copy with some keys changed: `cfg.replace(server={"port": 0})`."""
        changes: dict[str, Any] = {}
        for name, value in sections.items():
            current = getattr(self, name)
            if dataclasses.is_dataclass(current):
                changes[name] = dataclasses.replace(current, **value)
            else:
                changes[name] = value
        return dataclasses.replace(self, **changes)


_CHOICES = {
    ("log", "level"): {"debug", "info", "warning", "error"},
    ("log", "format"): {"json", "text"},
    ("dashboard", "cookie_secure"): {"auto", "true", "false"},
}
_SECRET_KEYS = {("database", "url"), ("database", "replica_url"), ("redis", "url")}
# Checked after the rest, so every key's type is right by then. Each returns a reason, or None when valid.
_AT_LEAST_1 = (
    "server.port",
    "database.pool_min",
    "database.pool_max",
    "ingest.batch_rows",
    "ingest.workers",
    "ingest.max_attempts",
    "rate_limit.requests_per_hour",
    "rate_limit.bytes_per_hour",
    "rate_limit.failed_auth_per_hour",
    "query.max_points",
    "query.page_limit",
)
# HEALTHSINK_* variables that are not config keys (the tests' and the benchmarks' own).
_NOT_CONFIG = ("HEALTHSINK_CONFIG", "HEALTHSINK_TEST_", "HEALTHSINK_LOADTEST_", "HEALTHSINK_BENCH_")


def sections() -> list[tuple[str, type]]:
    """(section name, dataclass) pairs, in file order."""
    return [(f.name, f.default_factory) for f in fields(Config) if f.name != "data_dir"]  # type: ignore[misc]


def _kind(typ: Any) -> str:
    if typing.get_origin(typ) is list:
        return "a list of strings"
    return {int: "an integer", float: "a number", str: "a string", bool: "true or false"}[typ]


def _coerce(value: Any, typ: Any, key: str, from_env: bool) -> Any:
    """`value` as `typ` (the field's resolved type, not its annotation string); environment values are text."""

    def bad(reason: str = "") -> ConfigError:
        return ConfigError(f"invalid value for {key}: {value!r} (expected {_kind(typ)}){reason}")

    if typ is bool:
        if from_env and str(value).lower() in ("1", "true", "yes", "on", "0", "false", "no", "off"):
            return str(value).lower() in ("1", "true", "yes", "on")
        if isinstance(value, bool):
            return value
        raise bad()
    if typ in (int, float):
        if from_env:
            try:
                value = typ(str(value).strip())
            except ValueError:
                raise bad() from None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (typ is int and isinstance(value, float)):
            raise bad()
        if value < 0:
            raise bad(": must not be negative")
        return typ(value)
    if typ is str:
        if not isinstance(value, str):
            raise bad()
        return value
    if typing.get_origin(typ) is list:
        if from_env:
            return [p.strip() for p in str(value).split(",") if p.strip()]
        if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
            raise bad()
        return value
    raise ConfigError(f"unsupported type for {key}")


def _unknown(kind: str, name: str, known: list[str]) -> ConfigError:
    near = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    hint = f"; did you mean {near[0]!r}?" if near else f" (known: {', '.join(sorted(known))})"
    return ConfigError(f"unknown {kind} {name!r}{hint}")


def _env_names() -> dict[str, str]:
    """Every HEALTHSINK_<SECTION>_<KEY> variable and the dotted key it sets."""
    out = {"HEALTHSINK_DATA_DIR": "data_dir"}
    for section, cls in sections():
        for f in fields(cls):
            out[f"HEALTHSINK_{section}_{f.name}".upper()] = f"{section}.{f.name}"
    return out


def _build(cls: type, section: str | None, given: dict[str, Any], env: dict[str, str]) -> Any:
    values: dict[str, Any] = {}
    types = typing.get_type_hints(cls)
    known = [f.name for f in fields(cls) if section is not None or f.name == "data_dir"]
    for name, value in given.items():
        if name not in known and not (section is None and isinstance(value, dict)):
            raise _unknown("config key", _dotted(section, name), [_dotted(section, k) for k in known])
    for f in fields(cls):
        if section is None and f.name != "data_dir":
            continue
        key = _dotted(section, f.name)
        env_name = "HEALTHSINK_" + key.replace(".", "_").upper()
        if env_name in env:
            values[f.name] = _coerce(env[env_name], types[f.name], f"{env_name} ({key})", from_env=True)
        elif f.name in given:
            values[f.name] = _coerce(given[f.name], types[f.name], key, from_env=False)
        choices = _CHOICES.get((section or "", f.name))
        if choices and f.name in values and values[f.name] not in choices:
            raise ConfigError(f"invalid value for {key}: {values[f.name]!r} (one of {', '.join(sorted(choices))})")
    return cls(**values)


def _dotted(section: str | None, name: str) -> str:
    return f"{section}.{name}" if section else name


def load(path: str | os.PathLike | None = None, env: dict[str, str] | None = None) -> Config:
    """Read the config file (`HEALTHSINK_CONFIG`, else ./healthsink.toml if present), then the environment.
    Every key is checked here, so a bad value stops the start, never a request."""
    env = dict(os.environ if env is None else env)
    env_names = _env_names()
    for name in env:
        if name.startswith("HEALTHSINK_") and name not in env_names and not name.startswith(_NOT_CONFIG):
            raise _unknown("environment variable", name, list(env_names))
    path = path or env.get("HEALTHSINK_CONFIG")
    data: dict[str, Any] = {}
    base = Path.cwd()
    if path or Path(DEFAULT_FILE).exists():
        p = Path(path or DEFAULT_FILE)
        try:
            data = tomllib.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"config file not found: {p}") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"config file {p} is not valid TOML: {exc}") from None
        base = p.resolve().parent
    top = _build(Config, None, data, env)
    # Resolved once: relative to the config file (the environment's relative to where it was set), so a
    # command run from another directory finds the same embedded database instead of making an empty one.
    anchor = Path.cwd() if "HEALTHSINK_DATA_DIR" in env else base
    built: dict[str, Any] = {"data_dir": str((anchor / Path(top.data_dir).expanduser()).resolve())}
    for name, cls in sections():
        given = data.get(name, {})
        if not isinstance(given, dict):
            raise ConfigError(f"config key {name!r} must be a table")
        built[name] = _build(cls, name, given, env)
    for name in data:
        if name not in built:
            raise _unknown("config section", name, [s for s, _ in sections()])
    cfg = Config(**built)
    _check(cfg)
    return cfg


def _get(cfg: Config, key: str) -> Any:
    section, name = key.split(".")
    return getattr(getattr(cfg, section), name)


def _check(cfg: Config) -> None:
    for key in _AT_LEAST_1:
        if _get(cfg, key) < 1:
            raise ConfigError(f"invalid value for {key}: {_get(cfg, key)!r} (must be at least 1)")
    problems = [
        ("server.port", cfg.server.port > 65535, "must be 1-65535"),
        (
            "database.pool_min",
            cfg.database.pool_min > cfg.database.pool_max,
            f"must not exceed database.pool_max ({cfg.database.pool_max})",
        ),
        ("auth.key_cache_s", cfg.auth.key_cache_s > 5, "at most 5: a revoked key must stop within 5 s"),
        ("server.host", not cfg.server.host.strip(), "must name an address, e.g. 127.0.0.1 or 0.0.0.0"),
        ("ingest.default_tz", not _is_zone(cfg.ingest.default_tz), "must be an IANA zone, e.g. Europe/Berlin"),
    ]
    for key, wrong, reason in problems:
        if wrong:
            raise ConfigError(f"invalid value for {key}: {_get(cfg, key)!r} ({reason})")
    for proxy in cfg.server.trusted_proxies:
        try:
            ipaddress.ip_network(proxy, strict=False)
        except ValueError:
            raise ConfigError(
                f"invalid value in server.trusted_proxies: {proxy!r} "
                "(expected an address or a CIDR network, e.g. 10.0.0.0/8)"
            ) from None
    _check_url("database.url", cfg.database.url, ("postgresql", "postgres"), "postgresql://user:password@host:5432/db")
    _check_alerts(cfg)
    _check_url("redis.url", cfg.redis.url, ("redis", "rediss", "unix"), "redis://127.0.0.1:6379/0")


def _is_zone(name: str) -> bool:
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _check_alerts(cfg: Config) -> None:
    for key, value in (
        ("monitor.interval_s", cfg.monitor.interval_s),
        ("monitor.stale_after_hours", cfg.monitor.stale_after_hours),
        ("monitor.lookback_days", cfg.monitor.lookback_days),
    ):
        if value <= 0:
            raise ConfigError(f"invalid value for {key}: {value!r} (must be more than 0)")
    if cfg.alerts.urls:
        # Apprise is imported only when alerts are configured
        from healthsink.monitor.alerts import valid_url

        for url in cfg.alerts.urls:
            if not valid_url(url):
                raise ConfigError(
                    f"invalid value in alerts.urls: {_mask_alert(url)!r} (not a URL Apprise knows: "
                    "see https://github.com/caronc/apprise/wiki)"
                )


def _mask_alert(url: str) -> str:
    """Notification URLs carry tokens and passwords anywhere: only the scheme is shown."""
    return url.split("://", 1)[0] + "://***" if "://" in url else "***"


def _check_url(key: str, url: str, schemes: tuple[str, ...], example: str) -> None:
    if not url:
        return
    parts = urlsplit(url)
    reason = None
    if parts.scheme not in schemes:
        reason = f"expected a URL like {example}"
    else:
        try:
            _ = parts.port  # parsed lazily: raises on a bad one
        except ValueError:
            reason = "the port is not a number in 1-65535"
        if parts.scheme != "unix" and not (parts.hostname or parse_qs(parts.query).get("host")):
            reason = reason or f"no host; expected a URL like {example}"
    if reason:
        raise ConfigError(f"invalid value for {key}: {mask_url(url)!r} ({reason})")


def check_data_dir(cfg: Config) -> Path:
    """The data directory, created if only it is missing: a missing parent is a typo more often than not."""
    path = cfg.data_path
    if not path.exists() and not path.parent.is_dir():
        raise ConfigError(
            f"data_dir {str(path)!r} does not exist and neither does its parent: create it or "
            "set data_dir (or HEALTHSINK_DATA_DIR)"
        )
    try:
        path.mkdir(exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"data_dir {str(path)!r} cannot be created: {exc.strerror}") from None
    if not os.access(path, os.W_OK):
        raise ConfigError(f"data_dir {str(path)!r} is not writable by this user")
    return path


# password=... in a query string or a keyword DSN, quoted or not.
_PASSWORD_PARAM = re.compile(r"(?i)\b(password|passwd|pwd)(\s*=\s*)('(?:[^'\\]|\\.)*'|[^&\s]*)")


def mask_url(url: str) -> str:
    """The URL (or keyword DSN) with every password replaced, so it can be printed or logged."""
    if not url:
        return url
    masked = _PASSWORD_PARAM.sub(lambda m: m.group(1) + m.group(2) + "***", url)
    if "://" not in masked:
        return masked
    parts = urlsplit(masked)
    at = parts.netloc.rfind("@")
    if at < 0 or ":" not in parts.netloc[:at]:
        return masked
    user = parts.netloc[:at].split(":", 1)[0]
    return urlunsplit(parts._replace(netloc=f"{user}:***@{parts.netloc[at + 1 :]}"))


def dump(cfg: Config) -> dict[str, Any]:
    """The effective config as plain data, secrets masked."""
    out = dataclasses.asdict(cfg)
    for section, key in _SECRET_KEYS:
        out[section][key] = mask_url(out[section][key])
    out["alerts"]["urls"] = [_mask_alert(u) for u in out["alerts"]["urls"]]
    return out
