"""A logged-in browser tab on a real healthsink app with seeded data, recording console errors and every
request not addressed to 127.0.0.1 (those are blocked)."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

import asyncpg
import orjson

from healthsink import secrets
from healthsink.errors import NotFound
from healthsink.store import accounts
from tests.browser import seed

EMAIL = "dana@example.org"


async def make_key(db_url: str, scope: str, email: str = EMAIL) -> str:
    c = await asyncpg.connect(db_url)
    try:
        try:
            uid = (await accounts.get_user(c, email))["id"]
        except NotFound:
            uid = await accounts.add_user(c, email)
        key = secrets.new_key()
        await accounts.store_key(c, uid, key, scope, None, scope)
        return key
    finally:
        await c.close()


async def seed_data(client, db_url: str) -> str:
    """Posts the seed through the ingest endpoint with a phone's key; returns a read key."""
    phone = await make_key(db_url, "ingest")
    r = await client.post(
        "/api/v1/ingest",
        data=orjson.dumps(seed.body()),
        headers={
            "Authorization": f"Bearer {phone}",
            "Content-Type": "application/json",
            "automation-name": "Health Metrics",
            "automation-period": "Since Last Sync",
        },
    )
    assert r.status == 200, await r.text()
    result = await r.json()
    assert result["success"], result["errors"][:3]
    return await make_key(db_url, "read")


@dataclass
class Tab:
    page: object
    base: str
    errors: list = field(default_factory=list)
    blocked: list = field(default_factory=list)

    async def open(self, path: str) -> None:
        await self.page.goto(self.base + path)
        await self.ready()

    async def ready(self) -> None:
        try:
            await self.page.wait_for_selector("body[data-ready='1']", timeout=20000)
        except Exception as exc:  # say what the page said, not only that it timed out
            raise AssertionError(f"{self.page.url} never got ready: {self.errors}") from exc

    async def states(self) -> dict:
        return await self.page.eval_on_selector_all(
            "[data-state]", "els => Object.fromEntries(els.map(e => [e.id, e.dataset.state]))"
        )


async def new_tab(browser, base: str, **context) -> Tab:
    opts = {"timezone_id": "Europe/Berlin", "locale": "en-GB", "viewport": {"width": 1280, "height": 900}}
    ctx = await browser.new_context(**{**opts, **context})
    page = await ctx.new_page()
    tab = Tab(page, base.rstrip("/"))

    async def guard(route):
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            await route.continue_()
        else:
            tab.blocked.append(route.request.url)
            await route.abort()

    await page.route("**/*", guard)
    page.on("console", lambda m: tab.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: tab.errors.append(str(e)))
    return tab


async def log_in(tab: Tab, key: str, then: str = "/") -> None:
    await tab.page.goto(tab.base + "/login?next=" + then)
    await tab.page.fill("#key", key)
    await tab.page.press("#key", "Enter")
    await tab.ready()


async def revoke(db_url: str, key: str) -> None:
    c = await asyncpg.connect(db_url)
    try:
        await accounts.revoke_key(c, key)
    finally:
        await c.close()
