"""Issue 12.1: a stranger's failed authentications never lock out a valid key."""

from tests.helpers import auth


async def test_valid_key_gets_through_after_many_failures_from_its_address(make_client, cfg, new_key):
    client = await make_client(cfg.replace(rate_limit={"failed_auth_per_hour": 3}))
    _, key = await new_key()
    statuses = [(await client.get("/api/v1/ingestions", headers=auth(f"hsk_guess{i}"))).status for i in range(10)]
    assert statuses[:3] == [401] * 3 and set(statuses[3:]) == {429}
    for _ in range(3):  # the household's phones behind the same address still sync
        assert (await client.get("/api/v1/ingestions", headers=auth(key))).status == 200
    # no key at all counts as a stranger's failure too
    resp = await client.get("/api/v1/ingestions")
    assert resp.status == 429 and "Retry-After" in resp.headers


async def test_wrong_secrets_of_a_known_key_are_limited_per_prefix(make_client, cfg, new_key):
    client = await make_client(cfg.replace(rate_limit={"failed_auth_per_hour": 3}))
    _, key = await new_key()
    _, other = await new_key("bob@example.org")
    wrong = [key[:8] + f"wrong{i}" for i in range(5)]
    statuses = [(await client.get("/api/v1/ingestions", headers=auth(w))).status for w in wrong]
    assert statuses == [401, 401, 401, 429, 429]
    resp = await client.get("/api/v1/ingestions", headers=auth(wrong[0]))
    assert (await resp.json())["message"] == "too many failed authentications for this key"
    # the right secret for that prefix passes, and the address itself is not blocked
    assert (await client.get("/api/v1/ingestions", headers=auth(key))).status == 200
    assert (await client.get("/api/v1/ingestions", headers=auth("hsk_stranger"))).status == 401
    # guesses at one key's prefix do not count against another key
    assert (await client.get("/api/v1/ingestions", headers=auth(other[:8] + "x"))).status == 401
