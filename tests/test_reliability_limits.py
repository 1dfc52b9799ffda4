"""Issue 12.9: a key's rate limit carries over when Redis goes away and when it comes back (empty)."""

import asyncio

from healthsink import ratelimit
from healthsink.web.appkeys import LIMITER
from tests.helpers import auth


async def test_the_count_carries_over_a_redis_outage_and_restart(make_client, cfg, new_key, own_redis, monkeypatch):
    monkeypatch.setattr(ratelimit, "REDIS_RETRY_S", 0.2)
    client = await make_client(cfg.replace(redis={"url": own_redis.url}, rate_limit={"requests_per_hour": 4}))
    _, key = await new_key()

    async def status() -> int:
        return (await client.get("/api/v1/ingestions", headers=auth(key))).status

    assert [await status(), await status()] == [200, 200]  # counted in Redis
    own_redis.stop()
    assert [await status(), await status(), await status()] == [200, 200, 429]  # in process, from 2, not 0
    own_redis.start()  # back, and empty (no persistence)
    await asyncio.sleep(0.3)
    assert await status() == 429  # the count went back with it
    assert not client.server.app[LIMITER].degraded  # and it was Redis that answered
