import dataclasses
import tomllib
from pathlib import Path

import pytest

from healthsink import config as configmod
from healthsink.errors import ConfigError

TOML = Path(__file__).resolve().parents[1] / "healthsink.toml"


def test_every_key_is_documented_with_its_default():
    text = TOML.read_text()
    doc = tomllib.loads(text)
    defaults = configmod.Config()
    assert doc["data_dir"] == defaults.data_dir
    for section, cls in configmod.sections():
        assert section in doc, f"[{section}] missing from healthsink.toml"
        for f in dataclasses.fields(cls):
            assert f.name in doc[section], f"{section}.{f.name} is not documented in healthsink.toml"
            assert doc[section][f.name] == getattr(getattr(defaults, section), f.name), (
                f"{section}.{f.name}: healthsink.toml shows another value than the default"
            )
            assert _commented(text, section, f.name), f"{section}.{f.name} has no comment above it"
        for key in doc[section]:
            assert key in {f.name for f in dataclasses.fields(cls)}, f"{section}.{key} documented but unknown"


def _commented(text: str, section: str, key: str) -> bool:
    """A comment above the key (or above the run of keys it belongs to), inside its own section."""
    lines = text.splitlines()
    start = lines.index(f"[{section}]")
    idx = next(i for i in range(start, len(lines)) if lines[i].startswith(f"{key} ="))
    for line in reversed(lines[start + 1 : idx]):
        if line.startswith("#"):
            return True
        if not line.strip() or line.startswith("["):
            return False
    return False


def test_environment_overrides_every_level():
    cfg = configmod.load(
        TOML,
        env={
            "HEALTHSINK_DATABASE_URL": "postgresql://u:pw@db/x",
            "HEALTHSINK_SERVER_PORT": "9000",
            "HEALTHSINK_DATA_DIR": "/srv/hs",
            "HEALTHSINK_INGEST_MAX_BODY_BYTES": "1000",
            "HEALTHSINK_RATE_LIMIT_REQUESTS_PER_HOUR": "5",
            "HEALTHSINK_SERVER_CORS_ORIGINS": "https://a, https://b",
        },
    )
    assert cfg.database.url == "postgresql://u:pw@db/x"
    assert cfg.server.port == 9000
    assert cfg.data_dir == "/srv/hs"
    assert cfg.ingest.max_body_bytes == 1000
    assert cfg.rate_limit.requests_per_hour == 5
    assert cfg.server.cors_origins == ["https://a", "https://b"]


def test_another_file_by_environment(tmp_path):
    other = tmp_path / "other.toml"
    other.write_text("[server]\nport = 1234\n")
    cfg = configmod.load(env={"HEALTHSINK_CONFIG": str(other)})
    assert cfg.server.port == 1234


@pytest.mark.parametrize(
    "env, key",
    [
        ({"HEALTHSINK_SERVER_PORT": "eighty"}, "HEALTHSINK_SERVER_PORT"),
        ({"HEALTHSINK_INGEST_MAX_BODY_BYTES": "-1"}, "HEALTHSINK_INGEST_MAX_BODY_BYTES"),
        ({"HEALTHSINK_LOG_FORMAT": "xml"}, "log.format"),
        ({"HEALTHSINK_AUTH_KEY_CACHE_S": "60"}, "auth.key_cache_s"),
    ],
)
def test_invalid_values_name_the_key(env, key):
    with pytest.raises(ConfigError) as exc:
        configmod.load(TOML, env=env)
    assert key in exc.value.message


def test_unknown_key_in_file_is_refused(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[server]\nprot = 1\n")
    with pytest.raises(ConfigError, match="server.prot"):
        configmod.load(bad, env={})


def test_dump_masks_secrets():
    cfg = configmod.load(
        TOML,
        env={
            "HEALTHSINK_DATABASE_URL": "postgresql://hs:s3cret@db:5432/hs",
            "HEALTHSINK_REDIS_URL": "redis://:r3dispw@cache:6379/0",
        },
    )
    dumped = str(configmod.dump(cfg))
    assert "s3cret" not in dumped and "r3dispw" not in dumped
    assert "postgresql://hs:***@db:5432/hs" in dumped
