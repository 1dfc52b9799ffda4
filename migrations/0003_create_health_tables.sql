-- What the app sends, one table per family. Each row keeps the UTC instant (timestamptz) and the
-- offset the phone wrote (utc_offset, minutes), so a "local day" can be computed later; `extra` keeps
-- every field the parser does not know; ingestion_id names the body that last wrote the row;
-- created_at and updated_at say when the row first came and when its values last changed.
-- High-volume families are partitioned by month (partitions made on demand); natural keys lead with
-- user_id and include the source, so iPhone and Watch samples never collide.

CREATE TABLE quantity_samples (
    user_id      bigint NOT NULL,
    metric       text NOT NULL,
    source       text NOT NULL,
    ts           timestamptz NOT NULL,
    end_ts       timestamptz,
    utc_offset   smallint NOT NULL,
    units        text NOT NULL,
    qty          double precision,
    label        text,                -- glucose mealTime, insulin reason, handwashing value
    extra        jsonb,
    ingestion_id bigint,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, metric, source, ts)
) PARTITION BY RANGE (ts);

CREATE TABLE heart_rate_samples (
    user_id      bigint NOT NULL,
    metric       text NOT NULL,
    source       text NOT NULL,
    ts           timestamptz NOT NULL,
    end_ts       timestamptz,
    utc_offset   smallint NOT NULL,
    units        text NOT NULL,
    hr_min       double precision,
    hr_avg       double precision,
    hr_max       double precision,
    context      text,
    extra        jsonb,
    ingestion_id bigint,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, metric, source, ts)
) PARTITION BY RANGE (ts);

CREATE TABLE blood_pressure_samples (
    user_id      bigint NOT NULL,
    source       text NOT NULL,
    ts           timestamptz NOT NULL,
    utc_offset   smallint NOT NULL,
    units        text NOT NULL,
    systolic     double precision NOT NULL,
    diastolic    double precision NOT NULL,
    extra        jsonb,
    ingestion_id bigint,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, source, ts)
);

CREATE TABLE heartbeat_series (
    user_id         bigint NOT NULL,
    source          text NOT NULL,
    ts              timestamptz NOT NULL,    -- the HRV sample it belongs to
    utc_offset      smallint NOT NULL,
    beat_epochs     double precision[] NOT NULL,
    since_start     double precision[] NOT NULL,
    preceded_by_gap boolean[] NOT NULL,
    ingestion_id    bigint,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, source, ts)
);

-- Aggregated nights (all three generations). night_start is sleepStart, else the point's date.
CREATE TABLE sleep_nights (
    user_id       bigint NOT NULL,
    source        text NOT NULL,
    night_start   timestamptz NOT NULL,
    date_ts       timestamptz,
    utc_offset    smallint NOT NULL,
    units         text NOT NULL,
    total_sleep   double precision,
    asleep        double precision,
    core          double precision,
    deep          double precision,
    rem           double precision,
    awake         double precision,
    in_bed        double precision,
    sleep_start   timestamptz,
    sleep_end     timestamptz,
    in_bed_start  timestamptz,
    in_bed_end    timestamptz,
    sleep_source  text,
    in_bed_source text,
    extra         jsonb,
    ingestion_id  bigint,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, source, night_start)
);

CREATE TABLE sleep_segments (
    user_id      bigint NOT NULL,
    source       text NOT NULL,
    stage        text NOT NULL,
    start_ts     timestamptz NOT NULL,
    end_ts       timestamptz,
    utc_offset   smallint NOT NULL,
    units        text NOT NULL,
    qty          double precision,
    extra        jsonb,
    ingestion_id bigint,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, source, stage, start_ts)
) PARTITION BY RANGE (start_ts);

-- workout_key: the v2 `id`, or for v1 (no id) the name and start instant.
CREATE TABLE workouts (
    user_id      bigint NOT NULL,
    workout_key  text NOT NULL,
    version      smallint NOT NULL,
    name         text NOT NULL,
    start_ts     timestamptz NOT NULL,
    end_ts       timestamptz,
    utc_offset   smallint NOT NULL,
    duration_s   double precision,
    location     text,
    is_indoor    boolean,
    summary      jsonb NOT NULL DEFAULT '{}',  -- every {qty, units} field, by its key
    metadata     jsonb,
    extra        jsonb,
    ingestion_id bigint,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, workout_key)
);

-- Per-interval series of a workout (activeEnergy, stepCount, heartRateData, heartRateRecovery, ...).
CREATE TABLE workout_series (
    user_id      bigint NOT NULL,
    workout_key  text NOT NULL,
    series       text NOT NULL,
    source       text NOT NULL,
    ts           timestamptz NOT NULL,
    utc_offset   smallint NOT NULL,
    units        text,
    qty          double precision,
    qty_min      double precision,
    qty_max      double precision,
    extra        jsonb,
    ingestion_id bigint,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, workout_key, series, source, ts)
) PARTITION BY RANGE (ts);

CREATE TABLE workout_route_points (
    user_id             bigint NOT NULL,
    workout_key         text NOT NULL,
    ts                  timestamptz NOT NULL,
    utc_offset          smallint NOT NULL,
    latitude            double precision NOT NULL,
    longitude           double precision NOT NULL,
    altitude            double precision,
    course              double precision,
    course_accuracy     double precision,
    horizontal_accuracy double precision,
    vertical_accuracy   double precision,
    speed               double precision,
    speed_accuracy      double precision,
    extra               jsonb,
    ingestion_id        bigint,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, workout_key, ts)
) PARTITION BY RANGE (ts);

-- One row per recording; ~15,000 samples kept as two parallel arrays, not one row each.
CREATE TABLE ecg_recordings (
    user_id             bigint NOT NULL,
    source              text NOT NULL,
    start_ts            timestamptz NOT NULL,
    end_ts              timestamptz,
    utc_offset          smallint NOT NULL,
    classification      text,                 -- localised, kept as sent
    severity            text,
    average_heart_rate  double precision,
    sampling_frequency  double precision,
    measurement_count   integer,
    voltage_units       text,
    sample_epochs       double precision[] NOT NULL,
    voltages            double precision[] NOT NULL,
    extra               jsonb,
    ingestion_id        bigint,
    created_at          timestamptz NOT NULL DEFAULT now(),
    updated_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, source, start_ts)
);

CREATE TABLE symptoms (
    user_id      bigint NOT NULL,
    name         text NOT NULL,
    start_ts     timestamptz NOT NULL,
    end_ts       timestamptz,
    utc_offset   smallint NOT NULL,
    severity     text,
    user_entered boolean,
    source       text,
    extra        jsonb,
    ingestion_id bigint,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, name, start_ts)
);

CREATE TABLE state_of_mind (
    user_id                bigint NOT NULL,
    id                     text NOT NULL,
    start_ts               timestamptz NOT NULL,
    end_ts                 timestamptz,
    utc_offset             smallint NOT NULL,
    kind                   text,
    labels                 text[],
    associations           text[],
    valence                double precision,
    valence_classification text,
    metadata               jsonb,
    extra                  jsonb,
    ingestion_id           bigint,
    created_at             timestamptz NOT NULL DEFAULT now(),
    updated_at             timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, id)
);

-- ts is scheduledDate when there is one, else start.
CREATE TABLE medications (
    user_id      bigint NOT NULL,
    name         text NOT NULL,
    ts           timestamptz NOT NULL,
    utc_offset   smallint NOT NULL,
    start_ts     timestamptz,
    end_ts       timestamptz,
    scheduled_ts timestamptz,
    nickname     text,
    status       text,
    form         text,
    is_archived  boolean,
    dosage       double precision,
    codings      jsonb,
    extra        jsonb,
    ingestion_id bigint,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, name, ts)
);

CREATE TABLE cycle_events (
    user_id        bigint NOT NULL,
    name           text NOT NULL,
    start_ts       timestamptz NOT NULL,
    end_ts         timestamptz,
    utc_offset     smallint NOT NULL,
    value          text,
    is_cycle_start boolean NOT NULL DEFAULT false,
    extra          jsonb,
    ingestion_id   bigint,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, name, start_ts)
);

CREATE TABLE heart_rate_notifications (
    user_id      bigint NOT NULL,
    kind         text NOT NULL,
    start_ts     timestamptz NOT NULL,
    end_ts       timestamptz,
    utc_offset   smallint NOT NULL,
    threshold    double precision,
    source       text,
    source_id    text,
    heart_rate   jsonb,     -- [{date, end, bpm, units}], epoch or date strings normalised to ISO
    hrv          jsonb,
    extra        jsonb,
    ingestion_id bigint,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, kind, start_ts)
);
