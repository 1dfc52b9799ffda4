"""Every key is checked when the process starts: one line naming the key and the value, never a request's 500."""

from pathlib import Path

import pytest

from healthsink import config as configmod
from healthsink.errors import ConfigError

TOML = Path(__file__).resolve().parents[1] / "healthsink.toml"


@pytest.mark.parametrize(
    "env, named, value",
    [
        ({"HEALTHSINK_SERVER_PORT": "70000"}, "server.port", "70000"),
        ({"HEALTHSINK_SERVER_PORT": "0"}, "server.port", "0"),
        ({"HEALTHSINK_RATE_LIMIT_REQUESTS_PER_HOUR": "0"}, "rate_limit.requests_per_hour", "0"),
        ({"HEALTHSINK_RATE_LIMIT_BYTES_PER_HOUR": "0"}, "rate_limit.bytes_per_hour", "0"),
        ({"HEALTHSINK_RATE_LIMIT_FAILED_AUTH_PER_HOUR": "-3"}, "HEALTHSINK_RATE_LIMIT_FAILED_AUTH_PER_HOUR", "-3"),
        ({"HEALTHSINK_DATABASE_POOL_MIN": "0"}, "database.pool_min", "0"),
        ({"HEALTHSINK_DATABASE_POOL_MIN": "8"}, "database.pool_min", "8"),
        ({"HEALTHSINK_SERVER_TRUSTED_PROXIES": "10.0.0.0/8, proxy.lan"}, "server.trusted_proxies", "proxy.lan"),
        ({"HEALTHSINK_SERVER_TRUSTED_PROXIES": "10.0.0.0/33"}, "server.trusted_proxies", "10.0.0.0/33"),
        ({"HEALTHSINK_DATABASE_URL": "mysql://db/hs"}, "database.url", "mysql://db/hs"),
        ({"HEALTHSINK_DATABASE_URL": "postgresql://hs:pw@db:99999/hs"}, "database.url", "db:99999"),
        ({"HEALTHSINK_REDIS_URL": "127.0.0.1:6379"}, "redis.url", "127.0.0.1:6379"),
        ({"HEALTHSINK_REDIS_URL": "redis://cache:port/0"}, "redis.url", "cache:port"),
    ],
)
def test_bad_values_name_key_and_value(env, named, value):
    with pytest.raises(ConfigError) as exc:
        configmod.load(TOML, env=env)
    message = exc.value.message
    assert named in message and value in message and "\n" not in message
    assert "pw" not in message.replace("pool", "")  # a URL's password is never echoed


def test_unknown_environment_variable_suggests_the_real_name():
    with pytest.raises(ConfigError) as exc:
        configmod.load(TOML, env={"HEALTHSINK_RATELIMIT_REQUESTS_PER_HOUR": "10"})
    assert "HEALTHSINK_RATELIMIT_REQUESTS_PER_HOUR" in exc.value.message
    assert "did you mean 'HEALTHSINK_RATE_LIMIT_REQUESTS_PER_HOUR'" in exc.value.message


def test_test_and_benchmark_variables_are_not_config():
    cfg = configmod.load(TOML, env={"HEALTHSINK_TEST_DATABASE_URL": "x", "HEALTHSINK_LOADTEST_SECONDS": "5"})
    assert cfg.server.port == 8080


@pytest.mark.parametrize(
    "text, wrong, suggestion",
    [
        ("[server]\nprot = 1\n", "server.prot", "server.port"),
        ("[rate_limits]\nrequests_per_hour = 1\n", "rate_limits", "rate_limit"),
        ("data_dri = 'x'\n", "data_dri", "data_dir"),
    ],
)
def test_unknown_file_key_suggests_the_real_name(tmp_path, text, wrong, suggestion):
    bad = tmp_path / "bad.toml"
    bad.write_text(text)
    with pytest.raises(ConfigError) as exc:
        configmod.load(bad, env={})
    assert wrong in exc.value.message and f"did you mean {suggestion!r}" in exc.value.message


def test_values_are_coerced_by_type(tmp_path):
    f = tmp_path / "c.toml"
    f.write_text("[server]\nshutdown_timeout_s = 3\n[ingest]\nlease_s = 2\n")
    cfg = configmod.load(f, env={"HEALTHSINK_AUTH_KEY_CACHE_S": "2.5", "HEALTHSINK_SERVER_TRUSTED_PROXIES": "::1"})
    assert cfg.server.shutdown_timeout_s == 3.0 and isinstance(cfg.server.shutdown_timeout_s, float)
    assert cfg.auth.key_cache_s == 2.5 and cfg.server.trusted_proxies == ["::1"]
    f.write_text("[server]\nport = 80.5\n")
    with pytest.raises(ConfigError, match="server.port"):
        configmod.load(f, env={})
    f.write_text("[server]\nport = true\n")
    with pytest.raises(ConfigError, match="server.port"):
        configmod.load(f, env={})


def test_data_dir_is_relative_to_the_config_file(tmp_path, monkeypatch):
    conf = tmp_path / "etc" / "healthsink.toml"
    conf.parent.mkdir()
    conf.write_text('data_dir = "state"\n')
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert configmod.load(conf, env={}).data_dir == str(tmp_path / "etc" / "state")
    conf.write_text("")
    assert configmod.load(conf, env={}).data_dir == str(tmp_path / "etc" / "data")
    conf.write_text(f'data_dir = "{tmp_path / "abs"}"\n')
    assert configmod.load(conf, env={}).data_dir == str(tmp_path / "abs")
    # the environment's relative value is the shell's: relative to where it was set
    assert configmod.load(conf, env={"HEALTHSINK_DATA_DIR": "here"}).data_dir == str(elsewhere / "here")


def test_missing_data_dir_parent_is_one_clear_line(tmp_path):
    cfg = configmod.load(TOML, env={"HEALTHSINK_DATA_DIR": str(tmp_path / "no" / "such" / "data")})
    with pytest.raises(ConfigError, match="does not exist and neither does its parent"):
        configmod.check_data_dir(cfg)
    cfg = configmod.load(TOML, env={"HEALTHSINK_DATA_DIR": str(tmp_path / "data")})
    assert configmod.check_data_dir(cfg).is_dir()


@pytest.mark.parametrize(
    "url, secret",
    [
        ("postgresql://hs:s3cret@db:5432/hs", "s3cret"),
        ("postgresql://hs@db/hs?sslmode=require&password=s3cret", "s3cret"),
        ("postgresql:///hs?host=/run/postgresql&password=s3cret", "s3cret"),
        ("host=db dbname=hs user=hs password=s3cret", "s3cret"),
        ("host=db user=hs password='s3 cret' dbname=hs", "s3 cret"),
        ("redis://:s3cret@cache:6379/0", "s3cret"),
        ("rediss://default:s3cret@cache:6380/0", "s3cret"),
        ("redis://cache:6379/0?password=s3cret", "s3cret"),
    ],
)
def test_mask_url_hides_every_password_form(url, secret):
    masked = configmod.mask_url(url)
    assert secret not in masked and "***" in masked
    assert masked.split("***")[0] in url  # the rest stays readable
