-- merge/clinical_records: staging_clinical_records -> clinical_records, in the flush transaction after the COPY.
-- The key is (user_id, source_url, resource_type, identifier): one FHIR resource of one provider. The same
-- record again with the same values is left alone (a duplicate, so a re-import adds nothing); with other values
-- (the provider amended the resource, a newer export) it is updated, never by an older import than the one that
-- wrote it. Returns (ingestion_id, inserted) for each row inserted or updated (store/flush.py counts them).
WITH src AS (
    SELECT DISTINCT ON (user_id, source_url, resource_type, identifier)
        user_id, source_url, resource_type, identifier, type, source_name, fhir_version, ts, utc_offset,
        record_ts, file_path, resource, extra, ingestion_id
    FROM staging_clinical_records
    ORDER BY user_id, source_url, resource_type, identifier, seq DESC
)
INSERT INTO clinical_records AS t (
    user_id, source_url, resource_type, identifier, type, source_name, fhir_version, ts, utc_offset,
    record_ts, file_path, resource, extra, ingestion_id
)
SELECT user_id, source_url, resource_type, identifier, type, source_name, fhir_version, ts, utc_offset,
       record_ts, file_path, resource, extra, ingestion_id
FROM src
ON CONFLICT (user_id, source_url, resource_type, identifier) DO UPDATE SET
    type = EXCLUDED.type,
    source_name = EXCLUDED.source_name,
    fhir_version = EXCLUDED.fhir_version,
    ts = EXCLUDED.ts,
    utc_offset = EXCLUDED.utc_offset,
    record_ts = EXCLUDED.record_ts,
    file_path = EXCLUDED.file_path,
    resource = EXCLUDED.resource,
    extra = EXCLUDED.extra,
    ingestion_id = EXCLUDED.ingestion_id,
    updated_at = EXCLUDED.updated_at  -- its default, now(): Citus refuses now() here
WHERE (t.ingestion_id IS NULL OR t.ingestion_id <= EXCLUDED.ingestion_id)
    AND (t.type, t.source_name, t.fhir_version, t.ts, t.utc_offset, t.record_ts, t.file_path, t.resource,
         t.extra)
    IS DISTINCT FROM (EXCLUDED.type, EXCLUDED.source_name, EXCLUDED.fhir_version, EXCLUDED.ts,
         EXCLUDED.utc_offset, EXCLUDED.record_ts, EXCLUDED.file_path, EXCLUDED.resource, EXCLUDED.extra)
-- an inserted row has created_at = updated_at (both defaults of this statement); an updated row has the
-- newer updated_at (now() here would be a Citus worker's)
RETURNING ingestion_id, created_at = updated_at AS inserted
