"""Dashboard log-in: server-side sessions from a pasted key, cookie flags, CSRF and Origin, revocation,
and key scopes (ingest | read | all) on the API."""

from __future__ import annotations

import asyncio
import hashlib
import re

import asyncpg
import pytest

from healthsink.store import accounts
from tests.browser.harness import make_key
from tests.helpers import auth, body, metric, tsql

POINT = {"date": "2026-03-30 08:00:00 +0000", "qty": 100, "source": "iPhone"}


@pytest.fixture
def scoped_key(db_url):
    async def make(scope: str, email: str = "alice@example.org") -> str:
        return await make_key(db_url, scope, email)

    return make


def origin(client) -> str:
    return str(client.make_url("/")).rstrip("/")


async def login_form(client, path: str = "/login") -> str:
    r = await client.get(path)
    assert r.status == 200
    text = await r.text()
    return re.search(r'name="csrf" value="([^"]+)"', text).group(1)


async def log_in(client, key: str, **extra) -> object:
    csrf = await login_form(client)
    return await client.post(
        "/login",
        data={"key": key, "csrf": csrf, "next": "/trends"},
        headers={"Origin": origin(client)},
        allow_redirects=False,
        **extra,
    )


async def test_login_sets_a_strict_http_only_cookie_and_stores_only_the_tokens_digest(client, scoped_key, conn):
    key = await scoped_key("read")
    r = await log_in(client, key)
    assert r.status == 303 and r.headers["Location"] == "/trends"
    cookie = next(c for c in r.headers.getall("Set-Cookie") if c.startswith("healthsink_session="))
    token = cookie.split(";")[0].split("=", 1)[1]
    flags = {p.strip().lower() for p in cookie.split(";")[1:]}
    assert {"httponly", "samesite=strict", "path=/"} <= flags and "secure" not in flags
    assert key not in cookie and len(token) >= 40
    stored = await conn.fetch(tsql("session_digests"))
    assert [bytes(r[0]) for r in stored] == [hashlib.sha256(token.encode()).digest()]
    page = await client.get("/trends", allow_redirects=False)
    assert page.status == 200 and "text/html" in page.headers["Content-Type"]
    csp = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    api = await client.get("/api/v1/metrics")
    assert api.status == 200 and api.headers["Cache-Control"] == "no-store"


async def test_pages_without_a_session_redirect_to_login(client):
    r = await client.get("/sleep?x=1", allow_redirects=False)
    assert r.status == 303 and r.headers["Location"] == "/login?next=%2Fsleep%3Fx%3D1"
    assert (await client.get("/api/v1/metrics")).status == 401


async def test_https_cookie_gets_secure_and_the_host_prefix(make_client, cfg, scoped_key):
    client = await make_client(cfg.replace(dashboard={"cookie_secure": "true"}))
    key = await scoped_key("all")
    r = await client.get("/login")
    assert any(c.startswith("__Host-healthsink_login_csrf=") and "Secure" in c for c in r.headers.getall("Set-Cookie"))
    csrf = re.search(r'name="csrf" value="([^"]+)"', await r.text()).group(1)
    # the test client speaks plain HTTP, so it keeps no Secure cookie: send the form's cookie by hand
    r = await client.post(
        "/login",
        data={"key": key, "csrf": csrf},
        headers={"Cookie": f"__Host-healthsink_login_csrf={csrf}"},
        allow_redirects=False,
    )
    assert r.status == 303
    cookie = next(c for c in r.headers.getall("Set-Cookie") if c.startswith("__Host-healthsink_session="))
    assert "Secure" in cookie and "Path=/" in cookie and "Domain" not in cookie


async def test_a_cross_site_or_tokenless_login_is_refused(client, scoped_key, conn):
    key = await scoped_key("read")
    csrf = await login_form(client)
    r = await client.post(
        "/login", data={"key": key, "csrf": csrf}, headers={"Origin": "https://evil.example"}, allow_redirects=False
    )
    assert r.status == 403
    r = await client.post(
        "/login", data={"key": key, "csrf": csrf}, headers={"Sec-Fetch-Site": "cross-site"}, allow_redirects=False
    )
    assert r.status == 403
    r = await client.post("/login", data={"key": key, "csrf": "forged"}, allow_redirects=False)
    assert r.status == 403
    assert await conn.fetch(tsql("session_digests")) == []


async def test_wrong_and_ingest_only_keys_cannot_log_in(client, scoped_key, conn):
    r = await log_in(client, "hsk_not-a-key")
    assert r.status == 401 and "not valid" in await r.text()
    r = await log_in(client, await scoped_key("ingest"))
    assert r.status == 403 and "--scope read" in await r.text()
    assert not any(c.startswith("healthsink_session=") for c in r.headers.getall("Set-Cookie", []))
    assert await conn.fetch(tsql("session_digests")) == []


async def test_next_never_leaves_the_site(client, scoped_key):
    csrf = await login_form(client)
    r = await client.post(
        "/login",
        data={"key": await scoped_key("read"), "csrf": csrf, "next": "//evil.example/x"},
        allow_redirects=False,
    )
    assert r.status == 303 and r.headers["Location"] == "/"


async def test_the_cookie_never_counts_on_ingest(client, scoped_key):
    await log_in(client, await scoped_key("all"))
    r = await client.post(
        "/api/v1/ingest",
        data=body(metrics=[metric("step_count", "count", POINT)]),
        headers={"Content-Type": "application/json", "Origin": origin(client)},
    )
    assert r.status == 401


async def test_revoking_the_key_ends_its_sessions(make_client, cfg, scoped_key, db_url):
    client = await make_client(cfg.replace(auth={"key_cache_s": 0.2}))
    key = await scoped_key("read")
    await log_in(client, key)
    assert (await client.get("/", allow_redirects=False)).status == 200
    c = await asyncpg.connect(db_url)
    await accounts.revoke_key(c, key)
    await c.close()
    await asyncio.sleep(0.3)
    r = await client.get("/", allow_redirects=False)
    assert r.status == 303 and r.headers["Location"].startswith("/login")
    assert (await client.get("/api/v1/metrics")).status == 401


async def test_logout_needs_the_csrf_token_and_ends_the_session(client, scoped_key):
    await log_in(client, await scoped_key("read"))
    info = await (await client.get("/dashboard/session")).json()
    r = await client.post("/logout", data={"csrf": "wrong"}, headers={"Origin": origin(client)}, allow_redirects=False)
    assert r.status == 403
    assert (await client.get("/", allow_redirects=False)).status == 200
    r = await client.post(
        "/logout", data={"csrf": info["csrf"]}, headers={"Origin": origin(client)}, allow_redirects=False
    )
    assert r.status == 303 and r.headers["Location"] == "/login"
    assert (await client.get("/", allow_redirects=False)).status == 303


async def test_settings_change_with_the_cookie_needs_same_origin_and_csrf(client, scoped_key):
    await log_in(client, await scoped_key("read"))
    csrf = (await (await client.get("/dashboard/session")).json())["csrf"]
    change = {"goals": {"steps": 12000}}
    r = await client.patch("/api/v1/me", json=change, headers={"Origin": "https://evil.example", "X-CSRF-Token": csrf})
    assert r.status == 403
    r = await client.patch("/api/v1/me", json=change, headers={"Origin": origin(client)})
    assert r.status == 403
    r = await client.patch("/api/v1/me", json=change, headers={"Origin": origin(client), "X-CSRF-Token": csrf})
    assert r.status == 200 and (await r.json())["goals"]["steps"] == 12000


@pytest.mark.parametrize(
    "scope, ingest_status, read_status", [("ingest", 200, 403), ("read", 403, 200), ("all", 200, 200)]
)
async def test_key_scopes(client, scoped_key, scope, ingest_status, read_status):
    key = await scoped_key(scope)
    r = await client.post(
        "/api/v1/ingest",
        data=body(metrics=[metric("step_count", "count", POINT)]),
        headers={**auth(key), "Content-Type": "application/json"},
    )
    assert r.status == ingest_status
    r = await client.get("/api/v1/metrics", headers=auth(key))
    assert r.status == read_status
    if read_status == 403:
        assert (await r.json())["error"] == "forbidden"


async def test_keys_made_before_scopes_may_do_everything(new_key, conn):
    user_id, _ = await new_key()
    assert await conn.fetchval(tsql("key_scope"), user_id) == "all"
    default = await conn.fetchval(tsql("key_scope_default"))
    assert default.startswith("'all'")


async def test_key_create_takes_a_scope_and_list_shows_it(cfg, client):
    from tests.test_cli import run

    assert run(cfg, "user", "add", "ida@example.org").returncode == 0
    created = run(cfg, "key", "create", "ida@example.org", "--name", "iphone", "--scope", "ingest")
    key = created.stdout.strip().splitlines()[-1]
    listed = run(cfg, "key", "list", "ida@example.org").stdout
    assert "\tingest\tlive" in listed
    assert run(cfg, "key", "create", "ida@example.org", "--scope", "write").returncode != 0
    assert (await client.get("/api/v1/metrics", headers=auth(key))).status == 403


async def test_a_stale_cookie_does_not_break_public_routes(client):
    client.session.cookie_jar.update_cookies({"healthsink_session": "stale-token"})
    assert (await client.get("/health")).status == 200
    assert (await client.get("/api/v1/openapi.json")).status == 200
    r = await client.get("/api/v1/metrics")
    assert r.status == 401 and "log in again" in (await r.json())["message"]
