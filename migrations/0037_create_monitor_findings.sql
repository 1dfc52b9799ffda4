-- What the data-quality monitor found (healthsink/monitor/): one row per finding while it lasts. A finding is
-- open until a check no longer finds it (resolved_at); the same problem found again later is a new row, and a
-- new row is what gets an alert (alerted_at), so each finding is sent once, not every interval.
CREATE TABLE monitor_findings (
    user_id     bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    id          bigint GENERATED ALWAYS AS IDENTITY,
    kind        text NOT NULL CHECK (kind IN ('stale_user', 'stale_automation', 'out_of_range', 'gap')),
    subject     text NOT NULL,                 -- '' (the user), an automation's name, a metric
    detail      jsonb NOT NULL DEFAULT '{}',   -- what was seen, refreshed by every check that finds it
    first_seen  timestamptz NOT NULL DEFAULT now(),
    last_seen   timestamptz NOT NULL DEFAULT now(),
    resolved_at timestamptz,
    alerted_at  timestamptz,
    PRIMARY KEY (user_id, id)
);
CREATE UNIQUE INDEX monitor_findings_open_key ON monitor_findings (user_id, kind, subject) WHERE resolved_at IS NULL;
