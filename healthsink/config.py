"""Configuration: one TOML file read into frozen dataclasses.

Every key has a default here and a commented entry in `healthsink.toml` (a test keeps the two equal).
`HEALTHSINK_<SECTION>_<KEY>` overrides a key; `HEALTHSINK_DATA_DIR` the top-level `data_dir`.
Invalid values stop the start with a message naming the key.
"""
from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

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


@dataclass(frozen=True)
class DatabaseConfig:
    url: str = ""
    pool_min: int = 2
    pool_max: int = 5


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

    @property
    def data_path(self) -> Path:
        return Path(self.data_dir).expanduser()

    def replace(self, **sections: Any) -> "Config":
        """A copy with some keys changed: `cfg.replace(server={"port": 0})`."""
        changes: dict[str, Any] = {}
        for name, value in sections.items():
            current = getattr(self, name)
            if dataclasses.is_dataclass(current):
                changes[name] = dataclasses.replace(current, **value)
            else:
                changes[name] = value
        return dataclasses.replace(self, **changes)


_CHOICES = {("log", "level"): {"debug", "info", "warning", "error"}, ("log", "format"): {"json", "text"}}
_SECRET_KEYS = {("database", "url"), ("redis", "url")}


def sections() -> list[tuple[str, type]]:
    """(section name, dataclass) pairs, in file order."""
    return [(f.name, f.default_factory) for f in fields(Config) if f.name != "data_dir"]  # type: ignore[misc]


def _coerce(value: Any, typ: str, key: str, from_env: bool) -> Any:
    try:
        if typ == "int":
            if isinstance(value, bool):
                raise ValueError
            v = int(value) if from_env else value
            if not isinstance(v, int):
                raise ValueError
            if v < 0:
                raise ValueError("must not be negative")
            return v
        if typ == "float":
            v = float(value) if from_env else value
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                raise ValueError
            if v < 0:
                raise ValueError("must not be negative")
            return float(v)
        if typ == "str":
            if not isinstance(value, str):
                raise ValueError
            return value
        if typ == "list[str]":
            if from_env:
                return [p.strip() for p in str(value).split(",") if p.strip()]
            if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
                raise ValueError
            return value
    except ValueError as exc:
        reason = f": {exc}" if str(exc) else ""
        raise ConfigError(f"invalid value for {key!r}: {value!r} (expected {typ}){reason}") from None
    raise ConfigError(f"unsupported type for {key!r}")


def _build(cls: type, section: str | None, given: dict[str, Any], env: dict[str, str]) -> Any:
    values: dict[str, Any] = {}
    known = {f.name for f in fields(cls)}
    for name in given:
        if name not in known and not (section is None and isinstance(given[name], dict)):
            raise ConfigError(f"unknown config key {_dotted(section, name)!r}")
    for f in fields(cls):
        if section is None and f.name != "data_dir":
            continue
        key = _dotted(section, f.name)
        env_name = "HEALTHSINK_" + key.replace(".", "_").upper()
        if env_name in env:
            values[f.name] = _coerce(env[env_name], str(f.type), env_name, from_env=True)
        elif f.name in given:
            values[f.name] = _coerce(given[f.name], str(f.type), key, from_env=False)
        choices = _CHOICES.get((section or "", f.name))
        if choices and f.name in values and values[f.name] not in choices:
            raise ConfigError(f"invalid value for {key!r}: {values[f.name]!r} (one of {sorted(choices)})")
    return cls(**values)


def _dotted(section: str | None, name: str) -> str:
    return f"{section}.{name}" if section else name


def load(path: str | os.PathLike | None = None, env: dict[str, str] | None = None) -> Config:
    """Read the config file (`HEALTHSINK_CONFIG`, else ./healthsink.toml if present), then the environment."""
    env = dict(os.environ if env is None else env)
    path = path or env.get("HEALTHSINK_CONFIG")
    data: dict[str, Any] = {}
    if path or Path(DEFAULT_FILE).exists():
        p = Path(path or DEFAULT_FILE)
        try:
            data = tomllib.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"config file not found: {p}") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"config file {p} is not valid TOML: {exc}") from None
    top = _build(Config, None, data, env)
    built: dict[str, Any] = {"data_dir": top.data_dir}
    for name, cls in sections():
        given = data.get(name, {})
        if not isinstance(given, dict):
            raise ConfigError(f"config key {name!r} must be a table")
        built[name] = _build(cls, name, given, env)
    for name in data:
        if name not in built:
            raise ConfigError(f"unknown config key {name!r}")
    cfg = Config(**built)
    if cfg.ingest.batch_rows < 1:
        raise ConfigError("invalid value for 'ingest.batch_rows': must be at least 1")
    if cfg.auth.key_cache_s > 5:
        raise ConfigError("invalid value for 'auth.key_cache_s': at most 5 (a revoked key must stop within 5 s)")
    return cfg


def mask_url(url: str) -> str:
    """The URL with its password replaced, so it can be printed or logged."""
    if not url:
        return url
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(":" + parts.password + "@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def dump(cfg: Config) -> dict[str, Any]:
    """The effective config as plain data, secrets masked."""
    out = dataclasses.asdict(cfg)
    for section, key in _SECRET_KEYS:
        out[section][key] = mask_url(out[section][key])
    return out
