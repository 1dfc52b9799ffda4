"""User settings: GET/PATCH /api/v1/me, `healthsink user set`, and the store function others call."""

import pytest

from healthsink.errors import InvalidParameter
from healthsink.read import settings as rules
from healthsink.store import settings
from tests.helpers import auth
from tests.test_cli import run


async def test_defaults_then_a_change_then_goals_merged(client, new_key):
    _, key = await new_key("mia@example.org")
    me = await (await client.get("/api/v1/me", headers=auth(key))).json()
    assert me == {
        "email": "mia@example.org",
        "tz": "UTC",
        "units": "metric",
        "goals": {"steps": 10000, "active_energy": 500, "exercise": 30, "stand": 12},
    }
    resp = await client.patch("/api/v1/me", json={"tz": "Europe/Berlin", "units": "us"}, headers=auth(key))
    assert resp.status == 200
    assert (await resp.json())["tz"] == "Europe/Berlin"
    resp = await client.patch("/api/v1/me", json={"goals": {"steps": 8000}}, headers=auth(key))
    me = await (await client.get("/api/v1/me", headers=auth(key))).json()
    assert me["tz"] == "Europe/Berlin" and me["units"] == "us"
    assert me["goals"] == {"steps": 8000, "active_energy": 500, "exercise": 30, "stand": 12}


@pytest.mark.parametrize(
    "change, field",
    [
        ({"tz": "Mars/Olympus"}, "tz"),
        ({"tz": 5}, "tz"),
        ({"units": "imperial"}, "units"),
        ({"goals": {"steps": -1}}, "goals.steps"),
        ({"goals": {"sleep": 8}}, "goals.sleep"),
        ({"goals": [1]}, "goals"),
        ({"email": "x@example.org"}, "email"),
        ({"colour": "red"}, "colour"),
    ],
)
async def test_a_bad_setting_is_a_400_naming_the_field(client, new_key, change, field):
    _, key = await new_key()
    resp = await client.patch("/api/v1/me", json=change, headers=auth(key))
    out = await resp.json()
    assert resp.status == 400 and out["error"] == "invalid_parameter" and out["parameter"] == field, out
    assert (await (await client.get("/api/v1/me", headers=auth(key))).json())["tz"] == "UTC"


async def test_a_body_that_is_not_json(client, new_key):
    _, key = await new_key()
    resp = await client.patch("/api/v1/me", data=b"{tz", headers=auth(key))
    assert resp.status == 400 and (await resp.json())["error"] == "invalid_json"


async def test_each_user_sees_only_their_own_settings(client, new_key, conn):
    uid_a, key_a = await new_key("a@example.org")
    uid_b, _ = await new_key("b@example.org")
    await client.patch("/api/v1/me", json={"tz": "Asia/Tokyo"}, headers=auth(key_a))
    assert (await settings.get_settings(conn, uid_a)).tz == "Asia/Tokyo"
    assert (await settings.get_settings(conn, uid_b)).tz == "UTC"


def test_change_rules_directly():
    assert rules.change({"tz": "America/Denver", "goals": {"stand": 10}}) == {
        "tz": "America/Denver",
        "goals": {"stand": 10},
    }
    with pytest.raises(InvalidParameter):
        rules.change({"goals": {"steps": True}})


def test_user_set_command(cfg):
    assert run(cfg, "user", "add", "lee@example.org").returncode == 0
    out = run(cfg, "user", "set", "lee@example.org", "--tz", "Europe/Berlin", "--units", "us")
    assert out.returncode == 0 and "Europe/Berlin" in out.stdout and "us" in out.stdout
    bad = run(cfg, "user", "set", "lee@example.org", "--tz", "Berlin")
    assert bad.returncode == 2 and "tz" in bad.stderr
    assert run(cfg, "user", "set", "nobody@example.org", "--tz", "UTC").returncode == 2
