-- One row per import of a file (an Apple Health export.zip / export.xml, or Health Auto Export's own files):
-- what it was (digest, size, the export's date), how far it got while it runs (bytes and records done),
-- and what it did (counts per family, errors, warnings, duration). Ids are drawn from the archive's
-- sequence, because an import's id is the ingestion_id of the rows it writes: the two never collide.
CREATE TABLE imports (
    user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    id           bigint NOT NULL DEFAULT nextval('raw_ingestions_id_seq'),
    kind         text NOT NULL CHECK (kind IN ('apple_export', 'hae_files')),
    file_name    text NOT NULL,
    status       text NOT NULL CHECK (status IN ('queued', 'running', 'done', 'failed')),
    digest       bytea,                     -- sha256 of the file (a folder: of its files in name order)
    size_bytes   bigint,
    export_date  timestamptz,               -- HealthData/ExportDate
    bytes_done   bigint NOT NULL DEFAULT 0,
    records_done bigint NOT NULL DEFAULT 0,
    result       jsonb,                     -- counts per family, errors, warnings (as an ingestion's result)
    error        text,                      -- why a failed import stopped: one line, file and line named
    created_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz,
    duration_s   double precision,
    PRIMARY KEY (user_id, id)
);
CREATE INDEX imports_id_idx ON imports (id);
CREATE INDEX imports_digest_idx ON imports (user_id, digest);
