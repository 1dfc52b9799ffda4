-- $1 user id, $2 start or NULL, $3 end or NULL (exclusive). Read through a server-side
-- cursor and streamed, so an export of any size runs in constant memory.
SELECT record_ts, identifier, resource_type, type, source_name, source_url, fhir_version, ts, utc_offset,
       file_path, resource, extra
FROM clinical_records
WHERE user_id = $1
  AND record_ts >= coalesce($2::timestamptz, '-infinity')
  AND record_ts < coalesce($3::timestamptz, 'infinity')
ORDER BY record_ts, identifier
