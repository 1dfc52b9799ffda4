-- Back to one row per (metric, source, start): of samples that differ only in their end, the newest stays.
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['quantity_samples', 'heart_rate_samples'] LOOP
        EXECUTE format($q$
            DELETE FROM %1$I s
            USING (
                SELECT user_id, metric, source, ts, end_ts,
                       row_number() OVER (PARTITION BY user_id, metric, source, ts
                                          ORDER BY updated_at DESC, ingestion_id DESC NULLS LAST, end_ts DESC) AS rn
                FROM %1$I
            ) d
            WHERE d.rn > 1
              AND (s.user_id, s.metric, s.source, s.ts, s.end_ts) = (d.user_id, d.metric, d.source, d.ts, d.end_ts)
        $q$, t);
        EXECUTE format('ALTER TABLE %I DROP CONSTRAINT %I', t, t || '_pkey');
        EXECUTE format('ALTER TABLE %I ADD PRIMARY KEY (user_id, metric, source, ts)', t);
        EXECUTE format('ALTER TABLE %I ALTER COLUMN end_ts DROP NOT NULL', t);
        EXECUTE format('UPDATE %I SET end_ts = NULL WHERE end_ts = ts', t);
    END LOOP;
END;
$$;
