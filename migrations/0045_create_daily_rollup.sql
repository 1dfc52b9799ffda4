-- The daily rollup the long reads use (docs/scaling.md "Reads over ten years"): per user, metric, local day,
-- source, unit and origin, the statistics the bucket statements compute from the samples, so a year of days or
-- ten years of months groups a few thousand rows instead of millions. Merging sources and converting units
-- stay read-time rules (healthsink/read/), applied to these rows exactly as to the samples' own grain rows.
-- Every table leads with user_id (distributable by it) and nothing here calls now() in ON CONFLICT DO UPDATE.

-- The zone a user's days were rolled up in. No row, or another zone than users.tz: not built yet (the
-- refresher builds it, store/rollup.py) and reads take the samples.
CREATE TABLE rollup_zones (
    user_id  bigint PRIMARY KEY,
    tz       text NOT NULL,
    built_at timestamptz NOT NULL
);

-- kind: 'quantity' (qty) or 'heart_rate' (n and total over hr_avg, lo the smallest hr_min, hi the largest hr_max).
CREATE TABLE daily_rollup (
    user_id  bigint NOT NULL,
    metric   text NOT NULL,
    kind     text NOT NULL,
    day      date NOT NULL,
    source   text NOT NULL,
    units    text NOT NULL,
    origin   text NOT NULL,
    rows     bigint NOT NULL,      -- samples, with or without a value (the catalog's count)
    n        bigint NOT NULL,      -- values
    total    double precision NOT NULL,
    lo       double precision,
    hi       double precision,
    first_ts timestamptz NOT NULL,
    last_ts  timestamptz NOT NULL,
    PRIMARY KEY (user_id, metric, kind, day, source, units, origin)
);

-- Days whose samples changed since they were rolled up, one row per flush that changed them (append only: a
-- flush never waits on the refresher). utc_day is the UTC date of the samples, so a mark does not depend on
-- the zone the rollup is in; a read maps it to the (at most two) local days it overlaps and reads those days
-- from the samples until the refresher has rolled them up again and removed the marks.
CREATE TABLE rollup_marks (
    user_id   bigint NOT NULL,
    metric    text NOT NULL,
    kind      text NOT NULL,
    utc_day   date NOT NULL,
    marked_at timestamptz NOT NULL DEFAULT statement_timestamp()
);
CREATE INDEX rollup_marks_key ON rollup_marks (user_id, metric, kind, utc_day);

-- The catalog (GET /api/v1/metrics) per metric, source and unit: samples, first and last instant; the sum of
-- the metric's daily_rollup rows, kept with them.
CREATE TABLE metric_summary (
    user_id  bigint NOT NULL,
    metric   text NOT NULL,
    kind     text NOT NULL,
    source   text NOT NULL,
    units    text NOT NULL,
    rows     bigint NOT NULL,
    first_ts timestamptz NOT NULL,
    last_ts  timestamptz NOT NULL,
    PRIMARY KEY (user_id, metric, kind, source, units)
);
