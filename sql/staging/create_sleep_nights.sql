-- Staging for sleep_nights (see store/staging.py): made on every pooled connection as it opens.
-- The merge consumes the rows (DELETE ... RETURNING). `seq` keeps arrival order: when one batch holds a key twice, the later one wins.
CREATE TEMP TABLE staging_sleep_nights (
    seq bigint GENERATED ALWAYS AS IDENTITY,
    user_id bigint, source text, night_start timestamptz, date_ts timestamptz, utc_offset smallint,
    units text, total_sleep double precision, asleep double precision, core double precision,
    deep double precision, rem double precision, awake double precision, in_bed double precision,
    sleep_start timestamptz, sleep_end timestamptz, in_bed_start timestamptz, in_bed_end timestamptz,
    sleep_source text, in_bed_source text, extra jsonb, ingestion_id bigint
)
