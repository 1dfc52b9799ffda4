"""The read side's domain rules, shared by the JSON API, the exports and the dashboard: user settings,
local days and buckets, merging sources, sleep nights, unit conversion on the way out. Pure Python plus calls
into `healthsink.store`; no aiohttp here."""
