-- Clinical records of an Apple Health export (issue 18): each `ClinicalRecord` element of export.xml with the FHIR
-- resource its `resourceFilePath` names (clinical-records/<ResourceType>-<id>.json), kept whole in `resource`.
-- A record is one resource of one provider: its key is the provider's FHIR endpoint (`sourceURL`), the resource
-- type and the record's `identifier`, so a new export of the same records adds nothing and an amended resource
-- replaces the stored one. `ts` is when the record reached the phone (`receivedDate`; for a resource file no
-- element names, the export's date): the rows are dated by it, as every other table's are by a time after 1970.
-- `record_ts` is the clinical date read from the resource (effective, issued, recorded, onset, performed ...),
-- which may be decades older, else `ts`: lists are in its order.
CREATE TABLE clinical_records (
    user_id       bigint NOT NULL,
    source_url    text NOT NULL,
    resource_type text NOT NULL,
    identifier    text NOT NULL,
    type          text,
    source_name   text,
    fhir_version  text,
    ts            timestamptz NOT NULL,
    utc_offset    smallint NOT NULL,
    record_ts     timestamptz NOT NULL,
    file_path     text,
    resource      jsonb,
    extra         jsonb,
    ingestion_id  bigint,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (user_id, source_url, resource_type, identifier)
);
CREATE INDEX clinical_records_ts_idx ON clinical_records (user_id, record_ts, identifier);
