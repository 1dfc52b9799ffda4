-- $1 user id, $2 start or NULL, $3 end or NULL, $4/$5 cursor (record_ts, id) or NULL, $6 limit.
-- The fields the API answers with (no user_id, ingestion_id or row timestamps); the FHIR resource whole.
-- `id` is the row's key in one string ("<resource type>/<identifier>@<provider URL>"): two providers may use
-- one identifier on one date, and a cursor must name one row.
SELECT format('%s/%s@%s', resource_type, identifier, source_url) AS id, record_ts, identifier, resource_type, type, source_name, source_url, fhir_version, ts, utc_offset,
       file_path, resource, extra
FROM clinical_records
WHERE user_id = $1
  AND record_ts >= coalesce($2::timestamptz, '-infinity')
  AND record_ts < coalesce($3::timestamptz, 'infinity')
  AND ($4::timestamptz IS NULL
       OR (record_ts, format('%s/%s@%s', resource_type, identifier, source_url)) > ($4, $5::text))
ORDER BY record_ts, id
LIMIT $6
