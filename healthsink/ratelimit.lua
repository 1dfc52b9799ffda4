-- GCRA in one atomic step (see ratelimit.py). KEYS[1]: the counter; ARGV: period_ms, limit, cost,
-- charge (0: answer without counting), floor_ms (the TAT this process last knew, as ms from now: a Redis
-- that restarted empty, or a process that counted alone while Redis was away, carries the count over).
-- Time comes from Redis itself, so hosts with skewed clocks still share one count.
-- Returns {allowed (0/1), remaining, reset_ms, retry_after_ms}.
local period = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local charge = tonumber(ARGV[4])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = period / limit
local floor = tonumber(ARGV[5] or '0')
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now + floor then tat = now + floor end
local new_tat = tat + cost * interval
local allow_at = new_tat - period
if now < allow_at then
  local remaining = math.max(0, math.floor((period - (tat - now)) / interval))
  return {0, remaining, math.ceil(tat - now), math.ceil(allow_at - now)}
end
if charge == 1 then
  redis.call('SET', KEYS[1], tostring(new_tat), 'PX', math.max(1, math.ceil(new_tat - now)))
end
local remaining = math.max(0, math.floor((period - (new_tat - now)) / interval))
return {1, remaining, math.ceil(new_tat - now), 0}
