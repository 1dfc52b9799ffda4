-- One identity per source (issue 13). healthsink_source_key_v1(raw) is healthsink/ingest/names.py's
-- source_key in SQL: NFC; typographic quotes folded to ' and "; tab, newline and the no-break and other wide
-- spaces iOS writes to a space; zero-width spaces and byte order marks dropped; runs of spaces made one;
-- trimmed; pipe-joined names (aggregated buckets) as a set, sorted by code point (COLLATE "C": UTF-8 byte order
-- is code point order, as Python sorts). tests/test_sources.py checks that the two agree.
CREATE FUNCTION healthsink_source_key_v1(raw text)
RETURNS text
LANGUAGE sql
IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT CASE
        WHEN strpos(s, '|') = 0 THEN btrim(s, ' ')
        ELSE coalesce((SELECT string_agg(p, '|' ORDER BY p)
                       FROM (SELECT DISTINCT btrim(x, ' ') COLLATE "C" AS p
                             FROM unnest(string_to_array(s, '|')) AS x) AS parts
                       WHERE p <> ''), '')
    END
    FROM (SELECT regexp_replace(
                     translate(normalize(raw, NFC),
                               U&'\2018\2019\201A\201B\2032\201C\201D\201E\201F\2033'
                               || U&'\0009\000A\000D\00A0\2002\2003\2007\2009\200A\202F\3000\200B\FEFF',
                               repeat('''', 5) || repeat('"', 5) || repeat(' ', 11)),
                     ' {2,}', ' ', 'g') AS s) AS folded
$$;

-- Rows already stored get the same identity. Where that makes two rows of one table share a key, the one
-- written last (updated_at, then the later body) stays and the other goes. The source as it was is kept in
-- extra.source_raw (heartbeat_series has no extra: its source is replaced).
CREATE FUNCTION pg_temp.normalise_sources(tbl text, key_cols text[], has_extra boolean)
RETURNS void
LANGUAGE plpgsql
AS $$
DECLARE
    cols text;
    same_row text;
BEGIN
    IF key_cols IS NOT NULL THEN
        SELECT string_agg(format('%I', c), ', '), string_agg(format('t.%1$I = d.%1$I', c), ' AND ')
        INTO cols, same_row
        FROM unnest(key_cols) AS c;
        EXECUTE format($q$
            DELETE FROM %1$I t
            USING (
                SELECT %2$s, source,
                       row_number() OVER (
                           PARTITION BY %2$s, healthsink_source_key_v1(source)
                           ORDER BY updated_at DESC, ingestion_id DESC NULLS LAST,
                                    source = healthsink_source_key_v1(source) DESC) AS rn
                FROM %1$I
                WHERE (%2$s, healthsink_source_key_v1(source)) IN (
                    SELECT %2$s, healthsink_source_key_v1(source) FROM %1$I
                    WHERE source <> healthsink_source_key_v1(source))
            ) d
            WHERE d.rn > 1 AND t.source = d.source AND %3$s
        $q$, tbl, cols, same_row);
    END IF;
    EXECUTE format($q$
        UPDATE %1$I SET source = healthsink_source_key_v1(source) %2$s
        WHERE source <> healthsink_source_key_v1(source)
    $q$, tbl, CASE WHEN has_extra
                   THEN $e$, extra = coalesce(extra, '{}') || jsonb_build_object('source_raw', source)$e$
                   ELSE '' END);
END;
$$;

DO $$
BEGIN
    PERFORM pg_temp.normalise_sources('quantity_samples', ARRAY['user_id', 'metric', 'ts', 'end_ts'], true);
    PERFORM pg_temp.normalise_sources('heart_rate_samples', ARRAY['user_id', 'metric', 'ts', 'end_ts'], true);
    PERFORM pg_temp.normalise_sources('blood_pressure_samples', ARRAY['user_id', 'ts'], true);
    PERFORM pg_temp.normalise_sources('heartbeat_series', ARRAY['user_id', 'ts'], false);
    PERFORM pg_temp.normalise_sources('sleep_nights', ARRAY['user_id', 'night_start'], true);
    PERFORM pg_temp.normalise_sources('sleep_segments', ARRAY['user_id', 'stage', 'start_ts'], true);
    PERFORM pg_temp.normalise_sources('workout_series', ARRAY['user_id', 'workout_key', 'series', 'ts'], true);
    PERFORM pg_temp.normalise_sources('ecg_recordings', ARRAY['user_id', 'start_ts'], true);
    PERFORM pg_temp.normalise_sources('symptoms', NULL, true);
    PERFORM pg_temp.normalise_sources('heart_rate_notifications', NULL, true);
END;
$$;

DROP FUNCTION pg_temp.normalise_sources(text, text[], boolean);
